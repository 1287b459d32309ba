// The README's examples run: examples/add.wasm and examples/hello.wasm through `pulley run`
// on both tiers and through `pulley jsgen` output, and examples/api.mjs (the API example),
// each compared with what Node's own WebAssembly and node:wasi make of the same modules.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { built, pulley, workDir } from './cli-helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const example = (name: string) => join(root, 'examples', name);

/** What Node's WebAssembly prints for hello.wasm (its stdout, captured through a file). */
function nativeHello(): string {
  const out = join(workDir(), 'stdout');
  const script = `
    const { openSync, readFileSync } = require('node:fs'); const { WASI } = require('node:wasi');
    const fd = openSync(${JSON.stringify(out)}, 'w');
    const wasi = new WASI({ version: 'preview1', stdout: fd });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(${JSON.stringify(example('hello.wasm'))})), { wasi_snapshot_preview1: wasi.wasiImport });
    wasi.start(instance);`;
  execFileSync(process.execPath, ['--no-warnings', '-e', script]);
  return readFileSync(out, 'utf8');
}

describe.skipIf(!built)('the README examples', () => {
  const nativeAdd = (new WebAssembly.Instance(new WebAssembly.Module(readFileSync(example('add.wasm')))).exports.add as
    (a: number, b: number) => number)(2, -3);

  it.each(['interp', 'js'])('pulley run --invoke add (%s)', async (tier) => {
    const r = await pulley(['run', '--tier', tier, example('add.wasm'), '--invoke', 'add', '--', '2', '-3']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${nativeAdd}\n`);
  });

  it('pulley run of a WASI command, on both tiers and from jsgen output', async () => {
    const expected = nativeHello();
    expect(expected.length).toBeGreaterThan(0);
    const mjs = join(workDir(), 'hello.mjs');
    expect((await pulley(['jsgen', example('hello.wasm'), '-o', mjs])).status).toBe(0);
    for (const args of [['--tier', 'interp', example('hello.wasm')], ['--tier', 'js', example('hello.wasm')], [mjs]]) {
      const r = await pulley(['run', ...args]);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(expected);
    }
  });

  it('examples/api.mjs runs the API example', () => {
    const out = execFileSync(process.execPath, [example('api.mjs')], { encoding: 'utf8' });
    expect(out).toBe(`${nativeHello()}add(2, -3) = ${nativeAdd}; exit code 0\n`);
  });
});
