// pulley-js ahead of time: the ES module `pulley jsgen` writes (the .pulley bytecode and the
// JS tier's generated functions, no eval), generated once per program per bench run before
// any timing, then imported. Instances run on the JS tier with the imported functions.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAotModule } from '../../codegen/aot.js';
import { compileModule } from '../../src/compiler/compile.js';
import { createWebAssembly, type WebAssemblyNamespace } from '../../src/index.js';
import { cacheDir } from '../paths.js';
import type { Program } from '../programs.js';
import type { Engine, RunnableInstance } from './engine.js';

/** Set by the parent for its --jitless child: use the modules it generated, make none. */
export const REUSE_GENERATED_ENV = 'PULLEY_BENCH_REUSE_GENERATED';

/** The package entry the generated module imports its runtime from (this build's). */
const RUNTIME_URL = new URL('../../src/index.js', import.meta.url).href;

const generated = new Set<string>();

export function aotPath(program: Program): string {
  const hash = createHash('sha256').update(program.wasm).digest('hex').slice(0, 16);
  return join(cacheDir(), 'aot', `${program.name}-${hash}.mjs`);
}

/** Writes the AOT module for `program` (once per process: our code generator changes between runs). */
export function generateAot(program: Program): string {
  const file = aotPath(program);
  if (generated.has(file) || (process.env[REUSE_GENERATED_ENV] && existsSync(file))) return file;
  mkdirSync(join(cacheDir(), 'aot'), { recursive: true });
  writeFileSync(file, generateAotModule(compileModule(program.wasm), { runtimeSpecifier: RUNTIME_URL, sourceName: `${program.name}.wasm` }));
  generated.add(file);
  return file;
}

interface AotModule {
  load(namespace: WebAssemblyNamespace): object;
}

export const aotEngine: Engine = {
  id: 'aot',
  label: 'pulley-js AOT module',
  ours: true,
  needsWebAssembly: false,
  slow: false,
  async prepare(program) {
    generateAot(program);
  },
  async load(program) {
    const aot = await import(pathToFileURL(generateAot(program)).href) as AotModule;
    const W = createWebAssembly({ tier: 'js' });
    const module = aot.load(W) as InstanceType<typeof W.Module>;
    return (imports) => new W.Instance(module, imports) as RunnableInstance;
  },
};
