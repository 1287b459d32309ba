// Round trips through .pulley: every bench program and every module of 20 diverse spec
// files come back equal (test/format/compare.ts says what equal means), and modules
// loaded from .pulley run the same: the spec files' own assertions pass on an engine
// whose every module went through serialize → deserialize, and the bench programs print
// their expected output.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../shared.js';
import { compileModule } from '../../src/compiler/compile.js';
import { deserializeModule, serializeModule } from '../../src/format/pulley-file.js';
import { PULLEY_JS_VERSION } from '../../src/format/layout.js';
import { createWebAssembly } from '../../src/api/namespace.js';
import { Wasi } from '../../runtime/wasi/index.js';
import { type SpecEngine, groupFailures, runSpecFile } from '../spec/runner.js';
import { comparable } from './compare.js';

const benchDir = sharedPath('bench');
const specDir = sharedPath('wasm-testsuite/core');

/** Spread over the module's features: memory, tables, globals, segments, imports, names, start, SIMD, floats. */
const SPEC_FILES = [
  'address', 'br_table', 'call_indirect', 'data', 'elem', 'global', 'imports', 'exports', 'linking',
  'memory_grow', 'names', 'table_copy', 'table_init', 'start', 'float_exprs', 'conversions', 'ref_func',
  'bulk', 'custom', 'simd_const',
];

/** File bytes as a plain Uint8Array (a Buffer's views are Buffers, which toEqual tells apart). */
const read = (path: string) => new Uint8Array(readFileSync(path));
const roundTrip = (bytes: Uint8Array) => deserializeModule(serializeModule(compileModule(bytes)));

it('the pulley-js version in the header is package.json\'s', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(PULLEY_JS_VERSION.join('.')).toBe(pkg.version);
});

describe.skipIf(!benchDir)('bench programs', () => {
  const dir = benchDir!;
  const programs = benchDir ? readdirSync(join(dir, 'wasm')).filter((f) => f.endsWith('.wasm')) : [];

  it.each(programs)('%s comes back equal', (file) => {
    const compiled = compileModule(read(join(dir, 'wasm', file)));
    const bytes = serializeModule(compiled);
    const loaded = deserializeModule(bytes, { fileName: file.replace('.wasm', '.pulley') });
    expect(comparable(loaded)).toEqual(comparable(compiled));
    expect(serializeModule(loaded)).toEqual(bytes);
  });

  /** stdout and exit code of a bench program run with our Wasi on a WebAssembly-like namespace. */
  function runProgram(W: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => object }, wasm: Uint8Array, name: string, size: string) {
    const out: Uint8Array[] = [];
    const wasi = new Wasi({ args: [`${name}.wasm`, size], env: {}, stdout: (b) => out.push(b), stderr: (b) => out.push(b) });
    const code = wasi.start(new W.Instance(new W.Module(wasm), wasi.imports) as never);
    return { stdout: Buffer.concat(out).toString('utf8'), code };
  }

  // Sizes below the README's "small" keep this quick on the interpreter; Node's own
  // WebAssembly running the .wasm is the oracle.
  it.each([['sort', '2000'], ['mandelbrot', '40'], ['lz77', '20']])('%s %s loaded from .pulley prints what Node prints', (name, size) => {
    const wasm = read(join(dir, 'wasm', `${name}.wasm`));
    const pulley = serializeModule(compileModule(wasm));
    // The namespace's compiler is the .pulley loader: the Module is made from the file alone.
    const ours = createWebAssembly({ tier: 'interp', compiler: () => deserializeModule(pulley) });
    const expected = runProgram(globalThis.WebAssembly as never, wasm, name, size);
    expect(expected.stdout.length).toBeGreaterThan(0);
    expect(runProgram(ours as never, new Uint8Array(0), name, size)).toEqual(expected);
  });
});

describe.skipIf(!specDir)('spec testsuite modules', () => {
  const dir = specDir!;

  it.each(SPEC_FILES)('every module of %s.json comes back equal', (name) => {
    const commands = (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { commands: { type: string; filename?: string }[] }).commands;
    const modules = commands.filter((c) => c.type === 'module' && c.filename!.endsWith('.wasm'));
    expect(modules.length).toBeGreaterThan(0);
    for (const c of modules) {
      const wasm = read(join(dir, c.filename!));
      expect(comparable(roundTrip(wasm)), c.filename).toEqual(comparable(compileModule(wasm)));
    }
  });

  it.each(SPEC_FILES)('%s.json passes with every module loaded from .pulley', (name) => {
    const engine = createWebAssembly({ tier: 'interp', compiler: roundTrip }) as unknown as SpecEngine;
    const result = runSpecFile(engine, name, { dir });
    expect(result.failed.length, groupFailures(result.failed)).toBe(0);
    expect(result.passed).toBeGreaterThan(0);
  });
});
