// Every shared bench program through `pulley run` at its small size, on each tier: stdout
// must be exactly expected/<name>.small.out and the exit status 0. The programs run as
// child processes, as many at once as there are cores.

import { availableParallelism } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { built, pulley, type CliResult } from './cli-helpers.js';

/** The "small size" column of bench/README.md: the argument each program takes. */
const SMALL_SIZES: Record<string, string> = {
  nbody: '125000', fannkuch: '9', mandelbrot: '450', binarytrees: '12', sha256: '3',
  lz77: '400', sort: '30000', matmul: '220', sieve: '500000',
};

const bench = sharedPath('bench');
const programs = bench ? readdirSync(join(bench, 'wasm')).filter((f) => f.endsWith('.wasm')).map((f) => f.slice(0, -5)).sort() : [];

/** Runs `jobs` with at most `limit` in flight. */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

describe.skipIf(!built || !bench)('bench programs through pulley run', () => {
  it('every program has a small size', () => {
    expect(programs.length).toBeGreaterThan(0);
    for (const name of programs) expect(SMALL_SIZES[name], name).toBeDefined();
  });

  for (const tier of ['interp', 'js']) {
    it(`print the expected output on the ${tier} tier`, async () => {
      const results: CliResult[] = await pool(programs.map((name) => () =>
        pulley(['run', '--tier', tier, join(bench!, 'wasm', `${name}.wasm`), '--', SMALL_SIZES[name]!], { timeoutMs: 240_000 })),
      availableParallelism());
      programs.forEach((name, i) => {
        const r = results[i]!;
        const expected = readFileSync(join(bench!, 'expected', `${name}.small.out`), 'utf8');
        expect({ name, status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({ name, status: 0, stderr: '', stdout: expected });
      });
      console.log(`${tier}: ${programs.map((name, i) => `${name} ${(results[i]!.ms / 1000).toFixed(1)}s`).join(', ')}`);
    }, 600_000);
  }
});
