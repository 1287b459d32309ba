// Linked calls (codegen/links.ts): a generated function called by generated code keeps its
// frame link (saved fp and lr) in locals, and writes it into its frame only when it leaves
// for the interpreter. These modules trap, hand over and recurse past the JS depth guard
// inside such calls, and check results and backtraces against Node's WebAssembly and the
// interpreter, and that the functions were called linked.

import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { generateUnit } from '../../codegen/unit.js';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { compileModule } from '../../src/compiler/compile.js';
import { MAX_JIT_DEPTH } from '../../runtime/machine.js';
import { buildModule, i32, op, sleb } from '../api/wasm-builder.js';

const localSet = 0x21, eqz = 0x45, ifI32 = [0x04, 0x7f], elseOp = 0x05, end = 0x0b, sub = 0x6b, divS = 0x6d, i32Load = 0x28;
const block = [0x02, 0x40], br = 0x0c, brTable = 0x0e, and = 0x71, memoryFill = [0xfc, 0x0b, 0x00];

// rec(n, t): n == 0 ? 1000 / t : rec(n - 1, t) + 3n. 3n is kept across the call (a
// callee-saved register, so a push_frame_save); t == 0 traps at the bottom.
// peek(n, a): n == 0 ? load(a) : peek(n - 1, a) + n: an out-of-bounds a traps at the bottom.
// top(n, t): 7 + rec(n, t), kept across the call.
// fill(n, a): n == 0 ? (memory.fill(a, 0, 16), 5) : fill(n - 1, a) + n: a host call (the
// memory.fill builtin) at the bottom, which traps out of bounds from the host.
// sw(n, t): n == 0 ? 1000 / t : sw(n - 1, t) + n + (n even ? 2 : 0), the 2 chosen through
// a br_table.
const { bytes } = buildModule({
  types: [[[i32, i32], [i32]]],
  funcs: [
    {
      type: 0, name: 'rec', locals: [i32],
      body: [op.localGet, 0, op.i32Const, 3, op.i32Mul, localSet, 2,
        op.localGet, 0, eqz, ...ifI32, op.i32Const, ...sleb(1000), op.localGet, 1, divS,
        elseOp, op.localGet, 0, op.i32Const, 1, sub, op.localGet, 1, op.call, 0, op.localGet, 2, op.i32Add, end],
    },
    {
      type: 0, name: 'peek', locals: [],
      body: [op.localGet, 0, eqz, ...ifI32, op.localGet, 1, i32Load, 2, 0,
        elseOp, op.localGet, 0, op.i32Const, 1, sub, op.localGet, 1, op.call, 1, op.localGet, 0, op.i32Add, end],
    },
    { type: 0, name: 'top', locals: [i32], body: [op.i32Const, 7, localSet, 2, op.localGet, 0, op.localGet, 1, op.call, 0, op.localGet, 2, op.i32Add] },
    {
      type: 0, name: 'fill', locals: [],
      body: [op.localGet, 0, eqz, ...ifI32, op.localGet, 1, op.i32Const, 0, op.i32Const, 16, ...memoryFill, op.i32Const, 5,
        elseOp, op.localGet, 0, op.i32Const, 1, sub, op.localGet, 1, op.call, 3, op.localGet, 0, op.i32Add, end],
    },
    {
      type: 0, name: 'sw', locals: [i32],
      body: [op.localGet, 0, eqz, ...ifI32, op.i32Const, ...sleb(1000), op.localGet, 1, divS,
        elseOp, ...block, ...block, op.localGet, 0, op.i32Const, 1, and, brTable, 1, 0, 1, end,
        op.i32Const, 2, localSet, 2, br, 0, end,
        op.localGet, 0, op.i32Const, 1, sub, op.localGet, 1, op.call, 4, op.localGet, 2, op.i32Add, op.localGet, 0, op.i32Add, end],
    },
  ],
  memory: { min: 1 },
  exports: [{ name: 'rec', kind: 'func', index: 0 }, { name: 'peek', kind: 'func', index: 1 }, { name: 'top', kind: 'func', index: 2 },
    { name: 'fill', kind: 'func', index: 3 }, { name: 'sw', kind: 'func', index: 4 }],
});

type Exports = Record<string, (n: number, t: number) => number>;
const node = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
const tiers = (['js', 'interp'] as const).map((tier) => {
  const W = createWebAssembly({ tier });
  return { tier, W, ex: new W.Instance(new W.Module(bytes)).exports as unknown as Exports };
});
/** The functions of a backtrace, innermost first, and the message, or the result. */
function outcome(W: { RuntimeError: new (...a: never[]) => Error }, f: () => number): string {
  try {
    return `= ${f()}`;
  } catch (e) {
    if (!(e instanceof W.RuntimeError)) throw e;
    // (Node's errors have no wasmBacktrace.)
    const frames = (e as Error & { wasmBacktrace?: { name: string; wasmOffset: number }[] }).wasmBacktrace ?? [];
    return `trap ${e.message}: ${frames.map((f) => `${f.name}@${f.wasmOffset}`).join(' ')}`;
  }
}

describe('linked calls', () => {
  it('are what the generated code uses for these functions', () => {
    const compiled = compileModule(bytes);
    const unit = generateUnit(compiled.code, unitFunctionsOf(compiled));
    for (const name of ['rec', 'fill', 'sw']) {
      const fn = unit.functions.find((f) => f.ident.endsWith(`_${name}`))!;
      expect(fn.source).toMatch(new RegExp(`^function f_\\w+_${name}\\(m, fp(, d)?\\)`));
      expect(fn.source).toMatch(new RegExp(`r = f_\\w+_${name}\\(m, \\(FB \\+ \\d+\\) \\| 0(, d \\+ 1)?\\)`));
    }
    // (The functions hold what makes them worth testing: a host call, a table switch.)
    expect(unit.functions.find((f) => f.ident.endsWith('_fill'))!.source).toMatch(/m\.hostCall\(/);
    expect(unit.functions.find((f) => f.ident.endsWith('_sw'))!.source).toMatch(/switch \(/);
  });

  it('give the results and trap backtraces of Node and of the interpreter', () => {
    const depths = [0, 1, 2, 5, 40, MAX_JIT_DEPTH - 1, MAX_JIT_DEPTH, MAX_JIT_DEPTH + 1, MAX_JIT_DEPTH + 50];
    for (const n of depths) {
      for (const [fn, t] of [['rec', 1], ['rec', 0], ['rec', -7], ['top', 0], ['top', 3], ['peek', 8], ['peek', 70000],
        ['fill', 8], ['fill', 70000], ['sw', 3], ['sw', 0]] as const) {
        const label = `${fn}(${n}, ${t})`;
        const [js, interp] = tiers.map(({ W, ex }) => outcome(W, () => ex[fn]!(n, t)));
        expect(js, label).toBe(interp);
        const expected = outcome(WebAssembly, () => node[fn]!(n, t));
        if (expected.startsWith('=')) expect(js, label).toBe(expected);
        else {
          // Node's message wording differs; the frames: one per level, innermost first, of
          // which the API keeps 64 (runtime/instance-call.ts MAX_BACKTRACE).
          expect(js.startsWith('trap '), label).toBe(true);
          const names = js.slice(js.indexOf(': ') + 2).split(' ').map((f) => f.split('@')[0]);
          const inner = fn === 'top' ? 'rec' : fn;
          expect(names, label).toEqual([...Array(n + 1).fill(inner), ...(fn === 'top' ? ['top'] : [])].slice(0, 64));
        }
      }
      // After a trap the instance works on.
      expect(tiers[0]!.ex.rec!(n, 1), `rec(${n}, 1) again`).toBe(node.rec!(n, 1));
    }
  });
});
