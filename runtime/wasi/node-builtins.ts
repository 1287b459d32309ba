// Node's built-in modules, loaded only when first needed and without a static import,
// so runtime/wasi still loads in a browser or under Hermes (where they do not exist).

import type * as NodeFs from 'node:fs';

interface NodeProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcessLike | undefined {
  return (globalThis as { process?: NodeProcessLike }).process;
}

let fsModule: typeof NodeFs | undefined;

/** node:fs, or undefined where there is none. */
export function nodeFs(): typeof NodeFs | undefined {
  fsModule ??= nodeProcess()?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  return fsModule;
}

/** node:fs, or a clear error naming what needed it. */
export function requireNodeFs(purpose: string): typeof NodeFs {
  const fs = nodeFs();
  if (!fs) throw new Error(`${purpose} needs node:fs (Node >= 20.16); use MemoryFileSystem in other engines`);
  return fs;
}
