// `pulley jsgen` output runs with no eval and no WebAssembly: under `node --jitless`
// (where the WebAssembly global does not exist) a bench program's AOT module must print
// what Node's own WebAssembly prints for the same program and arguments.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/compiler/compile.js';
import { generateAotModule } from '../../codegen/aot.js';
import { Wasi } from '../../runtime/wasi/index.js';
import { sharedPath } from '../shared.js';

const benchDir = sharedPath('bench/wasm');
const dist = resolve(__dirname, '../../dist');

/** stdout of a WASI program under Node's own WebAssembly: the oracle. */
function nativeOutput(bytes: Uint8Array, args: string[]): string {
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
    const out = execFileSync(process.execPath, ['--jitless', join(dir, 'runner.mjs'), pathToFileURL(modPath).href, name, size],
      { encoding: 'utf8', timeout: 120_000 });
    expect(out).toBe(expected);
  });
});
