// The ceiling: V8's own WebAssembly. Compiled once per program; each run instantiates.

import type { Engine, RunnableInstance } from './engine.js';

/** The host's WebAssembly (this project's TS lib has no DOM types), or undefined (--jitless). */
export interface HostWebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => RunnableInstance;
}
export const hostWebAssembly = (): HostWebAssembly | undefined =>
  (globalThis as { WebAssembly?: HostWebAssembly }).WebAssembly;

export const nativeEngine: Engine = {
  id: 'native',
  label: 'Node WebAssembly',
  ours: false,
  needsWebAssembly: true,
  slow: false,
  detachesBuffers: true,
  async load(program) {
    const W = hostWebAssembly();
    if (!W) throw new Error('this Node has no WebAssembly (--jitless?)');
    const module = new W.Module(program.wasm);
    return (imports) => new W.Instance(module, imports);
  },
};
