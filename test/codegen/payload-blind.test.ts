// f32 loads whose value only payload-blind ops read (codegen/f-locals.ts payloadBlindLoads)
// skip the JS tier's NaN check: a double quiets a signalling NaN, and the op that reads it
// makes a NaN and hands over to the interpreter, which finds the quieted copy. These
// modules load signalling and quiet NaNs with payloads in loops where the loaded value
// feeds a multiply-add (as matmul's), a comparison, or a store (which must keep the bits).
// Expected: the same result bits and memory as the interpreter and Node's WebAssembly, and
// the bits by hand where they are the x86 rule's (first NaN operand, quieted).
import { describe, expect, it } from 'vitest';
import { enginesFor } from './engines.js';
import { buildModule, f32, i32, sleb } from '../api/wasm-builder.js';
import { compileModule } from '../../src/compiler/compile.js';
import { generateAotModule } from '../../codegen/aot.js';

const O = { block: 0x02, loop: 0x03, br_if: 0x0d, get: 0x20, set: 0x21, tee: 0x22, f32Load: 0x2a, f32Store: 0x38,
  i32Const: 0x41, f32Const: 0x43, i32Add: 0x6a, i32Sub: 0x6b, i32Shl: 0x74, i32Ne: 0x47, f32Lt: 0x5d, f32Add: 0x92, f32Mul: 0x94,
  i32ReinterpretF32: 0xbc, end: 0x0b, void: 0x40 };
const f32Bytes = (x: number) => [...new Uint8Array(new Float32Array([x]).buffer)];
const at = (i: number) => [O.get, 0, O.get, i, O.i32Const, 2, O.i32Shl, O.i32Add];
// Loop i = 0 .. n-1 over a[i] (at p): body(i) per element.
const loop = (body: number[]) => [
  O.block, O.void, O.loop, O.void, ...body,
  O.get, 2, O.i32Const, 1, O.i32Add, O.tee, 2, O.get, 1, O.i32Ne, O.br_if, 0, O.end, O.end];
// madd(p, n): acc = 0.5; for i: acc = acc + a[i] * 1.5; result: bits of acc.
const madd = [
  O.f32Const, ...f32Bytes(0.5), O.set, 3,
  ...loop([O.get, 3, ...at(2), O.f32Load, 2, 0, O.f32Const, ...f32Bytes(1.5), O.f32Mul, O.f32Add, O.set, 3]),
  O.get, 3, O.i32ReinterpretF32,
];
// below(p, n): count of a[i] < 2.
const below = [
  ...loop([O.get, 4, ...at(2), O.f32Load, 2, 0, O.f32Const, ...f32Bytes(2), O.f32Lt, O.i32Add, O.set, 4]),
  O.get, 4,
];
// copy(p, n): a[i + 16] = a[i] (the bits must stay).
const copy = [
  ...loop([...at(2), O.i32Const, ...sleb(64), O.i32Add, ...at(2), O.f32Load, 2, 0, O.f32Store, 2, 0]),
  O.i32Const, 0,
];
const bytes = buildModule({
  types: [[[i32, i32], [i32]]],
  funcs: Object.entries({ madd, below, copy }).map(([name, body]) => ({ type: 0, locals: [i32, f32, i32], body, name })),
  memory: { min: 1 },
  exports: [{ name: 'madd', kind: 'func', index: 0 }, { name: 'below', kind: 'func', index: 1 },
    { name: 'copy', kind: 'func', index: 2 }, { name: 'memory', kind: 'memory', index: 0 }],
}).bytes;

const P = 256, N = 8;
const SIGNALLING = 0x7fa00123, QUIET = 0xffc00456;
type Exports = { madd(p: number, n: number): number; below(p: number, n: number): number; copy(p: number, n: number): number; memory: WebAssembly.Memory };
function fill(memory: WebAssembly.Memory, nanAt: number, bits: number): void {
  const words = new DataView(memory.buffer);
  for (let i = 0; i < 2 * N; i++) words.setFloat32(P + 4 * i, i * 0.25, true);
  if (nanAt >= 0) words.setUint32(P + 4 * nanAt, bits, true);
}
function maddByHand(): number {
  let acc = 0.5;
  for (let i = 0; i < N; i++) acc = Math.fround(acc + Math.fround(i * 0.25 * 1.5));
  return new Uint32Array(new Float32Array([acc]).buffer)[0]!;
}
const cases = [[-1, 0], [0, SIGNALLING], [5, SIGNALLING], [N - 1, QUIET], [3, QUIET]] as const;

describe('the generated code of those functions', () => {
  it('skips the check on the loads read only by arithmetic or a comparison, not on the copy', () => {
    const source = generateAotModule(compileModule(bytes));
    const body = (name: string) => { const s = source.slice(source.indexOf(`_${name}(m`)); return s.slice(0, s.indexOf('\n}\n')); };
    expect(body('madd')).toMatch(/f\d+ = MVB\.getFloat32\(/);
    expect(body('below')).toMatch(/f\d+ = MVB\.getFloat32\(/);
    expect(body('copy')).not.toMatch(/f\d+ = MVB\.getFloat32\(/);
  });
});

describe.each(enginesFor<Exports>(bytes))('f32 loads of NaNs in loops, on %s', (engine, instantiate) => {
  it('give the same bits as the other engines (and the quieted first NaN by hand)', () => {
    const ex = instantiate();
    const results = cases.map(([nanAt, bits]) => {
      fill(ex.memory, nanAt, bits);
      const madd = ex.madd(P, N) >>> 0, below = ex.below(P, N);
      ex.copy(P, N);
      const copied = [...new Uint32Array(ex.memory.buffer, P + 64, N)];
      return { nanAt, madd, below, copied };
    });
    for (const { nanAt, madd, below, copied } of results) {
      const bits = cases.find(([k]) => k === nanAt)![1];
      expect(madd, `${engine} madd, NaN at ${nanAt}`).toBe(nanAt >= 0 ? (bits | 0x400000) >>> 0 : maddByHand());
      expect(below, `${engine} below, NaN at ${nanAt}`).toBe(nanAt >= 0 && nanAt < 8 ? 7 : 8);
      if (nanAt >= 0) expect(copied[nanAt], `${engine} copy, NaN at ${nanAt}`).toBe(bits >>> 0);
    }
  });
});
