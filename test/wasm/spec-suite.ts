// Loads the WebAssembly spec testsuite's module commands (binary ones only) for the
// front-end tests: what each .wasm is expected to do when decoded and validated.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SpecModuleCase {
  file: string;
  line: number;
  wasm: string;
  /** true: must decode and validate; false: must be rejected. */
  valid: boolean;
  command: string;
  text?: string;
}

const VALID = new Set(['module', 'assert_unlinkable', 'assert_uninstantiable']);
const REJECTED = new Set(['assert_invalid', 'assert_malformed']);

export function loadSpecModuleCases(coreDir: string): SpecModuleCase[] {
  const cases: SpecModuleCase[] = [];
  for (const name of readdirSync(coreDir).filter((f) => f.endsWith('.json')).sort()) {
    const script = JSON.parse(readFileSync(join(coreDir, name), 'utf8')) as {
      commands: { type: string; line: number; filename?: string; module_type?: string; text?: string }[];
    };
    for (const c of script.commands) {
      if (!c.filename || !c.filename.endsWith('.wasm')) continue;
      if (c.module_type !== undefined && c.module_type !== 'binary') continue;
      if (!VALID.has(c.type) && !REJECTED.has(c.type)) continue;
      cases.push({
        file: name.replace(/\.json$/, ''), line: c.line, wasm: join(coreDir, c.filename),
        valid: VALID.has(c.type), command: c.type, text: c.text,
      });
    }
  }
  return cases;
}
