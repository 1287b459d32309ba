// The WebAssembly JS API over pulley-js.
export { createWebAssembly, type WebAssemblyNamespace, type WebAssemblyOptions, type Tier } from './namespace.js';
export { CompileError, LinkError, RuntimeError, type WasmFrame } from './errors.js';
