// Checks the spec runner itself against Node's own WebAssembly (V8), the oracle: with
// wrapper modules for v128 and signalling-NaN calls it must pass every command.
import { describe, it, expect } from 'vitest';
import { sharedPath } from '../shared.js';
import { type SpecEngine, groupFailures, listSpecFiles, runSpecSuite } from './runner.js';

const dir = sharedPath('wasm-testsuite/core');

describe.skipIf(!dir)('spec runner on Node\'s WebAssembly', () => {
  it('passes every binary command of the 148 files', () => {
    const lines: string[] = [];
    const result = runSpecSuite(globalThis.WebAssembly as unknown as SpecEngine, listSpecFiles(dir!), { dir: dir! }, (l) => lines.push(l));
    console.log(lines.at(-1));
    const failures = result.files.flatMap((f) => f.failed);
    expect(failures.length, groupFailures(failures)).toBe(0);
    expect(result.files.length).toBe(148);
    // Only the text-format assert_malformed commands are skipped (1,091 in the README).
    expect(result.skipped).toBe(1091);
  });
});

describe.skipIf(!dir)('spec runner catches a faulty engine', () => {
  it('reports wrong results, missing traps and accepted invalid modules', () => {
    const W = globalThis.WebAssembly;
    // Every exported function answers 0 and never traps; every module validates.
    const faulty = {
      Module: W.Module, Memory: W.Memory, Table: W.Table, validate: () => true,
      Instance: class {
        exports: Record<string, unknown>;
        constructor(m: WebAssembly.Module, imports?: WebAssembly.Imports) {
          const real = new W.Instance(m, imports).exports;
          this.exports = Object.fromEntries(Object.entries(real).map(([k, v]) => [k, typeof v === 'function' ? () => 0 : v]));
        }
      },
    } as unknown as SpecEngine;
    const result = runSpecSuite(faulty, ['i32', 'unreachable', 'unreached-invalid'], { dir: dir! }, () => {});
    const [i32, unreachable, invalid] = result.files;
    expect(i32.failed.some((f) => f.reason.startsWith('result 0: expected i32:'))).toBe(true);
    expect(unreachable.failed.some((f) => f.reason === 'expected trap (unreachable), returned normally')).toBe(true);
    expect(invalid.failed.length).toBe(118);
  });
});
