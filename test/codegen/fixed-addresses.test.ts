// Constant addresses below the memory's minimum size (C globals: malloc's state, nbody's
// bodies) compile to unchecked *_o32 accesses from the heap base register. The JS tier
// makes them through the heap view it keeps in a local (MV, checked against its length
// MVL) rather than looking the region up at each access. These stores and loads touch the
// last bytes of the first page in every width, then grow the memory (a host call, which
// replaces the view) and store again at a constant address: a view kept across the grow
// would lose that store. Expected values by hand, and from Node's WebAssembly.
import { describe, expect, it } from 'vitest';
import { generateUnit } from '../../codegen/unit.js';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { compileModule } from '../../src/compiler/compile.js';
import { enginesFor } from './engines.js';
import { buildModule, i32, sleb } from '../api/wasm-builder.js';

const O = {
  call: 0x10, drop: 0x1a, get: 0x20, memoryGrow: 0x40, i32Const: 0x41, i64Const: 0x42, f64Const: 0x44, i32Add: 0x6a,
  i32Load: 0x28, i64Load: 0x29, f64Load: 0x2b, i32Load8U: 0x2d, i32Load16U: 0x2f,
  i32Store: 0x36, i64Store: 0x37, f64Store: 0x39, i32Store8: 0x3a, i32Store16: 0x3b,
  i64ShrU: 0x88, f64Mul: 0xa2, i32WrapI64: 0xa7, i32TruncF64S: 0xaa,
};
const k = (n: number) => [O.i32Const, ...sleb(n)];
const f64 = (x: number) => [O.f64Const, ...new Uint8Array(new Float64Array([x]).buffer)];
/** A memory access at a constant address (offset 0 in the memarg). */
const at = (addr: number, op: number, align: number) => [...k(addr), ...[], op, align, 0];
const atStore = (addr: number, value: number[], op: number, align: number) => [...k(addr), ...value, op, align, 0];

// 0 grow(): memory.grow 1, dropped
// 1 fixed(p): stores at 65500..65535 in five widths, grow, store 77 at 16; the sum of a
//   checked load at p and constant-address loads of all of them
// 2 peek(addr): a checked load
const bytes = buildModule({
  types: [[[], []], [[i32], [i32]]],
  funcs: [
    { type: 0, body: [...k(1), O.memoryGrow, 0, O.drop] },
    {
      type: 1, name: 'fixed',
      body: [
        ...atStore(65532, k(0x11223344), O.i32Store, 2),
        ...atStore(65520, [O.i64Const, ...sleb(-2023406815)], O.i64Store, 3),
        ...atStore(65504, f64(2.5), O.f64Store, 3),
        ...atStore(65535, k(0x99), O.i32Store8, 0),
        ...atStore(65500, k(0xbeef), O.i32Store16, 1),
        O.call, 0,
        ...atStore(16, k(77), O.i32Store, 2),
        O.get, 0, O.i32Load, 2, 0,
        ...at(65532, O.i32Load, 2), O.i32Add,
        ...at(65535, O.i32Load8U, 0), O.i32Add,
        ...at(65500, O.i32Load16U, 1), O.i32Add,
        ...at(65520, O.i64Load, 3), O.i32WrapI64, O.i32Add,
        ...at(65520, O.i64Load, 3), O.i64Const, 32, O.i64ShrU, O.i32WrapI64, O.i32Add,
        ...at(65504, O.f64Load, 3), ...f64(4), O.f64Mul, O.i32TruncF64S, O.i32Add,
        ...at(16, O.i32Load, 2), O.i32Add,
      ],
    },
    { type: 1, body: [O.get, 0, O.i32Load, 2, 0] },
  ],
  memory: { min: 1 },
  exports: [{ name: 'fixed', kind: 'func', index: 1 }, { name: 'peek', kind: 'func', index: 2 }],
}).bytes;

type Exports = { fixed(p: number): number; peek(addr: number): number };

// By hand: the byte store at 65535 replaces the top byte of 0x11223344; the i64 is
// -2023406815 sign-extended (low word 0x87654321, high word all ones).
const word = 0x99223344 | 0;
const expected = (word + word + 0x99 + 0xbeef + -2023406815 + -1 + 10 + 77) | 0;

describe('constant-address accesses in the JS tier', () => {
  it('go through the heap view in a local, checked against its length', () => {
    const compiled = compileModule(bytes);
    const unit = generateUnit(compiled.code, unitFunctionsOf(compiled));
    const fixed = unit.functions.find((f) => f.ident.endsWith('_fixed'))!.source;
    expect(fixed).toMatch(/if \(MVL < 65536\)/);
    expect(fixed).toMatch(/MV\.getInt32\(65532, true\)/);
    expect(fixed).toMatch(/MV\.setFloat64\(65504, /);
    expect(fixed).not.toMatch(/REG\[x27h >>> 0\]\.view/);
  });

  describe.each(enginesFor<Exports>(bytes))('on %s', (_, instantiate) => {
    it('store and load every width at the end of the page, and store into the grown memory', () => {
      const ex = instantiate();
      expect(ex.fixed(65532)).toBe(expected);
      expect([ex.peek(16), ex.peek(65532), ex.peek(65532 + 65536)]).toEqual([77, word, 0]);
      // Again, with V8 having seen the code run (the memory grows each time).
      for (let i = 0; i < 30; i++) expect(ex.fixed(65532)).toBe(expected);
    });
  });
});
