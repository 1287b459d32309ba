// Node's own WebAssembly as the oracle: the imports and exports we decode must be the ones
// V8 reports, and on randomly mutated modules we must accept exactly what V8 accepts
// (without ever failing with anything but a WasmCompileError).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WasmCompileError } from '../../src/wasm/errors.js';
import { validateModule } from '../../src/wasm/validate.js';
import { sharedPath } from '../shared.js';
import { loadSpecModuleCases } from './spec-suite.js';

const coreDir = sharedPath('wasm-testsuite/core');
const benchDir = sharedPath('bench/wasm');

function validModuleFiles(): string[] {
  const files = coreDir ? loadSpecModuleCases(coreDir).filter((c) => c.valid).map((c) => c.wasm) : [];
  if (benchDir) files.push(...readdirSync(benchDir).filter((f) => f.endsWith('.wasm')).map((f) => join(benchDir, f)));
  return files;
}

/**
 * Node 20's V8 also ships threads, exception handling and tail calls, which 2.0 (and so we)
 * reject. When V8 accepts a module we reject, this names the post-2.0 feature at fault, if any.
 */
function v8Extension(bytes: Uint8Array, error: WasmCompileError): string | undefined {
  const byte = bytes[error.offset];
  if (error.reason === 'illegal opcode' && [0x06, 0x07, 0x08, 0x09, 0x12, 0x13, 0x18, 0x19, 0xfe].includes(byte)) {
    return 'exception, tail-call or atomic opcode';
  }
  if (error.reason === 'malformed section id' && byte === 13) return 'tag section';
  // No LEB128 byte is "too large" with value 2 or 3: this is a limits flag (shared memory).
  if (error.reason === 'integer too large' && (byte === 2 || byte === 3)) return 'shared memory limits';
  return undefined;
}

const KIND_NAMES = { func: 'function', table: 'table', memory: 'memory', global: 'global' } as const;

describe.skipIf(!coreDir && !benchDir)('agreement with V8', () => {
  it('imports and exports match WebAssembly.Module.imports/exports', () => {
    const files = validModuleFiles();
    const mismatches: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      const m = validateModule(bytes);
      const v8 = new WebAssembly.Module(bytes);
      const ours = {
        imports: m.imports.map((i) => ({ module: i.module, name: i.name, kind: KIND_NAMES[i.desc.kind] })),
        exports: m.exports.map((e) => ({ name: e.name, kind: KIND_NAMES[e.kind] })),
      };
      const theirs = { imports: WebAssembly.Module.imports(v8), exports: WebAssembly.Module.exports(v8) };
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push(file);
    }
    expect(files.length).toBeGreaterThan(1000);
    expect(mismatches).toEqual([]);
  });

  it('random byte mutations: accepted exactly when V8 accepts (bar its post-2.0 features), rejected only with WasmCompileError', () => {
    const files = validModuleFiles();
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const problems: string[] = [];
    const extensions = new Map<string, number>();
    let accepted = 0;
    const trials = 4000;
    for (let trial = 0; trial < trials; trial++) {
      const file = files[Math.floor(random() * files.length)];
      const bytes = new Uint8Array(readFileSync(file));
      const flips = 1 + Math.floor(random() * 3);
      for (let j = 0; j < flips; j++) {
        const at = 8 + Math.floor(random() * (bytes.length - 8));
        bytes[at] = random() < 0.5 ? Math.floor(random() * 256) : bytes[at] ^ (1 << Math.floor(random() * 8));
      }
      let error: unknown;
      try {
        validateModule(bytes);
      } catch (e) {
        error = e;
      }
      if (error !== undefined && !(error instanceof WasmCompileError)) problems.push(`trial ${trial} (${file}): crashed: ${String(error)}`);
      else if (WebAssembly.validate(bytes) !== (error === undefined)) {
        const feature = error && v8Extension(bytes, error);
        if (feature) {
          extensions.set(feature, (extensions.get(feature) ?? 0) + 1);
          continue;
        }
        problems.push(`trial ${trial} (${file}): V8 ${error === undefined ? 'rejects' : 'accepts'}, we ${error === undefined ? 'accept' : `reject: ${(error as Error).message}`}`);
      }
      if (error === undefined) accepted++;
    }
    console.log(`mutations: ${trials} trials, ${accepted} still valid, ${problems.length} disagreements; ` +
      `V8 accepts post-2.0 features we reject: ${JSON.stringify(Object.fromEntries(extensions))}`);
    expect(problems).toEqual([]);
  });
});
