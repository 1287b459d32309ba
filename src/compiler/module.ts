// What the compiler hands the runtime: the decoded module's declarations plus one block of
// Pulley bytecode for the whole module and the side tables needed to run it (entry
// points, trampolines, traps, source positions). docs/ABI.md is the contract the bytecode
// follows; the runtime instantiates from this object alone.

import type { FuncType, WasmModule } from '../wasm/types.js';
import type { TrapCode } from './abi.js';
import type { VmctxLayout, VmctxShape } from './vmctx.js';

/** One function defined in the module (not imported). */
export interface CompiledFunction {
  /** Index in the function index space (imports first). */
  readonly funcIndex: number;
  /** Byte offset of the function's entry (internal ABI, docs/ABI.md "Calls") in `code`. */
  readonly offset: number;
  /** Bytes of bytecode, from `offset`. */
  readonly size: number;
  /** From the name section if present, else `func<index>`; for backtraces. */
  readonly name: string;
}

/**
 * pc → value maps, as two parallel arrays sorted by pc (binary-search `pcs`).
 * Used for traps (value: TrapCode) and for source positions (value: wasm byte offset).
 */
export interface PcTable {
  readonly pcs: Uint32Array;
  readonly values: Uint32Array;
}

export interface CompiledModule {
  /**
   * The decoded module: types, imports, exports, functions' type indices, tables,
   * memories, globals with their init expressions, element and data segments, start,
   * names and custom sections (src/wasm/types.ts documents each field).
   */
  readonly module: WasmModule;

  /** The whole module's bytecode: functions, then trampolines. Mapped as one code region. */
  readonly code: Uint8Array;

  /** Per defined function (index i is function module.numImportedFuncs + i). */
  readonly functions: readonly CompiledFunction[];

  /**
   * Per function index (imported and defined): offset in `code` of its array-call
   * trampoline (docs/ABI.md "Entry from the host"): x0 = callee vmctx, x1 = caller
   * vmctx, x2 = address of an array of 16-byte slots holding the parameters (results are
   * written back into it), x3 = its length in slots. The runtime calls exports, the
   * start function and table entries from the host through these. For an imported
   * function the trampoline calls through its vmctx import slot.
   */
  readonly arrayTrampolines: readonly number[];

  /**
   * Per imported function (index i is function i): offset in `code` of its host
   * trampoline, the `code` to put in the VMFuncRef the runtime makes for a JS function
   * supplied as that import (docs/ABI.md "VMFuncRef"). One trampoline per distinct
   * signature; entries may repeat.
   */
  readonly hostTrampolines: readonly number[];

  /**
   * Host trampoline for each type index, for any JS function given the type (e.g.
   * a host function placed in a table through another import). Same code as above.
   */
  readonly hostTrampolinesByType: readonly number[];

  /** pc of each `trap` op in `code` → its TrapCode (Pulley's own traps are not listed). */
  readonly traps: PcTable;

  /**
   * pc → byte offset in the wasm module of the instruction the bytecode at that pc came
   * from (the entry with the greatest pc <= a given pc applies). For trap backtraces.
   */
  readonly sourceMap: PcTable;

  /** The module's vmctx shape and the offsets of every field (src/compiler/vmctx.ts). */
  readonly vmctxShape: VmctxShape;
  readonly vmctx: VmctxLayout;

  /**
   * Canonical signature of each type index, e.g. "i32,i64->f32". Structurally equal
   * types have equal strings; the runtime maps them to process-wide type ids and fills
   * the vmctx type-id table, which call_indirect compares against VMFuncRef.typeId.
   */
  readonly signatures: readonly string[];

  /** The module's function types (module.types), for convenience. */
  readonly types: readonly FuncType[];

  /**
   * Compiled with `{ fuel: true }`: the code spends the vmctx fuel counter (docs/ABI.md
   * "Fuel"), which the runtime must set before running anything. A serialized module
   * must keep this flag.
   */
  readonly fuel: boolean;
}

/** Offset of the u32 host-function id in a host function's context (VMFuncRef.vmctx). */
export const HOST_CONTEXT_ID = 0;

/** The canonical signature string of a function type. */
export function canonicalSignature(type: FuncType): string {
  return `${type.params.join(',')}->${type.results.join(',')}`;
}

/** The value at `pc` in a PcTable: exact match for traps (undefined if none). */
export function lookupExact(table: PcTable, pc: number): number | undefined {
  const i = lowerBound(table.pcs, pc);
  return i < table.pcs.length && table.pcs[i] === pc ? table.values[i] : undefined;
}

/** The value of the last entry at or before `pc` (source positions). */
export function lookupAtOrBefore(table: PcTable, pc: number): number | undefined {
  let i = lowerBound(table.pcs, pc);
  if (i < table.pcs.length && table.pcs[i] === pc) return table.values[i];
  i -= 1;
  return i >= 0 ? table.values[i] : undefined;
}

function lowerBound(pcs: Uint32Array, pc: number): number {
  let lo = 0;
  let hi = pcs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pcs[mid]! < pc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The trap code type re-exported for users of the trap table. */
export type { TrapCode };
