// The engine contract: load a program once (compile, generate code), then make as many
// fresh instances of it as the measurement needs. Every engine gets the same Wasi.

import type { Program } from '../programs.js';

/** What Wasi.start needs: exports with `memory` and `_start`. */
export interface RunnableInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** A program loaded into an engine: each call makes a new instance with its own memory. */
export type Instantiate = (imports: Record<string, Record<string, unknown>>) => RunnableInstance;

export interface Engine {
  /** Short name used on the command line, in tables and in the JSON. */
  readonly id: string;
  readonly label: string;
  /** One of pulley-js's own: a wrong result here fails the bench (a competitor's is only reported). */
  readonly ours: boolean;
  /** Needs V8's WebAssembly (absent under --jitless). */
  readonly needsWebAssembly: boolean;
  /** So slow that --quick leaves it out unless it is named with --engines. */
  readonly slow: boolean;
  /**
   * Detaches ArrayBuffers when memory grows (as the JS API asks of a buffer JS code holds).
   * The first detach in a process makes V8 check for detachment at every typed array and
   * DataView access from then on, so such engines are measured after all the others.
   */
  readonly detachesBuffers?: boolean;
  /** Work done before timing that a --jitless child cannot do (e.g. running binaryen): done by the parent. */
  prepare?(program: Program): Promise<void>;
  load(program: Program): Promise<Instantiate>;
}
