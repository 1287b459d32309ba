// Dispatch-loop benchmarks of the reference interpreter: a counted loop, recursive fib
// and a memory-heavy loop over a wasm-style (g32, bounds-checked) heap. Reports
// instructions per second: the instruction count of one run is measured once with
// runCounting, the time per run by benchmark.js on the uncounted loop.
//   npm run build && node dist/bench/interp.bench.js     (or: npx vite-node bench/interp.bench.ts)

import { createRequire } from 'node:module';
import { BytecodeWriter, type FieldValue } from '../src/isa/encode.js';
import { opByMnemonic } from '../src/isa/ops.js';
import { run, runCounting } from '../runtime/interp.js';
import { Machine, type Region } from '../runtime/machine.js';

// benchmark.js ships no types; this is the part of its API used here.
interface BenchmarkTarget { name: string; hz: number; stats: { rme: number; sample: number[] } }
interface BenchmarkSuite {
  add(name: string, fn: () => void, options?: { minSamples?: number; maxTime?: number }): BenchmarkSuite;
  on(event: 'cycle', fn: (event: { target: BenchmarkTarget }) => void): BenchmarkSuite;
  run(options?: { async: boolean }): void;
}
const Benchmark = createRequire(import.meta.url)('benchmark') as { Suite: new () => BenchmarkSuite };

function assembler() {
  const w = new BytecodeWriter();
  const op = (name: string, ...fields: FieldValue[]) => w.emitFields(opByMnemonic(name), ...fields);
  return { w, op };
}

interface Program {
  name: string;
  code: Uint8Array;
  /** Sets up registers and memory before each run. */
  prepare(m: Machine): void;
  /** The expected x0 after a run, to check the benchmark computes what it claims. */
  expected: bigint;
}

/** sum of 0..n-1 in a two-compare loop: 3 instructions per iteration. */
function countedLoop(n: number): Program {
  const { w, op } = assembler();
  const loop = w.newLabel();
  op('xzero', 1);
  op('xzero', 2);
  w.bind(loop);
  op('xadd32', 2, 2, 1);
  op('xadd32_u8', 1, 1, 1);
  op('br_if_xult32', 1, 0, loop);
  op('xmov', 0, 2);
  op('ret');
  const sum = BigInt.asUintN(32, BigInt(n) * BigInt(n - 1) / 2n);
  return { name: `counted loop (${n} iterations)`, code: w.finish(), prepare: (m) => m.setX64(0, n, 0), expected: sum };
}

/** Naive recursive fib with Cranelift-style frames (push_frame_save / pop_frame_restore). */
function fib(n: number): Program {
  const { w, op } = assembler();
  const entry = w.newLabel(), leaf = w.newLabel();
  const saved = 0b11; // x16, x17
  w.bind(entry);
  op('br_if_xult32_u8', 0, 2, leaf);
  op('push_frame_save', 16, saved);
  op('xmov', 16, 0);
  op('xsub32_u8', 0, 16, 1);
  op('call', entry);
  op('xmov', 17, 0);
  op('xsub32_u8', 0, 16, 2);
  op('call', entry);
  op('xadd32', 0, 0, 17);
  op('pop_frame_restore', 16, saved);
  w.bind(leaf);
  op('ret');
  let a = 0n, b = 1n;
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return { name: `recursive fib(${n})`, code: w.finish(), prepare: (m) => m.setX64(0, n, 0), expected: a };
}

/** Reads, transforms and writes back every word of a 64 KiB heap through g32 accesses. */
function memoryLoop(heapBytes: number): Program {
  const { w, op } = assembler();
  const loop = w.newLabel();
  // x20 = heap base, x21 = heap bound, x1 = wasm address, x2 = checksum
  op('xzero', 1);
  op('xzero', 2);
  w.bind(loop);
  op('xload32le_g32', 5, 20, 21, 1, 0);
  op('xadd32', 2, 2, 5);
  op('xadd32_u8', 5, 5, 1);
  op('xstore32le_g32', 20, 21, 1, 0, 5);
  op('xadd32_u8', 1, 1, 4);
  op('br_if_xult32', 1, 21, loop);
  op('xmov', 0, 2);
  op('ret');
  let heap: Region | undefined;
  const words = heapBytes / 4;
  return {
    name: `memory loop (${heapBytes / 1024} KiB, g32 load+store)`,
    code: w.finish(),
    prepare: (m) => {
      heap ??= m.space.map('heap', new Uint8Array(heapBytes));
      for (let i = 0; i < words; i++) heap.view.setUint32(4 * i, i, true);
      m.setX64(20, 0, heap.id);
      m.setX64(21, heapBytes, 0);
    },
    expected: BigInt(words) * BigInt(words - 1) / 2n,
  };
}

function measure(programs: readonly Program[]): void {
  const suite = new Benchmark.Suite();
  const steps = new Map<string, number>();
  for (const p of programs) {
    const m = new Machine();
    const code = m.space.mapCode(p.name, p.code);
    p.prepare(m);
    const counted = runCounting(m, code, 0);
    const result = m.getX64(0);
    if (counted.done.kind !== 'return' || BigInt.asUintN(64, result) !== p.expected) {
      throw new Error(`${p.name}: expected x0 = ${p.expected}, got ${JSON.stringify(counted.done)} x0 = ${result}`);
    }
    steps.set(p.name, counted.steps);
    suite.add(p.name, () => {
      p.prepare(m);
      run(m, code, 0);
    }, { minSamples: 10, maxTime: 3 });
  }
  suite.on('cycle', ({ target }) => {
    const n = steps.get(target.name)!;
    const mips = (n * target.hz) / 1e6;
    console.log(`${target.name}: ${n} instructions, ${(1000 / target.hz).toFixed(2)} ms/run ` +
      `±${target.stats.rme.toFixed(1)}%, ${mips.toFixed(1)} M instructions/s`);
  });
  suite.run({ async: false });
}

measure([countedLoop(1_000_000), fib(25), memoryLoop(64 * 1024)]);
