// A small hand-written wasm module whose functions are the JS tier's snapshot subjects:
// one of each shape a reviewer of generated code wants to see (arithmetic, a loop, memory
// access, i64, a call, a br_table).
import { buildModule, i32, i64 } from '../api/wasm-builder.js';

export interface SnapshotFunction {
  name: string;
  /** What the function does, for the snapshot's header line. */
  wasm: string;
  /** Argument lists to run on the JS tier and on Node's WebAssembly. */
  inputs: (number | bigint)[][];
}

const I32_SAMPLES = [0, 1, 2, 3, 7, -1, 0x7fffffff, -0x80000000];

export const SNAPSHOT_FUNCTIONS: SnapshotFunction[] = [
  { name: 'add', wasm: '(i32, i32) -> i32: a + b', inputs: I32_SAMPLES.map((a, i) => [a, I32_SAMPLES[(i + 3) % 8]!]) },
  { name: 'sum', wasm: '(n: i32) -> i32: 1 + 2 + ... + n, a block around a loop', inputs: [[0], [1], [10], [1000], [-5]] },
  { name: 'bump', wasm: '(p: i32) -> i32: mem[p+4] = mem[p] + 1; returns mem[p+4]', inputs: [[0], [16], [65528], [65533]] },
  { name: 'mul64', wasm: '(i64, i64) -> i64: a * b', inputs: [[3n, 5n], [-1n, 0x7fffffffffffffffn], [0x123456789n, 0x987654321n]] },
  { name: 'twice', wasm: '(x: i32) -> i32: add(x, x), a call', inputs: [[0], [21], [0x40000000]] },
  { name: 'classify', wasm: '(x: i32) -> i32: br_table over 3 blocks: 0 -> 10, 1 -> 20, else 30', inputs: [[0], [1], [2], [3], [-1]] },
];

export function snapshotModuleBytes(): Uint8Array<ArrayBuffer> {
  return snapshotModule().bytes;
}

/** The bytes, and each function's body range [start, end) in them (from its size LEB). */
export function snapshotModule(): { bytes: Uint8Array<ArrayBuffer>; bodyRanges: [number, number][] } {
  const get = (i: number) => [0x20, i];
  return buildModule({
    types: [[[i32, i32], [i32]], [[i32], [i32]], [[i64, i64], [i64]]],
    memory: { min: 1 },
    funcs: [
      { type: 0, name: 'add', body: [...get(0), ...get(1), 0x6a] },
      {
        type: 1, name: 'sum', locals: [i32, i32], body: [
          0x02, 0x40, 0x03, 0x40, // block, loop
          ...get(2), ...get(0), 0x4e, 0x0d, 1, // i >= n: br_if 1 (out)
          ...get(2), 0x41, 1, 0x6a, 0x22, 2, // i = i + 1 (tee)
          ...get(1), 0x6a, 0x21, 1, // s = s + i
          0x0c, 0, 0x0b, 0x0b, // br 0 (loop), end, end
          ...get(1),
        ],
      },
      {
        type: 1, name: 'bump', body: [
          ...get(0), ...get(0), 0x28, 2, 0, 0x41, 1, 0x6a, 0x36, 2, 4, // i32.store offset=4 (i32.load p + 1)
          ...get(0), 0x28, 2, 4,
        ],
      },
      { type: 2, name: 'mul64', body: [...get(0), ...get(1), 0x7e] },
      { type: 1, name: 'twice', body: [...get(0), ...get(0), 0x10, 0] },
      {
        type: 1, name: 'classify', body: [
          0x02, 0x40, 0x02, 0x40, 0x02, 0x40, ...get(0), 0x0e, 2, 0, 1, 2, 0x0b, // br_table 0 1 default 2
          0x41, 10, 0x0f, 0x0b, 0x41, 20, 0x0f, 0x0b, 0x41, 30,
        ],
      },
    ],
    exports: [
      ...SNAPSHOT_FUNCTIONS.map((f, index) => ({ name: f.name, kind: 'func' as const, index })),
      { name: 'memory', kind: 'memory', index: 0 },
    ],
  });
}
