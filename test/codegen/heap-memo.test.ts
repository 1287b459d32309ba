// At a function's entry the JS tier takes the heap's base and bound, and the locals it
// works out from them, from one memo in the unit (codegen/translate.ts, the heap pair),
// kept for one vmctx address while no region changes. Instances of one module share the
// unit, so the memo must follow the instance called (each has its own vmctx and memory),
// and a memory.grow between two calls must make the next entry see the new bound.
// Checked: the first test fails when the memo ignores the vmctx's region (its high word),
// the second when it ignores the regions' change count. Expected values by hand, and from
// Node's WebAssembly.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { buildModule, i32, sleb } from '../api/wasm-builder.js';
import { compileModule } from '../../src/compiler/compile.js';
import { generateAotModule } from '../../codegen/aot.js';

const O = { drop: 0x1a, get: 0x20, i32Load: 0x28, i32Store: 0x36, memoryGrow: 0x40, i32Const: 0x41 };
const k = (n: number) => [O.i32Const, ...sleb(n)];
const PAGE = 65536;

// 0 put(p, v): mem32[p + 4] = v     1 get(p): mem32[p + 4]     2 grow(): memory.grow 1
// (Addresses are a parameter plus an offset: checked against the heap's bound.)
const bytes = buildModule({
  types: [[[i32, i32], []], [[i32], [i32]], [[], []]],
  funcs: [
    { type: 0, body: [O.get, 0, O.get, 1, O.i32Store, 2, 4] },
    { type: 1, body: [O.get, 0, O.i32Load, 2, 4] },
    { type: 2, body: [...k(1), O.memoryGrow, 0, O.drop] },
  ],
  memory: { min: 1 },
  exports: [{ name: 'put', kind: 'func', index: 0 }, { name: 'get', kind: 'func', index: 1 }, { name: 'grow', kind: 'func', index: 2 }],
}).bytes;

type Exports = { put(p: number, v: number): void; get(p: number): number; grow(): void };

/** Two instances of one module: on our tiers, from one Module (one unit of generated code). */
function twoInstances(tier: 'interp' | 'js' | 'node'): [Exports, Exports] {
  if (tier === 'node') {
    const module = new WebAssembly.Module(bytes);
    return [0, 1].map(() => new WebAssembly.Instance(module).exports as unknown as Exports) as [Exports, Exports];
  }
  const W = createWebAssembly({ tier });
  const module = new W.Module(bytes);
  return [0, 1].map(() => new W.Instance(module, {}).exports as unknown as Exports) as [Exports, Exports];
}

const tiers = ['interp', 'js', ...(typeof WebAssembly === 'object' ? ['node' as const] : [])] as const;

describe('the generated code', () => {
  it('takes the heap from the memo at the entries', () => {
    expect(generateAotModule(compileModule(bytes))).toMatch(/\(x29h === HEAP_\d+_\d+\.hi\)/);
  });
});

describe.each(tiers)('one module, two instances, on %s', (tier) => {
  it('each instance reads and writes its own memory, called in turn', () => {
    const [a, b] = twoInstances(tier);
    for (let i = 0; i < 50; i++) {
      a.put(8 * i, 1000 + i);
      b.put(8 * i, 2000 + i);
    }
    const sums = [0, 0];
    for (let i = 0; i < 50; i++) {
      sums[0] += a.get(8 * i);
      sums[1] += b.get(8 * i);
    }
    // 50 * 1000 + (0 + ... + 49) and 50 * 2000 + the same.
    expect(sums).toEqual([51225, 101225]);
  });

  it('an entry after memory.grow sees the new bound', () => {
    const [a, b] = twoInstances(tier);
    a.put(0, 5);
    expect(a.get(0)).toBe(5);
    // Past the first page: a trap before the grow...
    expect(() => a.put(PAGE, 6)).toThrow();
    a.grow();
    // ...and in bounds after it, in the instance that grew only.
    a.put(PAGE, 6);
    expect(a.get(PAGE) + a.get(0)).toBe(11);
    expect(() => b.get(PAGE)).toThrow();
  });
});
