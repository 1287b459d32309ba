// The one error type of the wasm front end: a module that is malformed (cannot be decoded)
// or invalid (decodes but breaks a typing rule). Like WebAssembly.CompileError, it says
// why (the spec's own wording where the spec tests give one) and where.

export class WasmCompileError extends Error {
  override readonly name = 'WasmCompileError';

  constructor(
    /** The reason alone, e.g. "type mismatch". */
    readonly reason: string,
    /** Byte offset in the module where the problem was found. */
    readonly offset: number,
    /** Index of the function (in the function index space) whose body is at fault, if any. */
    readonly funcIndex?: number,
  ) {
    super(
      `${reason} at offset 0x${offset.toString(16)}` +
        (funcIndex === undefined ? '' : ` (function ${funcIndex})`),
    );
  }
}
