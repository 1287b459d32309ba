// Bytes → CompiledModule: the one place the API reaches the front end and the compiler.

import type { CompileOptions } from '../compiler/compile.js';
import type { CompiledModule } from '../compiler/module.js';
import { validateModule } from '../wasm/validate.js';
import { WasmCompileError } from '../wasm/errors.js';
import { CompileError } from './errors.js';

export type Compiler = (bytes: Uint8Array, options?: CompileOptions) => CompiledModule;

/** The bytes of a BufferSource, copied (the caller may change them afterwards). */
export function bytesOf(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
  }
  throw new TypeError('WebAssembly: the first argument must be an ArrayBuffer or a typed array view');
}

/** Whether the bytes are a valid module (decode + validate only). */
export function isValid(bytes: Uint8Array): boolean {
  try {
    validateModule(bytes);
    return true;
  } catch (e) {
    if (e instanceof WasmCompileError) return false;
    throw e;
  }
}

/** Runs `compiler`, turning front-end errors into CompileError with the reason and offset. */
export function compileWith(compiler: Compiler, bytes: Uint8Array): CompiledModule {
  try {
    return compiler(bytes);
  } catch (e) {
    if (e instanceof WasmCompileError) throw new CompileError(`WebAssembly.Module(): ${e.message}`, { cause: e });
    throw e;
  }
}
