// A generated function keeps the registers its push_frame_save saves in locals, and writes
// them into its frame only when the interpreter may pop that frame. These modules make the
// interpreter take over in the middle of such a function, after a call, and check that the
// callers' callee-saved values survive: against Node's WebAssembly and the interpreter.

import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { buildModule, f32, i32, op, sleb } from '../api/wasm-builder.js';

const localSet = 0x21, f32Neg = 0x8c, i32ReinterpretF32 = 0xbc, f32ReinterpretI32 = 0xbe;
const sNaN32 = 0x7fa00001;

// h(): f32 returns a signalling NaN (an f32 local cannot hold one: the JS tier hands over).
// g(x): a = 7x, kept across the call to h, returns a + bits(-(-(-h()))): negation keeps the
// NaN signalling and makes the result an f32 value the JS tier keeps in a local.
// k(y): b = 3y, kept across the call to g, returns b + g(y).
const { bytes } = buildModule({
  types: [[[], [f32]], [[i32], [i32]]],
  funcs: [
    { type: 0, body: [op.i32Const, ...sleb(sNaN32), f32ReinterpretI32], name: 'h' },
    {
      type: 1, locals: [i32, f32], name: 'g',
      body: [op.localGet, 0, op.i32Const, 7, op.i32Mul, localSet, 1,
        op.call, 0, f32Neg, localSet, 2,
        op.localGet, 1, op.localGet, 2, f32Neg, f32Neg, i32ReinterpretF32, op.i32Add],
    },
    {
      type: 1, locals: [i32], name: 'k',
      body: [op.localGet, 0, op.i32Const, 3, op.i32Mul, localSet, 1,
        op.localGet, 0, op.call, 1,
        op.localGet, 1, op.i32Add],
    },
  ],
  exports: [{ name: 'k', kind: 'func', index: 2 }, { name: 'g', kind: 'func', index: 1 }],
});

const oracle = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, (x: number) => number>;

describe('the interpreter taking over after a call, in a function whose frame is in locals', () => {
  for (const tier of ['js', 'interp'] as const) {
    it(`keeps the callers' saved registers (${tier})`, () => {
      const W = createWebAssembly({ tier });
      const ours = new W.Instance(new W.Module(bytes)).exports as Record<string, (x: number) => number>;
      for (const x of [1, 5, -9, 123456]) {
        expect(ours.g!(x), `g(${x})`).toBe(oracle.g!(x));
        expect(ours.k!(x), `k(${x})`).toBe(oracle.k!(x));
      }
    });
  }
});
