// No-diff across engines on the spec testsuite: every non-SIMD script is run in lockstep
// on the interpreter tier, the JS tier and Node's WebAssembly, with the spec's own
// arguments; each module instantiation, invoke, get and each module's final exported
// memory and globals must agree (harness.ts says how outcomes are compared). SIMD scripts
// are left out: their invokes mostly take or return v128, which JS cannot pass.
import { describe, expect, it } from 'vitest';
import { isSimdFile, listSpecFiles } from '../spec/runner.js';
import { type Diff, makeEngines, runScriptOnAll } from './harness.js';
import { sharedPath } from '../shared.js';

const dir = sharedPath('wasm-testsuite/core');

/**
 * Known disagreements, each a bug to fix; the test fails both on a new diff and when a
 * known one goes away (then delete its entry).
 */
const KNOWN_DIFFS: { file: string; why: string; matches: (d: Diff) => boolean }[] = [];

describe.skipIf(!dir)('no diff: spec scripts on interp, js and Node', () => {
  it('every non-SIMD script agrees on every engine', () => {
    const engines = makeEngines();
    expect(engines.map((e) => e.name)).toContain('native');
    const files = listSpecFiles(dir!).filter((f) => !isSimdFile(f));
    let compared = 0;
    const unexpected: Diff[] = [];
    const knownSeen = new Set<string>();
    for (const file of files) {
      const result = runScriptOnAll(dir!, file, makeEngines());
      compared += result.compared;
      for (const d of result.diffs) {
        const known = KNOWN_DIFFS.find((k) => k.file === file && k.matches(d));
        if (known) knownSeen.add(known.file);
        else unexpected.push(d);
      }
    }
    console.log(`no-diff spec: ${files.length} scripts, ${compared} steps compared on ${engines.length} engines`);
    expect(compared).toBeGreaterThan(20_000);
    expect(unexpected.slice(0, 20).map((d) => JSON.stringify(d)), `${unexpected.length} diffs`).toEqual([]);
    const gone = KNOWN_DIFFS.filter((k) => !knownSeen.has(k.file)).map((k) => `${k.file}: fixed? (${k.why})`);
    expect(gone, 'known diffs that no longer occur: remove them from KNOWN_DIFFS').toEqual([]);
  });
});
