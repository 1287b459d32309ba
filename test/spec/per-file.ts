// The spec files as one vitest test each, so that a slow machine never runs one long
// synchronous test (and a failure names its file).
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { type SpecEngine, groupFailures, listSpecFiles, runSpecFile } from './runner.js';

/** Every file `select` keeps, on `tier`: each command must pass. */
export function specFileTests(dir: string | undefined, title: string, select: (name: string) => boolean, expectedFiles: number): void {
  const names = dir ? listSpecFiles(dir).filter(select) : [];
  describe.skipIf(!dir).each(['interp', 'js'] as const)(`${title} on pulley-js (%s)`, (tier) => {
    it(`has the ${expectedFiles} files`, () => expect(names.length).toBe(expectedFiles));
    it.each(names)('%s: every command passes', async (name) => {
      // Let the worker answer vitest's pending calls between files: a long run of
      // synchronous tests would otherwise time them out on a loaded machine.
      await new Promise((resolve) => setImmediate(resolve));
      const engine = createWebAssembly({ tier }) as unknown as SpecEngine;
      const r = runSpecFile(engine, name, { dir: dir! });
      console.log(`${tier} ${name}: ${r.passed} passed, ${r.failed.length} failed, ${r.skipped} skipped`);
      expect(r.failed.length, `${r.failed.length} failing commands:\n${groupFailures(r.failed)}`).toBe(0);
    });
  });
}
