// Fuel (src/compiler/fuel.ts): 1 unit per function entry and per loop iteration, counted
// in the bytecode, so both tiers stop a guest at exactly the same unit with
// RuntimeError 'all fuel consumed'. Expected counts are worked out by hand from that rule.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWebAssembly } from '../../src/index.js';
import { compileModule } from '../../src/compiler/compile.js';
import { TrapCode } from '../../src/compiler/abi.js';
import { RuntimeError } from '../../src/api/errors.js';
import { Wasi } from '../../runtime/wasi/index.js';
import { buildModule, i32, sleb } from '../api/wasm-builder.js';
import { sharedPath } from '../shared.js';

const LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0b, BR = 0x0c, CALL = 0x10, VOID = 0x40;
const LOCAL_GET = 0x20, I32_CONST = 0x41, I32_LOAD = 0x28, I32_STORE = 0x36, I32_ADD = 0x6a, I32_SUB = 0x6b;

const { bytes } = buildModule({
  types: [[[], []], [[i32], [i32]]],
  memory: { min: 1 },
  funcs: [
    // spin: forever { mem[0] += 1 }
    {
      type: 0, name: 'spin',
      body: [LOOP, VOID, I32_CONST, 0, I32_CONST, 0, I32_LOAD, 2, 0, I32_CONST, 1, I32_ADD, I32_STORE, 2, 0, BR, 0, END],
    },
    // depth(n) = n == 0 ? 0 : depth(n - 1) + 1: n + 1 calls
    {
      type: 1, name: 'depth',
      body: [
        LOCAL_GET, 0, IF, i32,
        LOCAL_GET, 0, I32_CONST, 1, I32_SUB, CALL, 1, I32_CONST, 1, I32_ADD,
        ELSE, I32_CONST, ...sleb(0), END,
      ],
    },
  ],
  exports: [{ name: 'spin', kind: 'func', index: 0 }, { name: 'depth', kind: 'func', index: 1 }, { name: 'memory', kind: 'memory', index: 0 }],
});

interface Exports { spin(): void; depth(n: number): number; memory: { buffer: ArrayBuffer } }

function instantiate(tier: 'interp' | 'js', fuel?: number | bigint): Exports {
  const ns = createWebAssembly({ tier, ...(fuel === undefined ? {} : { fuel }) });
  return new ns.Instance(new ns.Module(bytes)).exports as unknown as Exports;
}

function trapOf(f: () => unknown): RuntimeError {
  try {
    f();
  } catch (e) {
    if (e instanceof RuntimeError) return e;
    throw e;
  }
  throw new Error('expected a trap');
}

describe('fuel in the bytecode', () => {
  it('costs nothing when off: no fuel traps in the code', () => {
    const codes = [...compileModule(bytes).traps.values];
    expect(codes).not.toContain(TrapCode.OutOfFuel);
  });

  it('checks once per function entry and once per loop header when on', () => {
    const c = compileModule(bytes, { fuel: true });
    expect(c.fuel).toBe(true);
    // spin: entry + its loop; depth: entry.
    expect([...c.traps.values].filter((v) => v === TrapCode.OutOfFuel)).toHaveLength(3);
  });
});

for (const tier of ['interp', 'js'] as const) {
  describe(`fuel on tier ${tier}`, () => {
    it('stops an endless loop at unit N + 1: entry + (N - 1) whole iterations', () => {
      for (const n of [0, 1, 2, 1000]) {
        const e = instantiate(tier, n);
        const err = trapOf(() => e.spin());
        expect(err.message).toBe('all fuel consumed');
        expect(err.wasmBacktrace[0]?.name).toBe('spin');
        expect(new DataView(e.memory.buffer).getUint32(0, true)).toBe(Math.max(0, n - 1));
      }
    });

    it('runs exactly n + 1 calls of depth(n) on n + 1 units, and traps on n', () => {
      expect(instantiate(tier, 11).depth(10)).toBe(10);
      const err = trapOf(() => instantiate(tier, 10).depth(10));
      expect(err.message).toBe('all fuel consumed');
      // The 11th call traps in its entry: 11 frames of depth are active.
      expect(err.wasmBacktrace.map((f) => f.name)).toEqual(new Array(11).fill('depth'));
    });

    it('keeps one budget per instance across calls', () => {
      const e = instantiate(tier, 10);
      expect(e.depth(3)).toBe(3); // 4 units
      expect(e.depth(3)).toBe(3); // 8
      expect(trapOf(() => e.depth(3)).message).toBe('all fuel consumed');
    });

    it('accepts a bigint budget and gives the same results as no fuel', () => {
      expect(instantiate(tier, 1n << 62n).depth(500)).toBe(instantiate(tier).depth(500));
    });
  });
}

describe('the fuel option', () => {
  it('rejects amounts that are not non-negative integers below 2^63', () => {
    for (const bad of [-1, 1.5, NaN, 1n << 63n, '5' as unknown as number]) {
      expect(() => createWebAssembly({ fuel: bad })).toThrow(TypeError);
    }
  });
});

const bench = sharedPath('bench');

describe.skipIf(!bench)('a real program under fuel', () => {
  // sort at size 100 (small is 30000; this keeps the test quick), Node's own
  // WebAssembly running the same bytes as the oracle.
  const wasmBytes = bench ? readFileSync(join(bench, 'wasm', 'sort.wasm')) : new Uint8Array();
  // Ours and Node's namespaces have the same shape: typed as Node's, one call fits both.
  const run = (wa: typeof WebAssembly): { out: string; code: number } => {
    const chunks: Uint8Array[] = [];
    const wasi = new Wasi({ args: ['sort.wasm', '100'], env: {}, stdout: (b) => chunks.push(b), stderr: () => {} });
    const instance = new wa.Instance(new wa.Module(wasmBytes), wasi.imports as WebAssembly.Imports);
    const code = wasi.start(instance as Parameters<Wasi['start']>[0]);
    return { out: Buffer.concat(chunks).toString('utf8'), code };
  };
  const expected = bench ? run(WebAssembly) : { out: '', code: 0 };

  for (const tier of ['interp', 'js'] as const) {
    it(`completes with enough fuel, printing what Node's WebAssembly prints (${tier})`, () => {
      expect(expected.out.length).toBeGreaterThan(0);
      expect(run(createWebAssembly({ tier, fuel: 1n << 40n }) as unknown as typeof WebAssembly)).toEqual(expected);
    });

    it(`stops with 'all fuel consumed' when the budget is short (${tier})`, () => {
      expect(() => run(createWebAssembly({ tier, fuel: 100n }) as unknown as typeof WebAssembly)).toThrow('all fuel consumed');
    });
  }
});
