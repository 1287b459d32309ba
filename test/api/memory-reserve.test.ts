// Growing a memory no JS code has the buffer of reserves room past the new length
// (runtime/instance-memory.ts MemoryObject.grow), so that later grows make a longer view
// instead of copying. None of it may show: `memory.buffer` is exactly pages * 64 KiB, the
// bytes past the old length read zero, the contents survive, a buffer handed out is
// detached by the next grow, and accesses (wasm's and WASI's) past the length fail as
// before. Expected: Node's WebAssembly where it has one, and the spec's numbers.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { Wasi } from '../../runtime/wasi/wasi.js';
import { buildModule, i32, op, sleb } from './wasm-builder.js';

const i32Load = 0x28, i32Store = 0x36;
// grow(n): memory.grow(n); peek(a): i32 at a; poke(a, v): store v at a.
const { bytes } = buildModule({
  types: [[[i32], [i32]], [[i32, i32], []]],
  funcs: [
    { type: 0, body: [op.localGet, 0, ...op.memoryGrow], name: 'grow' },
    { type: 0, body: [op.localGet, 0, i32Load, 2, 0], name: 'peek' },
    { type: 1, body: [op.localGet, 0, op.localGet, 1, i32Store, 2, 0], name: 'poke' },
  ],
  memory: { min: 1 },
  exports: [{ name: 'grow', kind: 'func', index: 0 }, { name: 'peek', kind: 'func', index: 1 },
    { name: 'poke', kind: 'func', index: 2 }, { name: 'memory', kind: 'memory', index: 0 }],
});
type Exports = { grow(n: number): number; peek(a: number): number; poke(a: number, v: number): void; memory: WebAssembly.Memory };
const PAGE = 65536;

const engines: Array<[string, () => Exports]> = [
  ...(['interp', 'js'] as const).map((tier): [string, () => Exports] => [tier, () => {
    const W = createWebAssembly({ tier });
    return new W.Instance(new W.Module(bytes), {}).exports as unknown as Exports;
  }]),
  ...(typeof WebAssembly === 'object'
    ? [['node', () => new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports] as [string, () => Exports]] : []),
];

describe.each(engines)('a memory grown one page at a time, on %s', (_, instantiate) => {
  it('shows exactly its pages, keeps its contents, reads zero past them and traps beyond', () => {
    const ex = instantiate();
    for (let pages = 1; pages < 12; pages++) {
      ex.poke(pages * PAGE - 4, 1000 + pages);
      expect(ex.grow(1)).toBe(pages);
      expect(ex.peek(pages * PAGE)).toBe(0);
      expect(() => ex.peek((pages + 1) * PAGE)).toThrow(/out of bounds/);
    }
    const buffer = ex.memory.buffer;
    expect(buffer.byteLength).toBe(12 * PAGE);
    const words = new DataView(buffer);
    for (let pages = 1; pages < 12; pages++) expect(words.getInt32(pages * PAGE - 4, true)).toBe(1000 + pages);
    // Handed out, the buffer is detached by the next grow, and the new one is exact too.
    expect(ex.grow(2)).toBe(12);
    expect(buffer.byteLength).toBe(0);
    expect(ex.memory.buffer.byteLength).toBe(14 * PAGE);
    expect(new DataView(ex.memory.buffer).getInt32(11 * PAGE - 4, true)).toBe(1011);
    expect(() => ex.peek(14 * PAGE)).toThrow(/out of bounds/);
  });
});

describe('WASI on a memory with room reserved past its length', () => {
  it('refuses a buffer past the length (EFAULT), as on a memory grown exactly', () => {
    // fd_write(1, iovs, 1, nwritten) with the iovec pointing past the memory.
    const fdWriteType = [[i32, i32, i32, i32], [i32]];
    const { bytes: wasiBytes } = buildModule({
      types: [fdWriteType as [number[], number[]], [[], [i32]]],
      imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_write', type: 0 }],
      funcs: [{
        type: 1, name: 'run', body: [
          op.i32Const, 1, ...op.memoryGrow, op.drop,
          // iovec at 0: buf = 2 pages + 16 (past the length), len = 4
          op.i32Const, 0, op.i32Const, ...sleb(2 * PAGE + 16), i32Store, 2, 0,
          op.i32Const, 4, op.i32Const, 4, i32Store, 2, 0,
          op.i32Const, 1, op.i32Const, 0, op.i32Const, 1, op.i32Const, 8, op.call, 0,
        ],
      }],
      memory: { min: 1 },
      exports: [{ name: 'run', kind: 'func', index: 1 }, { name: 'memory', kind: 'memory', index: 0 },
],
    });
    const W = createWebAssembly({ tier: 'js' });
    const out: Uint8Array[] = [];
    const wasi = new Wasi({ stdout: (b: Uint8Array) => { out.push(b); } } as never);
    const instance = new W.Instance(new W.Module(wasiBytes), wasi.imports as never);
    wasi.initialize(instance as never);
    const EFAULT = 21;
    expect((instance.exports as { run(): number }).run()).toBe(EFAULT);
    expect(out.length).toBe(0);
  });
});
