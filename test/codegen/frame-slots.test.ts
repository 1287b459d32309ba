// Spill slots kept in JS locals (codegen/frame-slots.ts). A function with more i64 locals
// than registers keeps some in its frame's slots; the JS tier keeps those in locals and
// writes them to the frame only on a way out. Here the way out comes in the middle of the
// loop that updates them, and the interpreter runs the rest of the loop on the frame:
//   - `inline`: an f32 division gives a NaN, which the JS tier leaves to the interpreter;
//   - `viaCall`: the same division in a callee, which leaves: the caller returns the
//     callee's pc without passing its exit, and the interpreter comes back to the caller's
//     bytecode after the call.
// Checked: each case fails when that way out does not write the slots back. Results
// against the interpreter, Node's WebAssembly and a fold worked out in JS.
import { describe, expect, it } from 'vitest';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { generateUnit } from '../../codegen/unit.js';
import { compileModule } from '../../src/compiler/compile.js';
import { enginesFor } from './engines.js';
import { buildModule, f32, i32, i64, sleb } from '../api/wasm-builder.js';

const O = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, call: 0x10, get: 0x20, set: 0x21,
  i32Const: 0x41, i64Const: 0x42, i32GeS: 0x4e, f32Ne: 0x5c, i32Add: 0x6a, i32Sub: 0x6b,
  i64Add: 0x7c, i64Mul: 0x7e, i64Xor: 0x85, i64Rotl: 0x89, f32Div: 0x95, f32ConvertI32S: 0xb2, i64ExtendI32U: 0xad,
};
const VOID = 0x40;
/** i64 locals: more than the callee-saved registers and the spare ones together. */
const LOCALS = 30;
// Parameters n (0), m (1); locals i (2), c (3), x (4, f32), a_k (5 + k).
const [N, M, I, C, X] = [0, 1, 2, 3, 4];
const A = (k: number) => 5 + k;

/** 1 where x / x is NaN (x = i - m is 0), else 0. */
const probe = (iLocal: number, mLocal: number, xLocal: number) => [
  O.get, iLocal, O.get, mLocal, O.i32Sub, O.f32ConvertI32S, O.set, xLocal,
  O.get, xLocal, O.get, xLocal, O.f32Div, O.get, xLocal, O.get, xLocal, O.f32Div, O.f32Ne,
];
/** for (i = 0; i < n; i++) { a_k = a_k * 3 + i + k for every k; c += <nan> } ; fold */
const body = (nan: number[]) => [
  O.block, VOID, O.loop, VOID,
  O.get, I, O.get, N, O.i32GeS, O.brIf, 1,
  ...Array.from({ length: LOCALS }, (_, k) => [
    O.get, A(k), O.i64Const, 3, O.i64Mul, O.get, I, O.i64ExtendI32U, O.i64Add, O.i64Const, ...sleb(k), O.i64Add, O.set, A(k)]).flat(),
  O.get, C, ...nan, O.i32Add, O.set, C,
  O.get, I, O.i32Const, 1, O.i32Add, O.set, I,
  O.br, 0, 0x0b, 0x0b,
  // acc = rotl(acc, 7) ^ a_k over k, then + c
  O.i64Const, 0, ...Array.from({ length: LOCALS }, (_, k) => [O.i64Const, 7, O.i64Rotl, O.get, A(k), O.i64Xor]).flat(),
  O.get, C, O.i64ExtendI32U, O.i64Add,
];
const locals = [i32, i32, f32, ...Array<number>(LOCALS).fill(i64)];
const bytes = buildModule({
  types: [[[i32, i32], [i64]], [[i32, i32], [i32]]],
  funcs: [
    { type: 0, locals, body: body(probe(I, M, X)) },
    { type: 1, locals: [f32], body: probe(0, 1, 2) },
    { type: 0, locals, body: body([O.get, I, O.get, M, O.call, 1]) },
  ],
  exports: [{ name: 'inline', kind: 'func', index: 0 }, { name: 'viaCall', kind: 'func', index: 2 }],
}).bytes;

/** The fold, worked out in JS with BigInt. */
function expected(n: number, m: number): bigint {
  const mask = (1n << 64n) - 1n;
  const a = Array<bigint>(LOCALS).fill(0n);
  let c = 0n;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < LOCALS; k++) a[k] = (a[k]! * 3n + BigInt(i) + BigInt(k)) & mask;
    if (i === m) c++;
  }
  let acc = 0n;
  for (const v of a) acc = (((acc << 7n) | (acc >> 57n)) & mask) ^ v;
  return BigInt.asIntN(64, (acc + c) & mask);
}

type Exports = { inline(n: number, m: number): bigint; viaCall(n: number, m: number): bigint };

describe('spill slots in JS locals', () => {
  it('are what the JS tier makes of these functions', () => {
    const compiled = compileModule(bytes);
    const unit = generateUnit(compiled.code, unitFunctionsOf(compiled));
    const withSlots = unit.functions.filter((f) => f.source.includes('let YB = -1'));
    expect(withSlots.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(enginesFor<Exports>(bytes))('on %s', (_, instantiate) => {
    it.each(['inline', 'viaCall'] as const)('%s: the interpreter takes over mid-loop and finds every slot', (name) => {
      const ex = instantiate();
      for (const [n, m] of [[40, 1000], [40, 17], [90, 3], [90, 89], [5, 0]] as const) {
        expect(ex[name](n, m)).toBe(expected(n, m));
      }
    });
  });
});
