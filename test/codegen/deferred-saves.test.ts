// Calls to a leaf that only saves x16..x29 (codegen/links.ts deferredSaveFunctions): the
// caller keeps its own values of those registers out of the register file across the call,
// and puts them in place only if the leaf leaves for the interpreter: into the leaf's
// frame's slots if the leaf was in its frame then (its pop will restore them from there),
// and into the file (PEND_HOLD). Here the caller holds 20 values across the call (so in
// callee-saved registers) and the leaf holds 20 across an f32 add whose NaN result hands
// the leaf over to the interpreter mid-frame (the JS tier leaves an f32 NaN result to it).
// The interpreter finishes the leaf and the caller, so every value the caller sums after
// the call comes back through the leaf's frame. Fails when the leaf does not name its
// frame's slots or the caller does not put its values there (checked). Expected: the
// interpreter's result and Node's, and the same sum by hand.
import { describe, expect, it } from 'vitest';
import { enginesFor } from './engines.js';
import { buildModule, f32, i32, sleb } from '../api/wasm-builder.js';

const O = { call: 0x10, get: 0x20, set: 0x21, i32Load: 0x28, f32Load: 0x2a, i32Const: 0x41, f32Ne: 0x5c,
  i32Add: 0x6a, i32Mul: 0x6c, i32Xor: 0x73, f32Add: 0x92 };
const N = 20;
const load = (p: number, offset: number) => [O.get, p, O.i32Load, 2, ...sleb(offset)];
const sum = (locals: number[], term: (local: number, k: number) => number[]) =>
  locals.flatMap((local, k) => [...term(local, k), ...(k > 0 ? [O.i32Add] : [])]);

// leaf(p): l_k = mem[p + 4k]; g = f32[p + 200] + itself; sum (l_k * (k + 1)) + (g != g).
const leafLocals = Array.from({ length: N }, (_, k) => 1 + k); // local 0 is p
const G = 1 + N;
const leaf = [
  ...leafLocals.flatMap((local, k) => [...load(0, 4 * k), O.set, local]),
  O.get, 0, O.f32Load, 2, ...sleb(200), O.get, 0, O.f32Load, 2, ...sleb(200), O.f32Add, O.set, G,
  ...sum(leafLocals, (local, k) => [O.get, local, O.i32Const, ...sleb(k + 1), O.i32Mul]),
  O.get, G, O.get, G, O.f32Ne, O.i32Add,
];
// caller(p): c_k = mem[p + 400 + 4k] * (k + 3); r = leaf(p); sum (c_k ^ k) + r.
const callerLocals = Array.from({ length: N }, (_, k) => 1 + k);
const caller = [
  ...callerLocals.flatMap((local, k) => [...load(0, 400 + 4 * k), O.i32Const, ...sleb(k + 3), O.i32Mul, O.set, local]),
  O.get, 0, O.call, 0,
  ...sum(callerLocals, (local, k) => [O.get, local, O.i32Const, ...sleb(k), O.i32Xor]), O.i32Add,
];
const bytes = buildModule({
  types: [[[i32], [i32]]],
  funcs: [
    { type: 0, locals: [...Array(N).fill(i32), f32], body: leaf },
    { type: 0, locals: Array(N).fill(i32), body: caller },
  ],
  memory: { min: 1 },
  exports: [{ name: 'caller', kind: 'func', index: 1 }, { name: 'memory', kind: 'memory', index: 0 }],
}).bytes;

const P = 1024;
const SIGNALLING_NAN = 0x7f800001, ONE_AND_A_HALF = 0x3fc00000;
function fill(memory: WebAssembly.Memory, f32Bits: number): void {
  const words = new DataView(memory.buffer);
  for (let k = 0; k < N; k++) words.setInt32(P + 4 * k, 1000 + 7 * k, true);
  for (let k = 0; k < N; k++) words.setInt32(P + 400 + 4 * k, 50 - 3 * k, true);
  words.setUint32(P + 200, f32Bits, true);
}
function byHand(nan: boolean): number {
  let leafSum = 0, callerSum = 0;
  for (let k = 0; k < N; k++) leafSum = (leafSum + (1000 + 7 * k) * (k + 1)) | 0;
  for (let k = 0; k < N; k++) callerSum = (callerSum + ((((50 - 3 * k) * (k + 3)) | 0) ^ k)) | 0;
  return (callerSum + leafSum + (nan ? 1 : 0)) | 0;
}

type Exports = { caller(p: number): number; memory: WebAssembly.Memory };
const engines = enginesFor<Exports>(bytes);

describe.each(engines)('a caller keeping 20 values across a leaf that saves registers, on %s', (_, instantiate) => {
  it('gets them back when the leaf runs through, and when it hands over to the interpreter mid-frame', () => {
    const ex = instantiate();
    for (let round = 0; round < 60; round++) {
      const nan = round % 3 === 2;
      fill(ex.memory, nan ? SIGNALLING_NAN : ONE_AND_A_HALF);
      const got = ex.caller(P);
      if (got !== byHand(nan)) expect({ round, nan, got }).toEqual({ round, nan, got: byHand(nan) });
    }
  });
});
