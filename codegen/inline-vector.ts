// Inline JS for Pulley's vector (v128) ops. Ops not listed here run through the
// interpreter's handlers (translate.ts), which is always correct but slower.

import type { Emit } from './inline-ops.js';

/** Inline JS for a vector op, or undefined to use the interpreter's handler. */
export function vectorOp(_e: Emit): string | undefined {
  return undefined;
}
