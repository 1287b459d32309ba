// Timing one engine on one program at one size: the first run (cold: includes the JS
// engine's warm-up of freshly generated code), checked against the expected output, then
// warm runs timed by benchmark.js. A wrong or failing run is reported, never timed.

import { createRequire } from 'node:module';
import type { Engine, Instantiate } from './engines/engine.js';
import { argsFor, type Program, type SizeName } from './programs.js';
import { outputProblem, runProgram, type RunOutput } from './run-program.js';

export type Status = 'ok' | 'wrong' | 'error';

export interface Measurement {
  engine: string;
  program: string;
  size: SizeName;
  /** 'jit': a normal Node; 'jitless': a `node --jitless` child. */
  mode: 'jit' | 'jitless';
  status: Status;
  /** Loading: compile and code generation, before the first run. */
  loadMs?: number;
  /** The first run. */
  coldMs?: number;
  /** Median of the warm runs. */
  warmMs?: number;
  /** Every warm run, ms. */
  samples?: number[];
  /** What went wrong (status 'wrong' or 'error'). */
  problem?: string;
}

export interface MeasureOptions {
  /** At least this many warm runs. */
  reps: number;
  /** Stop adding warm runs after this many seconds (once `reps` are done; 1 run if the first took longer). */
  maxSeconds: number;
}

// benchmark.js ships no types; this is the part of its API used here.
interface BenchmarkInstance {
  run(options: { async: false }): void;
  error?: unknown;
  stats: { sample: number[] };
}
interface BenchmarkClass {
  new (name: string, fn: () => void, options: Record<string, unknown>): BenchmarkInstance;
  support: { decompilation: boolean };
}
const Benchmark = createRequire(import.meta.url)('benchmark') as BenchmarkClass;
// Call our closure as it is: never decompile and re-evaluate its source.
Benchmark.support.decompilation = false;

const now = () => performance.now();
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n', 1)[0]!.slice(0, 300);

export async function measure(engine: Engine, program: Program, size: SizeName, options: MeasureOptions, mode: Measurement['mode'] = 'jit'): Promise<Measurement> {
  const base = { engine: engine.id, program: program.name, size, mode };
  const args = argsFor(program, size);
  const expected = program.expected[size];
  let instantiate: Instantiate;
  const t0 = now();
  try {
    instantiate = await engine.load(program);
  } catch (e) {
    return { ...base, status: 'error', problem: `load: ${message(e)}` };
  }
  const loadMs = now() - t0;

  let first: RunOutput;
  const t1 = now();
  try {
    first = runProgram(instantiate, args);
  } catch (e) {
    return { ...base, status: 'error', loadMs, problem: message(e) };
  }
  const coldMs = now() - t1;
  const wrong = outputProblem(first, expected);
  if (wrong) return { ...base, status: 'wrong', loadMs, problem: wrong };

  let last: RunOutput = first;
  // A run longer than the whole warm budget gets one warm run, not `reps`.
  const reps = coldMs / 1000 > options.maxSeconds ? 1 : options.reps;
  const bench = new Benchmark(`${engine.id} ${program.name}`, () => { last = runProgram(instantiate, args); }, {
    minSamples: reps,
    maxTime: options.maxSeconds,
    initCount: 1,
    minTime: 0.001, // a sample is one run unless a run takes under 1 ms
    delay: 0,
  });
  bench.run({ async: false });
  if (bench.error) return { ...base, status: 'error', loadMs, coldMs, problem: `warm run: ${message(bench.error)}` };
  const stillWrong = outputProblem(last, expected);
  if (stillWrong) return { ...base, status: 'wrong', loadMs, coldMs, problem: `warm run: ${stillWrong}` };
  const samples = bench.stats.sample.map((s) => s * 1000);
  return { ...base, status: 'ok', loadMs, coldMs, warmMs: median(samples), samples };
}
