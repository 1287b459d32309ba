// Heap accesses inside loops have no bounds check of their own in the JS tier: they go
// through a view cut to the bound, whose RangeError hands the instruction to the
// interpreter (codegen/inline-ops.ts memoryOp, MVB). A loop that walks off the end of the
// memory must trap at the same access as everywhere else, with the same stores done before
// it. Byte loads read the bytes cut to the bound, where past the end gives undefined.
// Expected values by hand, and from Node's WebAssembly.
import { describe, expect, it } from 'vitest';
import { enginesFor } from './engines.js';
import { buildModule, f64, i32, sleb } from '../api/wasm-builder.js';
import { compileModule } from '../../src/compiler/compile.js';
import { generateAotModule } from '../../codegen/aot.js';

const O = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, get: 0x20, set: 0x21, tee: 0x22,
  i32Load: 0x28, f64Load: 0x2b, i32Store: 0x36, f64Store: 0x39, i32Const: 0x41,
  i32GeU: 0x4f, i32Add: 0x6a, i32Mul: 0x6c, f64Add: 0xa0, f64ConvertI32U: 0xb8, i32TruncF64U: 0xab,
};
const k = (n: number) => [O.i32Const, ...sleb(n)];
const PAGE = 65536;

// 0 fill(from, count): for i in 0..count: mem32[from + 4i] = i + 1
// 1 sum(from, count): sum of mem32[from + 4i] for i in 0..count
// 2 fsum(from, count): the f64s at from + 8i, plus i, stored back, summed (truncated)
// 3 peek(addr): mem32[addr]
// 4 bsum(from, count): sum of the signed bytes at from + i for i in 0..count
const loopOver = (body: number[]) => [
  O.block, 0x40, O.loop, 0x40,
  O.get, 2, O.get, 1, O.i32GeU, O.brIf, 1,
  ...body,
  O.get, 2, ...k(1), O.i32Add, O.set, 2, O.br, 0,
  O.end, O.end,
];
const bytes = buildModule({
  types: [[[i32, i32], []], [[i32, i32], [i32]], [[i32], [i32]]],
  funcs: [
    { type: 0, locals: [i32], body: loopOver([O.get, 0, O.get, 2, ...k(4), O.i32Mul, O.i32Add, O.get, 2, ...k(1), O.i32Add, O.i32Store, 2, 0]) },
    {
      type: 1, locals: [i32, i32], body: [
        ...loopOver([O.get, 3, O.get, 0, O.get, 2, ...k(4), O.i32Mul, O.i32Add, O.i32Load, 2, 0, O.i32Add, O.set, 3]),
        O.get, 3,
      ],
    },
    {
      type: 1, locals: [i32, f64], body: [
        ...loopOver([
          O.get, 0, O.get, 2, ...k(8), O.i32Mul, O.i32Add,
          O.get, 0, O.get, 2, ...k(8), O.i32Mul, O.i32Add, O.f64Load, 3, 0, O.get, 2, O.f64ConvertI32U, O.f64Add,
          O.f64Store, 3, 0,
          O.get, 3, O.get, 0, O.get, 2, ...k(8), O.i32Mul, O.i32Add, O.f64Load, 3, 0, O.f64Add, O.set, 3,
        ]),
        O.get, 3, O.i32TruncF64U,
      ],
    },
    { type: 2, body: [O.get, 0, O.i32Load, 2, 0] },
    {
      type: 1, locals: [i32, i32], body: [
        ...loopOver([O.get, 3, O.get, 0, O.get, 2, O.i32Add, 0x2c /* i32.load8_s */, 0, 0, O.i32Add, O.set, 3]),
        O.get, 3,
      ],
    },
  ],
  memory: { min: 1 },
  exports: [
    { name: 'fill', kind: 'func', index: 0 }, { name: 'sum', kind: 'func', index: 1 },
    { name: 'fsum', kind: 'func', index: 2 }, { name: 'peek', kind: 'func', index: 3 },
    { name: 'bsum', kind: 'func', index: 4 },
  ],
}).bytes;

type Exports = {
  fill(from: number, count: number): void; sum(from: number, count: number): number;
  fsum(from: number, count: number): number; peek(addr: number): number; bsum(from: number, count: number): number;
};

describe.each(enginesFor<Exports>(bytes))('loops over the heap, on %s', (_, instantiate) => {
  it('stores and loads inside the memory', () => {
    const ex = instantiate();
    for (let round = 0; round < 30; round++) ex.fill(64, 100);
    expect(ex.sum(64, 100)).toBe(5050);
    expect(ex.fsum(PAGE - 800, 100)).toBe(4950);
    expect(ex.fsum(PAGE - 800, 100)).toBe(2 * 4950);
  });

  it('traps at the first access past the end, after the stores before it', () => {
    const ex = instantiate();
    for (let round = 0; round < 30; round++) ex.fill(64, 100);
    // The store of i = 8 is the first past the end: i = 0..7 are done.
    expect(() => ex.fill(PAGE - 32, 20)).toThrow(/out of bounds/);
    expect(ex.peek(PAGE - 4)).toBe(8);
    expect(ex.peek(PAGE - 32)).toBe(1);
    expect(() => ex.sum(PAGE - 8, 3)).toThrow(/out of bounds/);
    // f64s at PAGE - 20 (words 4, 5 from fill: a subnormal, + 0 unchanged) and PAGE - 12
    // (words 6, 7: a subnormal, + 1 is 1.0) are stored; the load at PAGE - 4 is past the end.
    expect(() => ex.fsum(PAGE - 20, 3)).toThrow(/out of bounds/);
    expect([ex.peek(PAGE - 20), ex.peek(PAGE - 16)]).toEqual([4, 5]);
    expect([ex.peek(PAGE - 12), ex.peek(PAGE - 8)]).toEqual([0, 0x3ff00000]);
    expect(ex.peek(PAGE - 4)).toBe(8);
    // Bytes: the last word holds 8 (little-endian: 8, 0, 0, 0); one byte further traps.
    expect(ex.bsum(PAGE - 4, 4)).toBe(8);
    expect(() => ex.bsum(PAGE - 4, 5)).toThrow(/out of bounds/);
  });
});

describe('the generated code of those loops', () => {
  it('accesses the heap through the cut view, unchecked', () => {
    const source = generateAotModule(compileModule(bytes));
    for (const call of ['MVB.setInt32(', 'MVB.getInt32(', 'MVB.getFloat64(', 'MVB.setFloat64(', 'MU8B[']) expect(source).toContain(call);
  });
});

