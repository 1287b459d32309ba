// Where things are: the repository root (from bench/ or dist/bench/), the shared bench
// programs, the results folder and the cache of generated code.

import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding pulley-js's package.json, found by walking up from this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pulley-js') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the pulley-js package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The shared bench folder (programs, expected output, README): $PULLEY_SHARED/bench or ../shared/bench. */
export function sharedBenchDir(): string {
  const shared = process.env.PULLEY_SHARED ?? join(repoRoot(), '..', 'shared');
  return join(shared, 'bench');
}

export const resultsDir = (): string => join(repoRoot(), 'bench', 'results');

/** Generated code kept between runs (wasm2js output), and per-run AOT modules. */
export const cacheDir = (): string => process.env.PULLEY_BENCH_CACHE ?? join(tmpdir(), 'pulley-bench-cache');
