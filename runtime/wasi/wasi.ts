// The Wasi object: options in, an import object out, and start/initialize for an
// instance shaped like the standard WebAssembly JS API (ours or the engine's own).

import { DIRECTORY_RIGHTS, Errno, FILE_RIGHTS, Rights, STREAM_RIGHTS } from './constants.js';
import type { WasiCall, WasiCalls, WasiContext } from './context.js';
import { fdCalls } from './calls-fd.js';
import { pathCalls } from './calls-path.js';
import { pollCalls } from './calls-poll.js';
import { processCalls } from './calls-process.js';
import { ExitSignal, errnoOf } from './errors.js';
import { FdTable } from './fd-table.js';
import type { FileSystemBackend } from './fs-backend.js';
import { GuestMemory } from './guest-memory.js';
import { INTERNAL_BUFFER } from '../instance-memory.js';
import { HostFileSystem } from './host-fs.js';
import { makeReader, makeWriter, type InputSource, type OutputSink, type Writer } from './stdio.js';

export interface WasiOptions {
  /** argv, including the program name. */
  args?: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Guest directory name → directory in `fs` (a host path for the default host fs). */
  preopens?: Readonly<Record<string, string>>;
  /** Bytes or text to read, or a callback returning up to maxBytes (null/empty = end). Default: the process's stdin in Node, nothing elsewhere. */
  stdin?: InputSource;
  /** Receives each write. Default: the process's stdout/stderr in Node, the console elsewhere. */
  stdout?: OutputSink;
  stderr?: OutputSink;
  /** Where preopens live. Default: the host file system (Node only, loaded when first used). */
  fs?: FileSystemBackend;
  /** false: proc_exit ends the Node process. Default true: start() returns the exit code. */
  returnOnExit?: boolean;
}

/** What start/initialize need from an instance: its exports, as the JS API shapes them. */
export interface WasiInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

/** A host misuse (no memory export, started twice): thrown to the host, not mapped to an errno. */
export class WasiUsageError extends Error {
  override name = 'WasiUsageError';
}

/** preview1 functions this implementation leaves out; they answer ENOSYS. */
const UNSUPPORTED = [
  'fd_advise', 'fd_allocate', 'fd_fdstat_set_rights', 'fd_filestat_set_times', 'fd_renumber',
  'path_filestat_set_times', 'path_link', 'proc_raise',
  'sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown',
] as const;

export class Wasi {
  readonly imports: { wasi_snapshot_preview1: Record<string, WasiCall> };
  private instance: WasiInstance | undefined;
  private started = false;
  private readonly returnOnExit: boolean;
  private readonly outputs: Writer[];

  constructor(options: WasiOptions = {}) {
    this.returnOnExit = options.returnOnExit ?? true;
    const fds = new FdTable();
    fds.add({ kind: 'stream', rights: STREAM_RIGHTS & ~Rights.FD_WRITE, fdflags: 0, read: makeReader(options.stdin) });
    this.outputs = [makeWriter(options.stdout, 1), makeWriter(options.stderr, 2)];
    for (const output of this.outputs) {
      fds.add({ kind: 'stream', rights: STREAM_RIGHTS & ~Rights.FD_READ, fdflags: 0, write: output.write });
    }
    for (const [guestName, path] of Object.entries(options.preopens ?? {})) {
      fds.add({
        kind: 'dir', path, preopenName: guestName, fdflags: 0,
        rights: DIRECTORY_RIGHTS, inheriting: DIRECTORY_RIGHTS | FILE_RIGHTS,
      });
    }

    let fs = options.fs;
    const context: WasiContext = {
      memory: () => this.memory(),
      fds,
      fs: () => (fs ??= new HostFileSystem()),
      args: [...(options.args ?? [])],
      env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    };

    const calls: WasiCalls = {
      ...processCalls(context), ...fdCalls(context), ...pathCalls(context), ...pollCalls(context),
    };
    const table: Record<string, WasiCall> = {};
    for (const [name, call] of Object.entries(calls)) table[name] = guard(call);
    for (const name of UNSUPPORTED) table[name] = () => Errno.NOSYS;
    this.imports = { wasi_snapshot_preview1: table };
  }

  /** The import object (the same object as `imports`). */
  getImportObject(): { wasi_snapshot_preview1: Record<string, WasiCall> } {
    return this.imports;
  }

  /** Runs a command's `_start`; returns its exit code (0 if it returns normally). */
  start(instance: WasiInstance): number {
    const entry = this.bind(instance, '_start');
    try {
      entry();
      return 0;
    } catch (error) {
      if (!(error instanceof ExitSignal)) throw error;
      for (const output of this.outputs) output.flush(); // process.exit would skip `finally`
      if (!this.returnOnExit) exitProcess(error.code);
      return error.code;
    } finally {
      for (const output of this.outputs) output.flush();
    }
  }

  /** Sets up a reactor: calls `_initialize` if it exports one. */
  initialize(instance: WasiInstance): void {
    const entry = this.bind(instance, '_initialize');
    entry?.();
  }

  private bind(instance: WasiInstance, entryName: '_start'): () => unknown;
  private bind(instance: WasiInstance, entryName: '_initialize'): (() => unknown) | undefined;
  private bind(instance: WasiInstance, entryName: string): (() => unknown) | undefined {
    if (this.started) throw new WasiUsageError('this Wasi was already started or initialized; make one per instance');
    const memory = instance.exports.memory as MemoryLike | undefined;
    const buffer = memory === undefined || memory === null ? undefined : bufferOf(memory);
    if (!(buffer instanceof ArrayBuffer || buffer instanceof Uint8Array || isShared(buffer))) {
      throw new WasiUsageError('the instance must export its linear memory as "memory"');
    }
    const entry = instance.exports[entryName];
    if (entry !== undefined && typeof entry !== 'function') throw new WasiUsageError(`export ${entryName} is not a function`);
    if (entry === undefined && entryName === '_start') throw new WasiUsageError('the instance exports no _start function');
    this.started = true;
    this.instance = instance;
    return entry as (() => unknown) | undefined;
  }

  private memory(): GuestMemory {
    if (!this.instance) throw new WasiUsageError('WASI call before start() or initialize()');
    // Re-read on every call: growing memory replaces the buffer.
    return new GuestMemory(bufferOf(this.instance.exports.memory as MemoryLike) as ArrayBufferLike | Uint8Array);
  }
}

function isShared(buffer: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
}

/** Wraps a call so every failure becomes an errno; only exit and host misuse propagate. */
function guard(call: WasiCall): WasiCall {
  return (...args: unknown[]) => {
    try {
      return call(...args);
    } catch (error) {
      if (error instanceof ExitSignal || error instanceof WasiUsageError) throw error;
      return errnoOf(error);
    }
  };
}

function exitProcess(code: number): never {
  const proc = (globalThis as { process?: { exit?: (code: number) => never } }).process;
  if (!proc?.exit) throw new WasiUsageError(`returnOnExit: false needs process.exit (exit code ${code})`);
  return proc.exit(code);
}


/** A WebAssembly.Memory, ours or the host's. */
interface MemoryLike { buffer?: unknown; [INTERNAL_BUFFER]?: () => Uint8Array }

/**
 * The memory's current buffer; ours gives its bytes instead, without handing the buffer to
 * JS code, so that growing the memory need not detach it (runtime/instance-memory.ts says
 * why that matters), and with the memory's length (the buffer may have room reserved past it).
 */
function bufferOf(memory: MemoryLike): unknown {
  const internal = memory[INTERNAL_BUFFER];
  return typeof internal === 'function' ? internal.call(memory) : memory.buffer;
}
