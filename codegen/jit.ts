// Running generated code: building a code region's function table with `new Function`
// and entering it. The interpreter enters generated code by itself at calls (see
// enterJit in runtime/machine.ts); this file installs the tables.

import { ALL_OPS } from '../src/isa/ops.js';
import type { CompiledModule } from '../src/compiler/module.js';
import { callRegisters, outgoingAreaBytes } from '../src/compiler/signature.js';
import { regClass } from '../src/compiler/frame.js';
import { REG_VMCTX_ARG } from '../src/compiler/abi.js';
import { handlerFor, run } from '../runtime/interp.js';
import { MAX_JIT_DEPTH, TrapSignal, type DoneReason, type Machine, type Region } from '../runtime/machine.js';
import type { Handler } from '../runtime/ops/handler.js';
import { ctz32, popcnt32 } from '../runtime/ops/int64.js';
import { generateUnit, instantiateUnit, type GeneratedUnit, type UnitFunction, type UnitRuntime } from './unit.js';

/** Every op's interpreter handler, indexed by OpInfo.index, for the ops the JS tier does not inline. */
export const HANDLERS_BY_INDEX: readonly Handler[] = ALL_OPS.map(handlerFor);

/** What a generated unit needs from the machine it runs on. */
export function unitRuntime(m: Machine, code: Region): UnitRuntime {
  return {
    m, code, handlers: HANDLERS_BY_INDEX, TrapSignal, maxDepth: MAX_JIT_DEPTH, bits: { ctz32, popcnt32 },
    jitOf: (region) => region.jit,
  };
}

/** Installs the function table built by an already generated unit (JIT or AOT factory). */
export function installUnit(code: Region, table: ReturnType<typeof instantiateUnit>): void {
  code.jit = table;
}

/** Translates `functions` of `code` with `new Function` and installs them. */
export function jitRegion(m: Machine, code: Region, functions: readonly UnitFunction[],
  options: { structured?: boolean } = {}): GeneratedUnit {
  const unit = generateUnit(code.bytes, functions, options);
  installUnit(code, instantiateUnit(unit, unitRuntime(m, code)));
  return unit;
}

/**
 * The bytecode functions of a compiled module as translation units: its wasm functions
 * and its trampolines, each running up to the next entry.
 */
export function unitFunctionsOf(compiled: CompiledModule): UnitFunction[] {
  const names = new Map<number, string>();
  // The x registers each wasm function takes arguments and returns values in (docs/ABI.md "Calls").
  const conventions = new Map<number, NonNullable<UnitFunction['convention']>>();
  const { module } = compiled;
  // Memory 0's base and length in the vmctx: written by the runtime only, at instantiation
  // and when the memory grows (runtime/instance-memory.ts), which replaces its region.
  const vmctxFixed = module.memories.length > 0 ? [compiled.vmctx.memoryBase, compiled.vmctx.memoryLength] : [];
  const outgoingBytes = outgoingAreaBytes(module.types);
  for (const f of compiled.functions) {
    names.set(f.offset, f.name || `func${f.funcIndex}`);
    const type = module.types[module.funcTypeIndices[f.funcIndex]!]!;
    const regs = callRegisters(type);
    const inClass = (cls: 'x' | 'f', list: readonly number[], types: typeof type.params) => list.filter((r, i) => r >= 0 && regClass(types[i]!) === cls);
    conventions.set(f.offset, {
      params: [REG_VMCTX_ARG, ...inClass('x', regs.params, type.params)], results: inClass('x', regs.results, type.results), vmctxFixed,
      fParams: inClass('f', regs.params, type.params), fResults: inClass('f', regs.results, type.results),
      outgoingBytes,
    });
  }
  const entries = new Set<number>(compiled.functions.map((f) => f.offset));
  const trampolines = [...compiled.arrayTrampolines, ...compiled.hostTrampolines, ...compiled.hostTrampolinesByType];
  for (const t of trampolines) {
    if (t >= 0) {
      entries.add(t);
      if (!names.has(t)) names.set(t, 'trampoline');
    }
  }
  const sorted = [...entries].sort((a, b) => a - b);
  return sorted.map((entry, i) => ({ entry, end: sorted[i + 1] ?? compiled.code.length, name: names.get(entry), convention: conventions.get(entry) }));
}

/** Runs from `entry` of `code`: generated code where there is some, the interpreter for the rest. */
export function runJit(m: Machine, code: Region, entry: number): DoneReason {
  return run(m, code, entry);
}
