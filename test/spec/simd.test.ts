// The SIMD files of the spec testsuite (simd_*) on our engine, on both tiers: every
// command must pass, like the core files (test/spec/spec.test.ts). Fails listing every
// failing command, grouped by reason.
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../shared.js';
import { createWebAssembly } from '../../src/index.js';
import { type SpecEngine, groupFailures, isSimdFile, listSpecFiles, runSpecSuite } from './runner.js';

const dir = sharedPath('wasm-testsuite/core');

describe.skipIf(!dir).each(['interp', 'js'] as const)('spec testsuite, SIMD files, on pulley-js (%s)', (tier) => {
  it('passes every command of the 58 simd_* files', () => {
    const names = listSpecFiles(dir!).filter(isSimdFile);
    const lines: string[] = [];
    const engine = (): SpecEngine => createWebAssembly({ tier }) as unknown as SpecEngine;
    const result = runSpecSuite(engine, names, { dir: dir! }, (l) => lines.push(l));
    console.log(lines.join('\n'));
    expect(names.length).toBe(58);
    const failures = result.files.flatMap((f) => f.failed);
    expect(failures.length, `${failures.length} failing commands:\n${groupFailures(failures)}`).toBe(0);
  });
});
