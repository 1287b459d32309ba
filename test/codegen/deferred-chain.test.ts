// Deferred saves through chains of calls (codegen/links.ts deferredSaveFunctions): a function
// called linked does not read its caller's x16..x29; if it leaves for the interpreter, each
// frame above puts what it holds where the frames below wait for it (PEND, codegen/unit.ts).
//
// Two modules make the interpreter take over deep inside such chains:
// - a chain top -> mid -> low -> leaf, each holding 12 values across its call (so in
//   callee-saved registers), where the leaf's f32 add of a signalling NaN hands it over to
//   the interpreter mid-frame (the JS tier leaves an f32 NaN result to it);
// - a recursion 600 deep, each level holding 6 values across the recursive call, past the
//   JS tier's depth guard (200 generated frames), where the interpreter runs the rest.
// Every value a frame sums after its call comes back through the frames' slots or the
// register file. Expected: the same sum by hand, the interpreter's and Node's.
import { describe, expect, it } from 'vitest';
import { enginesFor } from './engines.js';
import { buildModule, f32, i32, sleb } from '../api/wasm-builder.js';
import { compileModule } from '../../src/compiler/compile.js';
import { generateAotModule } from '../../codegen/aot.js';

const O = { call: 0x10, get: 0x20, set: 0x21, i32Load: 0x28, f32Load: 0x2a, i32Const: 0x41, i32Eqz: 0x45, f32Ne: 0x5c,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32Xor: 0x73, f32Add: 0x92, if: 0x04, else: 0x05, end: 0x0b };
const load = (p: number, offset: number) => [O.get, p, O.i32Load, 2, ...sleb(offset)];
const sum = (count: number, first: number, term: (local: number, k: number) => number[]) =>
  Array.from({ length: count }, (_, k) => [...term(first + k, k), ...(k > 0 ? [O.i32Add] : [])]).flat();

// Level L of the chain (L = 0 top .. 2 low), function index 3 - L, calling index 2 - L:
// v_k = mem[p + 64 L + 4k] * (k + L + 2); r = next(p); sum (v_k ^ (k + L)) + r.
const K = 12;
const chainLevel = (level: number) => [
  ...Array.from({ length: K }, (_, k) => [...load(0, 64 * level + 4 * k), O.i32Const, ...sleb(k + level + 2), O.i32Mul, O.set, 1 + k]).flat(),
  O.get, 0, O.call, 2 - level,
  ...sum(K, 1, (local, k) => [O.get, local, O.i32Const, ...sleb(k + level), O.i32Xor]), O.i32Add,
];
// leaf(p): l_k = mem[p + 256 + 4k]; g = f32[p + 240] + itself; sum (l_k * (k + 1)) + (g != g).
const G = 1 + K;
const leaf = [
  ...Array.from({ length: K }, (_, k) => [...load(0, 256 + 4 * k), O.set, 1 + k]).flat(),
  O.get, 0, O.f32Load, 2, ...sleb(240), O.get, 0, O.f32Load, 2, ...sleb(240), O.f32Add, O.set, G,
  ...sum(K, 1, (local, k) => [O.get, local, O.i32Const, ...sleb(k + 1), O.i32Mul]),
  O.get, G, O.get, G, O.f32Ne, O.i32Add,
];
// rec(n): w_k = n * (k + 3) + k; if n == 0 then sum w_k else (rec(n - 1) ^ n) + sum (w_k ^ k).
const W = 6;
const rec = [
  ...Array.from({ length: W }, (_, k) => [O.get, 0, O.i32Const, ...sleb(k + 3), O.i32Mul, O.i32Const, ...sleb(k), O.i32Add, O.set, 1 + k]).flat(),
  O.get, 0, O.i32Eqz, O.if, i32,
  ...sum(W, 1, (local) => [O.get, local]),
  O.else,
  O.get, 0, O.i32Const, 1, O.i32Sub, O.call, 4, O.get, 0, O.i32Xor,
  ...sum(W, 1, (local, k) => [O.get, local, O.i32Const, ...sleb(k), O.i32Xor]), O.i32Add,
  O.end,
];
const bytes = buildModule({
  types: [[[i32], [i32]]],
  funcs: [
    { type: 0, locals: [...Array(K).fill(i32), f32], body: leaf, name: 'leaf' },
    { type: 0, locals: Array(K).fill(i32), body: chainLevel(2), name: 'low' },
    { type: 0, locals: Array(K).fill(i32), body: chainLevel(1), name: 'mid' },
    { type: 0, locals: Array(K).fill(i32), body: chainLevel(0), name: 'top' },
    { type: 0, locals: Array(W).fill(i32), body: rec, name: 'rec' },
  ],
  memory: { min: 1 },
  exports: [{ name: 'top', kind: 'func', index: 3 }, { name: 'rec', kind: 'func', index: 4 },
    { name: 'memory', kind: 'memory', index: 0 }],
}).bytes;

const P = 1024;
const SIGNALLING_NAN = 0x7f800001, ONE_AND_A_HALF = 0x3fc00000;
const word = (level: number, k: number) => 1000 - 37 * level + 11 * k;
function fill(memory: WebAssembly.Memory, f32Bits: number): void {
  const words = new DataView(memory.buffer);
  for (let level = 0; level < 3; level++) for (let k = 0; k < K; k++) words.setInt32(P + 64 * level + 4 * k, word(level, k), true);
  for (let k = 0; k < K; k++) words.setInt32(P + 256 + 4 * k, 50 + 5 * k, true);
  words.setUint32(P + 240, f32Bits, true);
}
function chainByHand(nan: boolean): number {
  let total = nan ? 1 : 0;
  for (let k = 0; k < K; k++) total = (total + (50 + 5 * k) * (k + 1)) | 0;
  for (let level = 2; level >= 0; level--) {
    for (let k = 0; k < K; k++) total = (total + ((Math.imul(word(level, k), k + level + 2)) ^ (k + level))) | 0;
  }
  return total;
}
function recByHand(n: number): number {
  const w = (k: number) => (Math.imul(n, k + 3) + k) | 0;
  if (n === 0) return Array.from({ length: W }, (_, k) => w(k)).reduce((a, b) => (a + b) | 0, 0);
  let total = (recByHand(n - 1) ^ n) | 0;
  for (let k = 0; k < W; k++) total = (total + (w(k) ^ k)) | 0;
  return total;
}

type Exports = { top(p: number): number; rec(n: number): number; memory: WebAssembly.Memory };

describe('the generated code of those functions', () => {
  it('takes deferred saves: the frames name their waiting slots', () => {
    const source = generateAotModule(compileModule(bytes));
    for (const name of ['low', 'mid', 'leaf', 'rec']) {
      const body = source.slice(source.indexOf(`_${name}(m, fp, d) {`));
      expect(body.slice(0, body.indexOf('\n}\n')), name).toContain('PEND.push(');
    }
  });
});

describe.each(enginesFor<Exports>(bytes))('frames holding values across calls whose callee hands over, on %s', (_, instantiate) => {
  it('get them back through a chain of four, the leaf handing over mid-frame', () => {
    const ex = instantiate();
    for (let round = 0; round < 40; round++) {
      const nan = round % 3 === 2;
      fill(ex.memory, nan ? SIGNALLING_NAN : ONE_AND_A_HALF);
      const got = ex.top(P);
      if (got !== chainByHand(nan)) expect({ round, nan, got }).toEqual({ round, nan, got: chainByHand(nan) });
    }
  });
  it('get them back through a recursion deeper than the depth guard', () => {
    const ex = instantiate();
    for (const n of [0, 3, 150, 600, 601]) expect(ex.rec(n), `rec(${n})`).toBe(recByHand(n));
  });
});
