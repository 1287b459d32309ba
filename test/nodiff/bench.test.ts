// No-diff across engines on the bench programs (WASI commands): at a tiny size each runs on
// the interpreter tier, the JS tier and Node's WebAssembly; stdout, exit status and the
// final contents of memory must be the same on all three; Node's run is the oracle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeEngines, runProgram } from './harness.js';
import { sharedPath } from '../shared.js';

const benchDir = sharedPath('bench/wasm');

/** Sizes at which the interpreter needs well under a second or two per program. */
const TINY_SIZES: [string, string][] = [
  ['nbody', '2000'], ['fannkuch', '7'], ['mandelbrot', '64'], ['binarytrees', '8'], ['sha256', '1'],
  ['lz77', '100'], ['sort', '3000'], ['matmul', '32'], ['sieve', '50000'],
];

describe.skipIf(!benchDir)('no diff: bench programs on interp, js and Node', () => {
  it.each(TINY_SIZES)('%s %s', (name, size) => {
    const bytes = new Uint8Array(readFileSync(join(benchDir!, `${name}.wasm`)));
    const runs = makeEngines().map((engine) => ({ engine: engine.name, ...runProgram(engine, bytes, [name, size]) }));
    expect(runs.map((r) => r.engine)).toEqual(['interp', 'js', 'native']);
    const oracle = runs[2]!;
    expect(oracle.exit.coarse).toBe('returned 0');
    expect(oracle.stdout.length).toBeGreaterThan(0);
    for (const r of runs.slice(0, 2)) {
      expect({ engine: r.engine, stdout: r.stdout, exit: r.exit.coarse, memory: r.memory })
        .toEqual({ engine: r.engine, stdout: oracle.stdout, exit: oracle.exit.coarse, memory: oracle.memory });
    }
    // Our tiers word an exit or a trap identically.
    expect(runs[0]!.exit.exact).toBe(runs[1]!.exit.exact);
  });
});
