// Every engine the bench knows, in table order: ours first, then the ceiling, then the competitors.

import { aotEngine } from './aot.js';
import type { Engine } from './engine.js';
import { nativeEngine } from './native.js';
import { interpEngine, jsTierEngine } from './pulley.js';
import { polywasmEngine } from './polywasm.js';
import { wasm2jsEngine } from './wasm2js.js';

export type { Engine } from './engine.js';

export const ALL_ENGINES: readonly Engine[] = [interpEngine, jsTierEngine, aotEngine, nativeEngine, wasm2jsEngine, polywasmEngine];

export const NATIVE_ID = nativeEngine.id;

export function engineById(id: string): Engine {
  const engine = ALL_ENGINES.find((e) => e.id === id);
  if (!engine) throw new Error(`bench: unknown engine "${id}" (have: ${ALL_ENGINES.map((e) => e.id).join(', ')})`);
  return engine;
}
