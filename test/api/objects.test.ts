// Memory, Table and Global made from JS: the same steps on our namespace and on Node's own
// WebAssembly (the oracle) must observe the same things.
import { describe, it, expect } from 'vitest';
import { createWebAssembly } from '../../src/api/namespace.js';

const ours = createWebAssembly({ tier: 'interp' }) as unknown as typeof WebAssembly;

/** Runs `scenario` on both engines and expects equal observations. */
function sameOnBoth(scenario: (W: typeof WebAssembly) => unknown): void {
  const observe = (W: typeof WebAssembly): unknown => {
    try {
      return scenario(W);
    } catch (e) {
      return `threw ${(e as Error).constructor.name}`;
    }
  };
  expect(observe(ours)).toEqual(observe(globalThis.WebAssembly));
}

describe('WebAssembly.Memory', () => {
  it('grows, detaching the old buffer and keeping the contents', () => {
    sameOnBoth((W) => {
      const mem = new W.Memory({ initial: 1, maximum: 3 });
      const before = mem.buffer;
      new Uint8Array(before)[65535] = 42;
      const old = mem.grow(1);
      const after = mem.buffer;
      return [old, before.byteLength, after.byteLength, new Uint8Array(after)[65535], after === before, mem.buffer === after];
    });
  });

  it('detaches only a buffer JS code was given: the one our WASI reads is left alone', () => {
    const mem = new ours.Memory({ initial: 1 });
    const internal = (mem as unknown as Record<symbol, () => Uint8Array>)[Symbol.for('pulley-js.internalBuffer')]!;
    const unseen = internal.call(mem);
    mem.grow(1);
    expect(unseen.byteLength).toBe(65536); // not detached: no JS code held it
    expect(internal.call(mem).byteLength).toBe(2 * 65536); // the memory's length (its buffer may be longer)
    const seen = mem.buffer;
    expect(seen.byteLength).toBe(2 * 65536);
    expect(internal.call(mem).buffer).toBe(seen);
    mem.grow(1);
    expect(seen.byteLength).toBe(0); // detached, as the JS API requires
    expect(mem.buffer.byteLength).toBe(3 * 65536);
  });

  it('detaches on grow(0) and refuses to pass the maximum', () => {
    sameOnBoth((W) => {
      const mem = new W.Memory({ initial: 1, maximum: 2 });
      const before = mem.buffer;
      const old = mem.grow(0);
      let error = '';
      try { mem.grow(2); } catch (e) { error = (e as Error).constructor.name; }
      return [old, before.byteLength, mem.buffer.byteLength, error];
    });
  });

  it.each([
    [{ initial: 2, maximum: 1 }], [{ initial: 70000 }], [{}], [{ initial: -1 }],
  ])('rejects the descriptor %j like V8', (d) => {
    sameOnBoth((W) => new W.Memory(d as WebAssembly.MemoryDescriptor).buffer.byteLength);
  });
});

describe('WebAssembly.Table', () => {
  it('gets, sets and grows externref entries', () => {
    sameOnBoth((W) => {
      const a = { a: 1 }, b = 'b';
      const t = new W.Table({ element: 'externref', initial: 2, maximum: 4 }, a);
      t.set(1, b);
      const old = t.grow(1, null);
      let error = '';
      try { t.get(3); } catch (e) { error = (e as Error).constructor.name; }
      return [t.length, old, t.get(0) === a, t.get(1), t.get(2), error];
    });
  });

  it('holds null funcrefs and refuses a plain JS function', () => {
    sameOnBoth((W) => {
      const t = new W.Table({ element: 'anyfunc', initial: 1 });
      let error = '';
      try { t.set(0, () => 1); } catch (e) { error = (e as Error).constructor.name; }
      return [t.get(0), error, t.grow(2), t.length];
    });
  });

  it('cannot grow past its maximum', () => {
    sameOnBoth((W) => new W.Table({ element: 'externref', initial: 1, maximum: 1 }).grow(1));
  });
});

describe('WebAssembly.Global', () => {
  it.each([
    ['i32', 2 ** 31 + 5], ['i32', -7.9], ['f32', 0.1], ['f64', 0.1], ['i64', 2n ** 63n], ['i64', -5n],
    ['externref', 'x'], ['i64', 5], ['i32', 5n], ['anyfunc', null],
  ] as const)('holds a %s set to %s like V8', (type, value) => {
    sameOnBoth((W) => {
      const g = new W.Global({ value: type as WebAssembly.ValueType, mutable: true }, value);
      return [g.value, g.valueOf()];
    });
  });

  it('has type defaults and rejects writes to immutable globals', () => {
    sameOnBoth((W) => {
      const defaults = (['i32', 'i64', 'f32', 'f64', 'externref'] as const).map((t) => new W.Global({ value: t }).value);
      const g = new W.Global({ value: 'i32' }, 1);
      let error = '';
      try { g.value = 2; } catch (e) { error = (e as Error).constructor.name; }
      return [defaults, error, g.value];
    });
  });
});
