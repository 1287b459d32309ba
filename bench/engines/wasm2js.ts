// binaryen's wasm2js: the module translated ahead of time to one JS file (asm.js style,
// i64 split into two int32 halves). Generated with the binaryen CLI before any timing and
// cached by content hash; the ES module it writes is rewritten to export its factory so
// each run makes a fresh instance.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeModule } from '../../src/wasm/decode.js';
import { I64 } from '../../src/wasm/types.js';
import { cacheDir } from '../paths.js';
import type { Program } from '../programs.js';
import type { Engine, Instantiate } from './engine.js';

/** binaryen's optimisation flag for wasm2js (-O4 gave the same code as -O3 here, twice as slowly). */
export const WASM2JS_OPT = '-O3';

const require = createRequire(import.meta.url);
const binaryenDir = dirname(require.resolve('binaryen'));
const binaryenVersion = (JSON.parse(readFileSync(join(binaryenDir, 'package.json'), 'utf8')) as { version: string }).version;

/** Path of the cached, rewritten wasm2js module for `program`. */
export function wasm2jsPath(program: Program): string {
  const hash = createHash('sha256').update(program.wasm).digest('hex').slice(0, 16);
  return join(cacheDir(), `wasm2js-${binaryenVersion}${WASM2JS_OPT}-${program.name}-${hash}.mjs`);
}

/** Runs binaryen's wasm2js on the program unless its output is cached; returns the module's path. */
export function generateWasm2js(program: Program): string {
  const out = wasm2jsPath(program);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir(), { recursive: true });
  const wasmFile = `${out}.wasm`, rawFile = `${out}.raw.mjs`;
  writeFileSync(wasmFile, program.wasm);
  const r = spawnSync(process.execPath, [join(binaryenDir, 'bin', 'wasm2js'), WASM2JS_OPT, wasmFile, '-o', rawFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wasm2js failed on ${program.name} (exit ${r.status}): ${r.stderr || r.error?.message}`);
  writeFileSync(`${out}.tmp`, asFactoryModule(readFileSync(rawFile, 'utf8'), program.name));
  renameSync(`${out}.tmp`, out);
  return out;
}

/** wasm2js's ES module imports its host modules and instantiates at load; keep only `asmFunc`, exported. */
function asFactoryModule(source: string, name: string): string {
  const tail = source.lastIndexOf('\nvar retasmFunc = asmFunc(');
  if (tail < 0 || !source.includes('function asmFunc(imports)')) {
    throw new Error(`wasm2js output for ${name} has an unexpected shape (no asmFunc / retasmFunc)`);
  }
  const body = source.slice(0, tail).replace(/^import \* as \w+ from '[^']*';$/gm, '');
  return `${body}\nexport default asmFunc;\n`;
}

type HostFunction = (...args: unknown[]) => unknown;

/**
 * wasm2js passes an imported function's i64 parameter as two int32 halves (low, high):
 * wrap such imports to hand Wasi the BigInt it expects, as every other engine does.
 */
type Imports = Record<string, Record<string, unknown>>;

function importLegalizer(program: Program): (imports: Imports) => Imports {
  const module = decodeModule(program.wasm);
  const wide = module.imports.flatMap((imp) => {
    if (imp.desc.kind !== 'func') return [];
    const type = module.types[imp.desc.typeIndex]!;
    if (type.results.includes(I64)) throw new Error(`wasm2js engine: import ${imp.module}.${imp.name} of ${program.name} returns i64, which wasm2js cannot pass`);
    return type.params.includes(I64) ? [{ imp, type }] : [];
  });
  return (imports) => {
    const result: Imports = {};
    for (const [name, fields] of Object.entries(imports)) result[name] = { ...fields };
    for (const { imp, type } of wide) legalize(result, imp.module, imp.name, type.params);
    return result;
  };
}

/** Replaces imports[moduleName][name] by a function taking each i64 as (low, high) int32s. */
function legalize(imports: Imports, moduleName: string, name: string, params: readonly number[]): void {
  const fn = imports[moduleName]?.[name] as HostFunction | undefined;
  if (typeof fn !== 'function') return;
  imports[moduleName]![name] = (...halves: number[]) => {
    const args: unknown[] = [];
    let k = 0;
    for (const t of params) {
      if (t === I64) {
        args.push(BigInt.asIntN(64, BigInt(halves[k]! >>> 0) | (BigInt(halves[k + 1]! | 0) << 32n)));
        k += 2;
      } else args.push(halves[k++]);
    }
    return fn(...args);
  };
}

export const wasm2jsEngine: Engine = {
  id: 'wasm2js',
  label: `binaryen wasm2js ${WASM2JS_OPT}`,
  ours: false,
  needsWebAssembly: false,
  slow: false,
  async prepare(program) {
    generateWasm2js(program);
  },
  async load(program): Promise<Instantiate> {
    const file = generateWasm2js(program);
    const factory = (await import(pathToFileURL(file).href) as { default: (imports: object) => Record<string, unknown> }).default;
    const legalized = importLegalizer(program);
    return (imports) => ({ exports: factory(legalized(imports)) });
  },
};

/** Size in bytes of the generated JS (for the start-up table). */
export const wasm2jsSize = (program: Program): number => readFileSync(generateWasm2js(program)).length;
