// The results of one bench run as written to JSON, and the ratios read from them.

import type { Measurement } from './measure.js';
import type { StartupRow } from './startup.js';

export interface BenchResults {
  date: string;
  node: string;
  v8: string;
  cpu: string;
  /** The command line after `npm run bench --`. */
  argv: string[];
  engines: { id: string; label: string }[];
  measurements: Measurement[];
  startup: StartupRow[];
  notes: string[];
}

export type Mode = Measurement['mode'];
export type Timing = 'warmMs' | 'coldMs';

/** Native WebAssembly's time for the same program and size (always from a JIT run). */
export function nativeTime(results: BenchResults, m: Measurement, timing: Timing, nativeId: string): number | undefined {
  const n = results.measurements.find((x) => x.engine === nativeId && x.mode === 'jit' && x.program === m.program && x.size === m.size);
  return n?.status === 'ok' ? n[timing] : undefined;
}

/** time / native time, or undefined where either is missing. */
export function ratioOf(results: BenchResults, m: Measurement, timing: Timing, nativeId: string): number | undefined {
  const t = m.status === 'ok' ? m[timing] : undefined;
  const n = nativeTime(results, m, timing, nativeId);
  return t !== undefined && n !== undefined && n > 0 ? t / n : undefined;
}

export function geometricMean(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}
