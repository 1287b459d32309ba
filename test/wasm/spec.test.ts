// Every binary module of the WebAssembly 2.0 spec testsuite: valid ones (module,
// assert_unlinkable, assert_uninstantiable) must decode and validate, assert_invalid and
// binary assert_malformed ones must be rejected with a WasmCompileError. Node's own
// WebAssembly.validate is checked to agree on each of them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WasmCompileError } from '../../src/wasm/errors.js';
import { validateModule } from '../../src/wasm/validate.js';
import { sharedPath } from '../shared.js';
import { loadSpecModuleCases } from './spec-suite.js';

const coreDir = sharedPath('wasm-testsuite/core');

describe.skipIf(!coreDir)('spec testsuite modules', () => {
  const cases = coreDir ? loadSpecModuleCases(coreDir) : [];

  it('accepts every valid module and rejects every invalid or malformed one', () => {
    const perFile = new Map<string, { pass: number; total: number }>();
    const mismatches: string[] = [];
    const oracleDisagreements: string[] = [];
    for (const c of cases) {
      const bytes = readFileSync(c.wasm);
      let error: unknown;
      try {
        validateModule(bytes);
      } catch (e) {
        error = e;
      }
      if (error !== undefined && !(error instanceof WasmCompileError)) {
        mismatches.push(`${c.file}.wast:${c.line} ${c.command}: crashed: ${String(error)}`);
      }
      const ok = (error === undefined) === c.valid;
      const tally = perFile.get(c.file) ?? { pass: 0, total: 0 };
      tally.total++;
      if (ok) tally.pass++;
      perFile.set(c.file, tally);
      if (!ok) {
        mismatches.push(
          `${c.file}.wast:${c.line} ${c.command}${c.text ? ` "${c.text}"` : ''}: ` +
            (error === undefined ? 'accepted' : `rejected: ${(error as Error).message}`),
        );
      }
      if (WebAssembly.validate(bytes) !== (error === undefined)) {
        oracleDisagreements.push(`${c.file}.wast:${c.line}: V8 ${WebAssembly.validate(bytes) ? 'accepts' : 'rejects'}, we ${error === undefined ? 'accept' : 'reject: ' + (error as Error).message}`);
      }
    }
    let pass = 0;
    for (const t of perFile.values()) pass += t.pass;
    const rows = [...perFile].map(([f, t]) => `${f} ${t.pass}/${t.total}`);
    console.log(`spec modules per file: ${rows.join(', ')}`);
    const valid = cases.filter((c) => c.valid).length;
    console.log(`spec modules: ${pass}/${cases.length} as expected over ${perFile.size} files ` +
      `(${valid} to accept, ${cases.length - valid} to reject); ` +
      `V8 disagreements: ${oracleDisagreements.length}`);
    expect(cases.length).toBeGreaterThan(4000);
    expect(mismatches).toEqual([]);
    expect(oracleDisagreements).toEqual([]);
  });
});
