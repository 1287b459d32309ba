// The SIMD files of the spec testsuite (simd_*), reported on their own: SIMD support is a
// later issue, so failing commands are counted and printed, not failures of this suite.
// What must hold already: every file runs to the end, and the only failures are the
// engine's (no runner errors, no crashes).
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../shared.js';
import { createWebAssembly } from '../../src/index.js';
import { type SpecEngine, groupFailures, isSimdFile, listSpecFiles, runSpecSuite } from './runner.js';

const dir = sharedPath('wasm-testsuite/core');

describe.skipIf(!dir)('spec testsuite, SIMD files, on pulley-js (interp)', () => {
  it('runs the 58 simd_* files and reports their counts', () => {
    const names = listSpecFiles(dir!).filter(isSimdFile);
    const lines: string[] = [];
    const engine = (): SpecEngine => createWebAssembly({ tier: 'interp' }) as unknown as SpecEngine;
    const result = runSpecSuite(engine, names, { dir: dir! }, (l) => lines.push(l));
    const failures = result.files.flatMap((f) => f.failed);
    console.log(`SIMD: ${lines.at(-1)}\n${groupFailures(failures, 1).split('\n').slice(0, 40).join('\n')}`);
    expect(result.files.length).toBe(58);
    const runnerErrors = failures.filter((f) => f.reason.startsWith('runner error'));
    expect(runnerErrors, groupFailures(runnerErrors)).toEqual([]);
  });
});
