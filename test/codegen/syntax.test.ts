// Every generated function must be valid JS: acorn (an independent parser) reads the
// source of each function the JS tier makes for the bench programs and for a sample of
// the spec testsuite's modules, and the whole unit as the ES module jsgen would ship.
// A parse error names the module, the function and acorn's line:column in it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/compiler/compile.js';
import type { CompiledModule } from '../../src/compiler/module.js';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { aotModuleSource, generateUnit } from '../../codegen/unit.js';
import { sharedPath } from '../shared.js';

const benchDir = sharedPath('bench/wasm');
const specDir = sharedPath('wasm-testsuite/core');

/** One spec module in this many (sorted by name) is checked: about 300 of the 4,581. */
const SPEC_STRIDE = 15;

/** Parse errors in the unit generated for `compiled` ('' when there are none). */
function parseErrors(label: string, compiled: CompiledModule, structured: boolean): string[] {
  const unit = generateUnit(compiled.code, unitFunctionsOf(compiled), { structured });
  const errors: string[] = [];
  for (const f of unit.functions) {
    try {
      parse(f.source, { ecmaVersion: 2022, sourceType: 'script' });
    } catch (e) {
      errors.push(`${label} ${f.ident} (entry ${f.entry}): ${(e as Error).message}`);
    }
  }
  try {
    parse(aotModuleSource(unit), { ecmaVersion: 2022, sourceType: 'module' });
  } catch (e) {
    errors.push(`${label} whole unit as a module: ${(e as Error).message}`);
  }
  return errors;
}

describe.skipIf(!benchDir)('generated JS of the bench programs parses (acorn)', () => {
  const names = benchDir ? readdirSync(benchDir).filter((f) => f.endsWith('.wasm')).sort() : [];
  it.each(names)('%s', (file) => {
    const compiled = compileModule(new Uint8Array(readFileSync(join(benchDir!, file))));
    expect(compiled.functions.length).toBeGreaterThan(0);
    expect(parseErrors(file, compiled, true)).toEqual([]);
  });
  it('sha256.wasm in the switch-in-a-loop form', () => {
    const compiled = compileModule(new Uint8Array(readFileSync(join(benchDir!, 'sha256.wasm'))));
    expect(parseErrors('sha256.wasm (switch)', compiled, false)).toEqual([]);
  });
});

describe.skipIf(!specDir)('generated JS of spec testsuite modules parses (acorn)', () => {
  it(`one module in ${SPEC_STRIDE}`, () => {
    const files = readdirSync(specDir!).filter((f) => f.endsWith('.wasm')).sort().filter((_, i) => i % SPEC_STRIDE === 0);
    let checked = 0;
    const errors: string[] = [];
    for (const file of files) {
      let compiled: CompiledModule;
      try {
        compiled = compileModule(new Uint8Array(readFileSync(join(specDir!, file))));
      } catch {
        continue; // assert_invalid / assert_malformed modules: nothing to generate
      }
      checked++;
      errors.push(...parseErrors(file, compiled, true));
    }
    expect(checked).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });
});
