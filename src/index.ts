// pulley-js: WebAssembly for every JavaScript engine. `WebAssembly` is a ready namespace
// on the interpreter tier; `createWebAssembly` makes more (each with its own store).
import { createWebAssembly } from './api/namespace.js';

export { createWebAssembly, type WebAssemblyNamespace, type WebAssemblyOptions, type Tier } from './api/namespace.js';
export { CompileError, LinkError, RuntimeError, type WasmFrame } from './api/errors.js';

export const WebAssembly = createWebAssembly({ tier: 'interp' });
