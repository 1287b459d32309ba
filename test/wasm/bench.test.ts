// The benchmark programs (real clang output) through the front end: all valid, like V8
// says, and the decode + validate throughput, measured and reported.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateModule } from '../../src/wasm/validate.js';
import { sharedPath } from '../shared.js';

const benchDir = sharedPath('bench/wasm');

describe.skipIf(!benchDir)('bench programs', () => {
  const files = benchDir ? readdirSync(benchDir).filter((f) => f.endsWith('.wasm')).sort() : [];

  it('each decodes and validates, with the function count V8 sees', () => {
    for (const f of files) {
      const bytes = readFileSync(join(benchDir!, f));
      expect(WebAssembly.validate(bytes)).toBe(true);
      const m = validateModule(bytes);
      expect(m.bodies.length).toBeGreaterThan(10);
      expect(m.memories.length).toBe(1);
      const exported = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name).sort();
      expect(m.exports.map((e) => e.name).sort()).toEqual(exported);
    }
  });

  it('decode + validate throughput (largest program)', () => {
    const largest = files
      .map((f) => readFileSync(join(benchDir!, f)))
      .reduce((a, b) => (b.length > a.length ? b : a));
    // CPU time, not wall time: the suite shares two cores with other work.
    const cpuSeconds = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const warmUp = cpuSeconds();
    while (cpuSeconds() - warmUp < 0.3) validateModule(largest);
    let runs = 0;
    const t0 = cpuSeconds();
    while (cpuSeconds() - t0 < 0.4) {
      validateModule(largest);
      runs++;
    }
    const seconds = cpuSeconds() - t0;
    const mbPerS = (largest.length * runs) / seconds / 1e6;
    console.log(`decode+validate: ${largest.length} bytes x ${runs} runs, ${mbPerS.toFixed(1)} MB/s of CPU time`);
    // A floor far below expectations, to catch an accidental quadratic or per-op allocation storm.
    expect(mbPerS).toBeGreaterThan(5);
  });
});
