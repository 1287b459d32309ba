// pulley-js: WebAssembly for every JavaScript engine. `WebAssembly` is a ready namespace
// on the interpreter tier; `createWebAssembly` makes more (each with its own store).
import { compileModule } from './compiler/compile.js';
import { createWebAssembly as createNamespace, type WebAssemblyOptions } from './api/namespace.js';

export { type WebAssemblyNamespace, type WebAssemblyOptions, type Tier } from './api/namespace.js';
export { CompileError, LinkError, RuntimeError, type WasmFrame } from './api/errors.js';

/** A WebAssembly namespace with its own store; the compiler is the wasm → Pulley one unless given. */
export function createWebAssembly(options: WebAssemblyOptions = {}) {
  return createNamespace({ compiler: compileModule, ...options });
}

export const WebAssembly = createWebAssembly({ tier: 'interp' });
