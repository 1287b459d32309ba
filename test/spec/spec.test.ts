// The WebAssembly 2.0 core spec testsuite (all files but simd_*) on our engine, on both
// tiers (the same expectations: every tier must pass every command), one fresh namespace
// per script. Fails listing every failing command, grouped by
// reason. (test/spec/native.test.ts checks the runner itself on Node's WebAssembly.)
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../shared.js';
import { createWebAssembly } from '../../src/index.js';
import { type SpecEngine, groupFailures, isSimdFile, listSpecFiles, runSpecSuite } from './runner.js';

const dir = sharedPath('wasm-testsuite/core');

describe.skipIf(!dir).each(['interp', 'js'] as const)('spec testsuite on pulley-js (%s)', (tier) => {
  it('passes every command of the 90 core files', () => {
    const names = listSpecFiles(dir!).filter((n) => !isSimdFile(n));
    const lines: string[] = [];
    const engine = (): SpecEngine => createWebAssembly({ tier }) as unknown as SpecEngine;
    const result = runSpecSuite(engine, names, { dir: dir! }, (l) => lines.push(l));
    console.log(lines.join('\n'));
    expect(names.length).toBe(90);
    const failures = result.files.flatMap((f) => f.failed);
    expect(failures.length, `${failures.length} failing commands:\n${groupFailures(failures)}`).toBe(0);
  });
});
