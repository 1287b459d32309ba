// Functions that only forward their parameters to another function of the same type (C
// wrappers: malloc around dlmalloc) are skipped by direct calls (src/compiler/compile.ts
// callTargets). These check where the calls go in the bytecode, that results match Node's
// WebAssembly on both tiers, that chains, cycles, imports, other types and fuel are left
// alone as they must be, and that a trap's backtrace shows the skipped forwarders' frames.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { compileModule } from '../../src/compiler/compile.js';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { directCallee } from '../../codegen/sync.js';
import { decodeFunction } from '../../codegen/translate.js';
import { buildModule, i32, op } from '../api/wasm-builder.js';

const divS = 0x6d;
const get = (i: number) => [op.localGet, i];
const forward = (to: number) => ({ type: 0, body: [...get(0), ...get(1), op.call, to] });

// Function indices: 0 is the import env.add.
// 1 div(a, b) = a / b (traps when b = 0)   2 fwd -> div   3 fwd2 -> fwd (a chain)
// 4 caller(a, b) = fwd2(a, b) + 1           5 other: forwards to div, but its type (1) is another index
// 6 cyc1 -> cyc2, 7 cyc2 -> cyc1: a cycle   8 viaImport -> env.add
// 9 useOther(a, b) = other(a, b)            10 useImport(a, b) = viaImport(a, b)
const { bytes, bodyRanges } = buildModule({
  types: [[[i32, i32], [i32]], [[i32, i32], [i32]]],
  imports: [{ module: 'env', name: 'add', type: 0 }],
  funcs: [
    { type: 0, name: 'div', body: [...get(0), ...get(1), divS] },
    { ...forward(1), name: 'fwd' },
    { ...forward(2), name: 'fwd2' },
    { type: 0, name: 'caller', body: [...get(0), ...get(1), op.call, 3, op.i32Const, 1, op.i32Add] },
    { type: 1, name: 'other', body: [...get(0), ...get(1), op.call, 1] },
    { ...forward(7), name: 'cyc1' },
    { ...forward(6), name: 'cyc2' },
    { ...forward(0), name: 'viaImport' },
    { type: 0, name: 'useOther', body: [...get(0), ...get(1), op.call, 5] },
    { type: 0, name: 'useImport', body: [...get(0), ...get(1), op.call, 8] },
  ],
  exports: ['caller', 'fwd', 'cyc1', 'useOther', 'useImport'].map((name) => ({
    name, kind: 'func' as const, index: ['div', 'fwd', 'fwd2', 'caller', 'other', 'cyc1', 'cyc2', 'viaImport', 'useOther', 'useImport'].indexOf(name) + 1,
  })),
});

const imports = { env: { add: (a: number, b: number) => (a + b) | 0 } };
type Exports = Record<'caller' | 'fwd' | 'cyc1' | 'useOther' | 'useImport', (a: number, b: number) => number>;

/** Each function's direct call targets, by name. */
function callsByName(fuel: boolean): Map<string, string[]> {
  const compiled = compileModule(bytes, { fuel });
  const nameAt = new Map(compiled.functions.map((f) => [f.offset, f.name]));
  return new Map(unitFunctionsOf(compiled).map(({ entry, end }) => [nameAt.get(entry) ?? `pc ${entry}`,
    decodeFunction(compiled.code, entry, end).map(directCallee).filter((t): t is number => t !== undefined).map((t) => nameAt.get(t) ?? `pc ${t}`)]));
}

describe('calls past forwarding functions', () => {
  it('go straight to the end of a chain, and nowhere else', () => {
    const calls = callsByName(false);
    expect(calls.get('caller')).toEqual(['div']);
    // The forwarders themselves still call what they name (exports and tables reach them).
    expect(calls.get('fwd2')).toEqual(['div']);
    expect(calls.get('fwd')).toEqual(['div']);
    // Another type index, a cycle, an import: as written.
    expect(calls.get('useOther')).toEqual(['other']);
    expect(calls.get('cyc1')).toEqual(['cyc2']);
    expect(calls.get('cyc2')).toEqual(['cyc1']);
    expect(calls.get('useImport')).toEqual(['viaImport']);
  });

  it('are left alone with fuel, which every function entry spends', () => {
    const calls = callsByName(true);
    expect(calls.get('caller')).toEqual(['fwd2']);
    expect(calls.get('fwd2')).toEqual(['fwd']);
  });

  const node = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as unknown as Exports;
  describe.each(['interp', 'js'] as const)('on the %s tier', (tier) => {
    const W = createWebAssembly({ tier });
    const ex = new W.Instance(new W.Module(bytes), imports).exports as unknown as Exports;

    it('compute what Node computes', () => {
      for (const [a, b] of [[7, 2], [-9, 4], [1 << 30, -3]]) {
        for (const name of ['caller', 'fwd', 'useOther', 'useImport'] as const) {
          expect(ex[name](a!, b!), `${name}(${a}, ${b})`).toBe(node[name](a!, b!));
        }
      }
      expect(() => ex.cyc1(1, 2)).toThrow(W.RuntimeError);
      expect(() => node.cyc1(1, 2)).toThrow(RangeError); // (Node's stack overflow)
    });

    it('trap in the target, with the skipped forwarders back in the backtrace', () => {
      let frames: string[] = [];
      try {
        ex.caller(1, 0);
      } catch (e) {
        expect(e).toBeInstanceOf(W.RuntimeError);
        frames = ((e as { wasmBacktrace?: { name: string; wasmOffset: number }[] }).wasmBacktrace ?? [])
          .map((f) => `${f.name}@${f.wasmOffset}`);
      }
      // Each frame at its call (div at its division); the offsets by hand from the bodies:
      // a body is its size, its local count, then local.get 0 and 1 (2 bytes each).
      const body = (f: number) => bodyRanges[f - 1]![0] + 2;
      expect(frames).toEqual([`div@${body(1) + 4}`, `fwd@${body(2) + 4}`, `fwd2@${body(3) + 4}`, `caller@${body(4) + 4}`]);
      expect(() => node.caller(1, 0)).toThrow(WebAssembly.RuntimeError);
    });
  });
});
