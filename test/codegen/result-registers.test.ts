// Calls whose callee returns several values. After a call to a wasm function the JS tier
// reads again only the registers the callee's type returns values in (codegen/jit.ts
// unitFunctionsOf convention), and a return writes back only those: a wrong set leaves the
// caller adding stale or zeroed registers (checked: the test fails with a set of x0
// alone). Expected values by hand, and from Node's WebAssembly.
import { describe, expect, it } from 'vitest';
import { enginesFor } from './engines.js';
import { buildModule, i32, i64, f64, sleb } from '../api/wasm-builder.js';

const O = {
  call: 0x10, get: 0x20, set: 0x21, i32Const: 0x41, i64Const: 0x42, f64Const: 0x44,
  i32Add: 0x6a, i32Mul: 0x6c, i64Add: 0x7c, i32WrapI64: 0xa7, i32TruncF64S: 0xaa, i64ExtendI32U: 0xad,
};
const f64Bytes = (x: number) => [...new Uint8Array(new Float64Array([x]).buffer)];

// 0 four(p): (p + 1, i64 (p << 32) + 3, 2.5 * p as f64, p * 7), in x0, x1, f0, x2
// 1 sum(p): four(p), folded to an i32 as high word + low word + everything else
// 2 twice(p): sum(p) + sum(p + 1), keeping p in a local across both calls
const bytes = buildModule({
  types: [[[i32], [i32, i64, f64, i32]], [[i32], [i32]]],
  funcs: [
    {
      type: 0, body: [
        O.get, 0, O.i32Const, ...sleb(1), O.i32Add,
        O.get, 0, O.i64ExtendI32U, O.i64Const, ...sleb(32), 0x86 /* i64.shl */, O.i64Const, ...sleb(3), O.i64Add,
        O.get, 0, 0xb7 /* f64.convert_i32_s */, O.f64Const, ...f64Bytes(2.5), 0xa2 /* f64.mul */,
        O.get, 0, O.i32Const, ...sleb(7), O.i32Mul,
      ],
    },
    {
      type: 1, locals: [i32, i64, f64, i32], body: [
        O.get, 0, O.call, 0, O.set, 4, O.set, 3, O.set, 2, O.set, 1,
        O.get, 1,
        O.get, 2, O.i32WrapI64, O.i32Add,
        O.get, 2, O.i64Const, ...sleb(32), 0x88 /* i64.shr_u */, O.i32WrapI64, O.i32Add,
        O.get, 3, O.i32TruncF64S, O.i32Add,
        O.get, 4, O.i32Add,
      ],
    },
    { type: 1, body: [O.get, 0, O.call, 1, O.get, 0, O.i32Const, ...sleb(1), O.i32Add, O.call, 1, O.i32Add] },
  ],
  exports: [{ name: 'sum', kind: 'func', index: 1 }, { name: 'twice', kind: 'func', index: 2 }],
}).bytes;

/** sum(p) by hand: (p + 1) + 3 + p + trunc(2.5 p) + 7 p. */
const sumOf = (p: number) => (p + 1) + 3 + p + Math.trunc(2.5 * p) + 7 * p;

type Exports = { sum(p: number): number; twice(p: number): number };

describe.each(enginesFor<Exports>(bytes))('several results through calls, on %s', (_, instantiate) => {
  it('reads every result register after the call', () => {
    const ex = instantiate();
    expect(ex.sum(10)).toBe(sumOf(10));
    expect(ex.twice(10)).toBe(sumOf(10) + sumOf(11));
    // Again once V8 has seen the code run.
    for (let p = 0; p < 200; p++) expect(ex.twice(p)).toBe(sumOf(p) + sumOf(p + 1));
  });
});
