// Generated functions are large: a wasm function of a few thousand instructions becomes
// 100 KB of V8 bytecode, past V8's default limit for optimizing a function (60 KB), and
// an unoptimized function runs 10-20x slower (nbody: 20 s against 1.4 s). Where we run on
// Node, we raise that limit once, before the first unit is built. Other engines keep
// their defaults. docs/RATIONALE.md says why this is done here rather than by splitting
// functions (which remains the better fix for engines we cannot tune).

const MAX_OPTIMIZED_BYTECODE_SIZE = 1 << 20;

let tuned = false;

/** Raises V8's optimizable-function size limit on Node (once; harmless elsewhere). */
export function tuneEngineForGeneratedCode(): void {
  if (tuned) return;
  tuned = true;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString?: (flags: string) => void } | undefined;
  try {
    v8?.setFlagsFromString?.(`--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_SIZE}`);
  } catch {
    // An engine that refuses the flag runs the code all the same, only slower.
  }
}
