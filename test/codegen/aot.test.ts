// `pulley jsgen` output runs with no eval and no WebAssembly: under `node --jitless
// --disallow-code-generation-from-strings` (no WebAssembly global, and eval and
// new Function throw) a bench program's AOT module must print what Node's own
// WebAssembly prints for the same program and arguments. And the translator, whose
// templates are compiled with new Function where a host allows it, makes the same code
// where it does not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/compiler/compile.js';
import { generateAotModule } from '../../codegen/aot.js';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { generateUnit } from '../../codegen/unit.js';
import { Wasi } from '../../runtime/wasi/index.js';
import { sharedPath } from '../shared.js';

const benchDir = sharedPath('bench/wasm');
const dist = resolve(__dirname, '../../dist');

/** stdout of a WASI program under Node's own WebAssembly: the oracle. */
function nativeOutput(bytes: Uint8Array<ArrayBuffer>, args: string[]): string {
  let out = '';
  const wasi = new Wasi({ args, stdout: (b: Uint8Array) => { out += Buffer.from(b).toString(); } });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), wasi.imports as WebAssembly.Imports);
  wasi.start(instance as never);
  return out;
}

const RUNNER = `
import { Wasi } from ${JSON.stringify(pathToFileURL(join(dist, 'runtime/wasi/index.js')).href)};
const [modPath, ...args] = process.argv.slice(2);
if (typeof WebAssembly !== 'undefined') throw new Error('expected no WebAssembly global under --jitless');
const { load } = await import(modPath);
const { createWebAssembly } = await import(${JSON.stringify(pathToFileURL(join(dist, 'src/index.js')).href)});
const W = createWebAssembly({ tier: 'js' });
let out = '';
const wasi = new Wasi({ args, stdout: (b) => { out += new TextDecoder().decode(b); } });
const instance = new W.Instance(load(W), wasi.imports);
const code = wasi.start(instance);
process.stdout.write(out);
process.exitCode = code;
`;

describe.skipIf(!benchDir)('AOT modules (pulley jsgen output)', () => {
  it.each([['sieve', '20000'], ['sha256', '1']])('%s %s runs under node --jitless and prints what native prints', (name, size) => {
    const bytes = new Uint8Array(readFileSync(join(benchDir!, `${name}.wasm`)));
    const expected = nativeOutput(bytes, [name, size]);
    const dir = mkdtempSync(join(tmpdir(), 'pulley-aot-'));
    const modPath = join(dir, `${name}.mjs`);
    writeFileSync(modPath, generateAotModule(compileModule(bytes), {
      runtimeSpecifier: pathToFileURL(join(dist, 'src/index.js')).href, sourceName: `${name}.wasm`,
    }));
    writeFileSync(join(dir, 'runner.mjs'), RUNNER);
    const source = readFileSync(modPath, 'utf8');
    expect(source).not.toMatch(/new Function|\beval\(/);
    const out = execFileSync(process.execPath, ['--jitless', '--disallow-code-generation-from-strings', join(dir, 'runner.mjs'), pathToFileURL(modPath).href, name, size],
      { encoding: 'utf8', timeout: 120_000 });
    expect(out).toBe(expected);
  });
});

/** The generated unit of a module, made in a child process whose host forbids eval. */
const TRANSLATE_WITHOUT_EVAL = `
const [wasmPath] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const { compileModule } = await import(${JSON.stringify(pathToFileURL(join(dist, 'src/compiler/compile.js')).href)});
const { unitFunctionsOf } = await import(${JSON.stringify(pathToFileURL(join(dist, 'codegen/jit.js')).href)});
const { generateUnit } = await import(${JSON.stringify(pathToFileURL(join(dist, 'codegen/unit.js')).href)});
let evalWorks = true;
try { new Function('return 1'); } catch { evalWorks = false; }
if (evalWorks) throw new Error('expected new Function to be disallowed');
const compiled = compileModule(new Uint8Array(readFileSync(wasmPath)));
process.stdout.write(generateUnit(compiled.code, unitFunctionsOf(compiled)).factoryBody);
`;

describe('translation where eval is disallowed', () => {
  it('makes the same JS as with eval (templates walked instead of compiled), scalar and SIMD code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulley-noeval-'));
    writeFileSync(join(dir, 'translate.mjs'), TRANSLATE_WITHOUT_EVAL);
    const simd = resolve(__dirname, '../../bench/programs/simd/simd.wasm');
    for (const wasmPath of [simd, ...(benchDir ? [join(benchDir, 'nbody.wasm')] : [])]) {
      const compiled = compileModule(new Uint8Array(readFileSync(wasmPath)));
      const expected = generateUnit(compiled.code, unitFunctionsOf(compiled)).factoryBody;
      const got = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', join(dir, 'translate.mjs'), wasmPath],
        { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
      expect(got === expected, `${wasmPath}: ${got.length} vs ${expected.length} characters`).toBe(true);
    }
  });
});
