// polywasm: a WebAssembly polyfill that translates each function to JS (i64 as BigInt).

import { WebAssembly as PolyWasm } from 'polywasm';
import type { Engine, RunnableInstance } from './engine.js';

export const polywasmEngine: Engine = {
  id: 'polywasm',
  label: 'polywasm',
  ours: false,
  needsWebAssembly: false,
  slow: false,
  detachesBuffers: true,
  async load(program) {
    const module = new PolyWasm.Module(program.wasm);
    return (imports) => new PolyWasm.Instance(module, imports) as RunnableInstance;
  },
};
