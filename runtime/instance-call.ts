// Calls across the host boundary. Into wasm: the callee's array-call trampoline runs on
// the store's embedding (runtime/embed.ts serves builtins and unwinds traps); a trap
// becomes a RuntimeError with a wasm backtrace. Out of wasm: JS functions
// imported by a module, called by the HostCall builtin. Exported functions are JS
// functions made here, one per VMFuncRef.

import { SP } from './machine.js';
import type { TrapInfo } from './embed.js';
import type { FramePc } from './unwind.js';
import { ARRAY_SLOT_BYTES, TRAP_MESSAGES, TrapCode } from '../src/compiler/abi.js';
import { lookupAtOrBefore } from '../src/compiler/module.js';
import { skippedForwarders } from '../src/compiler/forwarders.js';
import { type RuntimeError, type WasmFrame, trapError } from './instance-errors.js';
import { type Address, type FuncHandle, type Store, type WasmFunc, addressHi, addressLo } from './instance-store.js';
import { readValue, writeValue } from './instance-values.js';

const MAX_BACKTRACE = 64;

const address64 = (lo: number, hi: number): Address => (hi >>> 0) * 0x100000000 + (lo >>> 0);

// ## Exported functions

const handleOfFunction = new WeakMap<Function, FuncHandle>();

/** The function an exported JS function stands for, if it is one of ours. */
export function functionOf(fn: Function): FuncHandle | undefined {
  return handleOfFunction.get(fn);
}

/** The JS function for the VMFuncRef at `addr` (the same object every time). */
export function jsFunctionFor(store: Store, addr: Address): Function {
  const handle = store.func(addr);
  if (handle === undefined) throw new Error(`no function at VMFuncRef address 0x${addr.toString(16)}`);
  if (handle.jsFunction === undefined) {
    const fn = (...args: unknown[]): unknown => callFunction(store, handle, args);
    Object.defineProperty(fn, 'name', { value: String(handle.kind === 'wasm' ? handle.funcIndex : 0) });
    Object.defineProperty(fn, 'length', { value: handle.type.params.length });
    handle.jsFunction = fn;
    handleOfFunction.set(fn, handle);
  }
  return handle.jsFunction;
}

/** Calls a function from JS with the JS API's conversions both ways. */
export function callFunction(store: Store, f: FuncHandle, args: unknown[]): unknown {
  const { params, results } = f.type;
  const slots = Math.max(params.length, results.length, 1);
  const array = new DataView(new ArrayBuffer(slots * ARRAY_SLOT_BYTES));
  params.forEach((t, i) => writeValue(store, t, args[i], array, i * ARRAY_SLOT_BYTES));
  if (f.kind === 'wasm') {
    callWasm(store, f, array);
  } else {
    const hostArgs = params.map((t, i) => readValue(store, t, array, i * ARRAY_SLOT_BYTES));
    storeResults(store, f, f.fn(...hostArgs), array);
  }
  const values = results.map((t, i) => readValue(store, t, array, i * ARRAY_SLOT_BYTES));
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

/** Writes what a host function returned into the slots of its results. */
function storeResults(store: Store, f: FuncHandle, value: unknown, array: DataView): void {
  const results = f.type.results;
  if (results.length === 0) return;
  if (results.length === 1) {
    writeValue(store, results[0], value, array, 0);
    return;
  }
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    throw new TypeError(`a host function with ${results.length} results must return an iterable`);
  }
  const values = [...(value as Iterable<unknown>)];
  if (values.length !== results.length) {
    throw new TypeError(`a host function returned ${values.length} values for ${results.length} results`);
  }
  results.forEach((t, i) => writeValue(store, t, values[i], array, i * ARRAY_SLOT_BYTES));
}

// ## Into wasm

/**
 * Runs `f`'s array-call trampoline through the embedding, with `array` (16-byte slots:
 * parameters in, results out) copied onto the VM stack below sp. A trap becomes a
 * RuntimeError; a JS exception thrown by a host function inside goes on unchanged.
 */
export function callWasm(store: Store, f: WasmFunc, array: DataView): void {
  const m = store.machine;
  const bytes = array.byteLength;
  const spLo = m.xlo(SP) >>> 0, spHi = m.xhi(SP);
  if (spHi !== m.stack.id || spLo < bytes + 64) throw trapError(TRAP_MESSAGES[TrapCode.StackOverflow], []);
  const argsAt = spLo - bytes;
  m.stack.bytes.set(new Uint8Array(array.buffer, array.byteOffset, bytes), argsAt);
  m.setX64(SP, argsAt, spHi);
  const vmctx = { lo: addressLo(f.vmctx), hi: addressHi(f.vmctx) };
  let ok: boolean;
  try {
    const entry = { code: f.code.region, pc: f.code.compiled.arrayTrampolines[f.funcIndex] };
    ok = store.embedding.call(entry, vmctx, vmctx, { lo: argsAt, hi: m.stack.id }, bytes / ARRAY_SLOT_BYTES);
  } finally {
    m.setX64(SP, spLo, spHi);
  }
  const pending = store.pendingException;
  store.pendingException = undefined;
  if (!ok) {
    // A host function threw: its trampoline trapped; the exception itself goes on.
    if (pending !== undefined) throw pending.error;
    throw trapFrom(store, store.embedding.lastTrap);
  }
  new Uint8Array(array.buffer, array.byteOffset, bytes).set(m.stack.bytes.subarray(argsAt, argsAt + bytes));
}

function trapFrom(store: Store, info: TrapInfo | null): RuntimeError {
  if (info === null) return trapError('internal error: the array-call trampoline reported failure', []);
  const frames = backtraceFrames(store, info.backtrace);
  if (info.code === null) {
    // Not a wasm trap: an op the interpreter lacks or a bad jump (a compiler bug).
    return trapError(`internal error: ${info.kind ?? 'trap'}${info.message ? `: ${info.message}` : ''}`, frames);
  }
  return trapError(TRAP_MESSAGES[info.code], frames);
}

/**
 * Names the wasm functions of a backtrace (trampolines and foreign code are left out), with
 * the frames of forwarders a call skipped (src/compiler/forwarders.ts) put back.
 */
function backtraceFrames(store: Store, pcs: readonly FramePc[]): WasmFrame[] {
  const frames: WasmFrame[] = [];
  let inner: { compiled: object; funcIndex: number } | undefined;
  pcs.forEach((p, i) => {
    const loaded = store.codeAt(p.code.id);
    if (!loaded) { inner = undefined; return; }
    // Callers' pcs are return addresses: the call is the instruction just before.
    const at = i === 0 ? p.pc : p.pc - 1;
    const { compiled } = loaded;
    const f = compiled.functions.find((fn) => at >= fn.offset && at < fn.offset + fn.size);
    if (!f) { inner = undefined; return; }
    const wasmOffset = lookupAtOrBefore(compiled.sourceMap, at);
    if (inner?.compiled === compiled && wasmOffset !== undefined) {
      for (const skipped of skippedForwarders(compiled.module, wasmOffset, inner.funcIndex)) {
        const name = compiled.functions[skipped.funcIndex - compiled.module.numImportedFuncs]!.name;
        frames.push({ funcIndex: skipped.funcIndex, name, wasmOffset: skipped.wasmOffset });
      }
    }
    frames.push({ funcIndex: f.funcIndex, name: f.name, wasmOffset });
    inner = { compiled, funcIndex: f.funcIndex };
  });
  return frames.slice(0, MAX_BACKTRACE);
}

// ## Out of wasm: the HostCall builtin

/**
 * Calls the host function whose context is in x1 with the parameters in the slot array
 * (x3 = address, x4 = length) and writes its results back. Returns false if it threw
 * (the trampoline then traps; the exception is kept and rethrown when that reaches JS).
 */
export function hostCall(store: Store): boolean {
  const m = store.machine;
  const f = store.hostFuncAt(address64(m.xlo(1), m.xhi(1)));
  const arrayAddr = address64(m.xlo(3), m.xhi(3));
  const region = store.space.regions[addressHi(arrayAddr)]!;
  const at = addressLo(arrayAddr);
  const slots = Math.max(f.type.params.length, f.type.results.length, 1);
  const array = new DataView(region.bytes.buffer, region.bytes.byteOffset + at, slots * ARRAY_SLOT_BYTES);
  try {
    const args = f.type.params.map((t, i) => readValue(store, t, array, i * ARRAY_SLOT_BYTES));
    storeResults(store, f, f.fn(...args), array);
    return true;
  } catch (error) {
    store.pendingException = { error };
    return false;
  }
}

