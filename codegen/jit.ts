// Running generated code: building a region's function table with `new Function`, and
// entering it from the interpreter's side.

import { ALL_OPS } from '../src/isa/ops.js';
import { handlerFor, run } from '../runtime/interp.js';
import { DONE, TrapSignal, type DoneReason, type Machine, type Region } from '../runtime/machine.js';
import type { Handler } from '../runtime/ops/handler.js';
import { generateUnit, instantiateUnit, type JitFunction, type UnitFunction, type UnitRuntime } from './unit.js';

/** Every op's interpreter handler, indexed by OpInfo.index, for the ops the JS tier does not inline. */
export const HANDLERS_BY_INDEX: readonly Handler[] = ALL_OPS.map(handlerFor);

/**
 * Generated frames that may nest before calls are left to the interpreter: JS's own stack
 * must never overflow (the VM stack's StackOverflow is the only "stack exhausted").
 */
export const MAX_JIT_DEPTH = 1000;

const tables = new WeakMap<Region, (JitFunction | undefined)[]>();

/** The function table of a code region, if it has been translated. */
export function jitTableOf(region: Region): (JitFunction | undefined)[] | undefined {
  return tables.get(region);
}

/** Translates `functions` of `code` and installs the table for the region. */
export function jitRegion(m: Machine, code: Region, functions: readonly UnitFunction[]): (JitFunction | undefined)[] {
  const unit = generateUnit(code.bytes, functions);
  const rt: UnitRuntime = {
    m, code, handlers: HANDLERS_BY_INDEX, TrapSignal, maxDepth: MAX_JIT_DEPTH, jitOf: jitTableOf,
  };
  const table = instantiateUnit(unit, rt);
  tables.set(code, table);
  return table;
}

/** Runs from `entry`: generated code where there is some, the interpreter for the rest. */
export function runJit(m: Machine, code: Region, entry: number): DoneReason {
  m.enterCode(code);
  m.done = null;
  const fn = tables.get(code)?.[entry];
  let pc = entry;
  if (fn !== undefined) {
    (m as unknown as { jitDepth: number }).jitDepth = 0;
    pc = fn(m);
    if (pc === DONE) return m.done!;
  }
  return run(m, m.codeRegion, pc);
}
