// A call that grows the memory two calls down, then stores and loads in the caller. The
// JS tier holds the memory's view in locals and keeps it across calls to functions that
// cannot reach the host (codegen/sync.ts hostFreeFunctions); memory.grow replaces the
// bytes, so a caller that kept its view across this call would store into the old
// buffer and the value would be lost (checked: the test fails when hostFreeFunctions
// ignores host calls). Expected values by hand, and from Node's WebAssembly.
import { describe, expect, it } from 'vitest';
import { enginesFor } from './engines.js';
import { buildModule, i32, sleb } from '../api/wasm-builder.js';

const O = { call: 0x10, drop: 0x1a, get: 0x20, i32Load: 0x28, i32Store: 0x36, memoryGrow: 0x40, i32Const: 0x41, i32Add: 0x6a };
const k = (n: number) => [O.i32Const, ...sleb(n)];
// Addresses are the parameter plus an offset, so the compiler checks them against the heap
// bound (the accesses that use the view the JS tier keeps), unlike constant addresses.
const store = (offset: number, value: number) => [O.get, 0, ...k(value), O.i32Store, 2, ...sleb(offset)];
const load = (offset: number) => [O.get, 0, O.i32Load, 2, ...sleb(offset)];
const PAGE = 65536;

// 0 grow(): memory.grow 1, dropped     1 middle(): calls grow     2 quiet(p): no host call
// 3 run(p): store, call middle, store again (and in the new page), call quiet, load them
// 4 peek(addr)
const bytes = buildModule({
  types: [[[], []], [[i32], [i32]], [[i32], []]],
  funcs: [
    { type: 0, body: [...k(1), O.memoryGrow, 0, O.drop] },
    { type: 0, body: [O.call, 0] },
    { type: 2, body: [...store(16, 7)] },
    { type: 1, body: [...store(0, 111), O.call, 1, ...store(0, 222), ...store(PAGE, 333), O.get, 0, O.call, 2,
      ...load(0), ...load(PAGE), O.i32Add, ...load(16), O.i32Add] },
    { type: 1, body: [O.get, 0, O.i32Load, 2, 0] },
  ],
  memory: { min: 1 },
  exports: [{ name: 'run', kind: 'func', index: 3 }, { name: 'peek', kind: 'func', index: 4 }],
}).bytes;

type Exports = { run(p: number): number; peek(addr: number): number };
const engines = enginesFor<Exports>(bytes);

describe.each(engines)('memory.grow two calls down, on %s', (_, instantiate) => {
  it('leaves the caller storing into the grown memory', () => {
    const ex = instantiate();
    const p = 64;
    expect(ex.run(p)).toBe(222 + 333 + 7);
    expect([ex.peek(p), ex.peek(p + PAGE), ex.peek(p + 16)]).toEqual([222, 333, 7]);
    // Again, with the memory already grown and V8 having seen the code run.
    for (let i = 0; i < 50; i++) ex.run(p + 4 * i);
    expect([ex.peek(p + 196), ex.peek(p + 196 + PAGE)]).toEqual([222, 333]);
  });
});
