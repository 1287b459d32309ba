// pulley-js's own tiers through its WebAssembly namespace: the reference interpreter and
// the JS tier (bytecode translated to JS with new Function). One namespace per program:
// a namespace's store keeps every instance's memory, so it is dropped with the program.

import { createWebAssembly, type Tier } from '../../src/index.js';
import type { Engine, RunnableInstance } from './engine.js';

function tierEngine(id: string, label: string, tier: Tier, slow: boolean): Engine {
  return {
    id, label, slow,
    ours: true,
    needsWebAssembly: false,
    async load(program) {
      const W = createWebAssembly({ tier });
      const module = new W.Module(program.wasm);
      return (imports) => new W.Instance(module, imports) as RunnableInstance;
    },
  };
}

export const interpEngine = tierEngine('interp', 'pulley-js interpreter', 'interp', true);
export const jsTierEngine = tierEngine('js', 'pulley-js JS tier', 'js', false);
