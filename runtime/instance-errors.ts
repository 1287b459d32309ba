// The error classes of the WebAssembly JS API. They live with the runtime, which throws
// them (a trap deep inside a host re-entry must already be the API's RuntimeError);
// src/api re-exports them.

export class CompileError extends Error {
  constructor(message?: string, options?: ErrorOptions) { super(message, options); }
}
CompileError.prototype.name = 'CompileError';

export class LinkError extends Error {
  constructor(message?: string, options?: ErrorOptions) { super(message, options); }
}
LinkError.prototype.name = 'LinkError';

/** One frame of a wasm backtrace, innermost first. */
export interface WasmFrame {
  funcIndex: number;
  name: string;
  /** Byte offset in the module of the instruction executing in this frame, if known. */
  wasmOffset: number | undefined;
}

export class RuntimeError extends Error {
  /** The wasm frames active at the trap, innermost first (empty when not a wasm trap). */
  wasmBacktrace: WasmFrame[] = [];
  constructor(message?: string, options?: ErrorOptions) { super(message, options); }
}
RuntimeError.prototype.name = 'RuntimeError';

/** `at func[N] name (wasm offset 0x..)`, the line format of wasm backtraces. */
export function formatFrame(f: WasmFrame): string {
  const where = f.wasmOffset === undefined ? 'wasm' : `wasm offset 0x${f.wasmOffset.toString(16)}`;
  return `at func[${f.funcIndex}] ${f.name} (${where})`;
}

/** A RuntimeError whose stack lists the wasm frames before the JS ones. */
export function trapError(message: string, frames: WasmFrame[]): RuntimeError {
  const error = new RuntimeError(message);
  error.wasmBacktrace = frames;
  if (frames.length > 0 && typeof error.stack === 'string') {
    const [head, ...jsFrames] = error.stack.split('\n');
    error.stack = [head, ...frames.map((f) => `    ${formatFrame(f)}`), ...jsFrames].join('\n');
  }
  return error;
}
