// What the WASI call implementations share: the guest memory (re-read on every call),
// the descriptor table, the file-system backend and the process's args and environment.

import type { FdTable } from './fd-table.js';
import type { FileSystemBackend } from './fs-backend.js';
import type { GuestMemory } from './guest-memory.js';

export interface WasiContext {
  /** A view of the guest's memory as it is now (never keep it past the call). */
  memory(): GuestMemory;
  readonly fds: FdTable;
  fs(): FileSystemBackend;
  readonly args: readonly string[];
  /** "KEY=value" strings. */
  readonly env: readonly string[];
}

/**
 * A WASI function: JS-API values in (i32 as number, i64 as bigint), errno out (or
 * nothing, for proc_exit). Failures are thrown and turned into errno by the wrapper.
 */
export type WasiCall = (...args: any[]) => number | void;

export type WasiCalls = Record<string, WasiCall>;
