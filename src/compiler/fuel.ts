// Fuel: bounded execution, decided in the bytecode so that every tier that runs the same
// bytecode stops at the same point (docs/ABI.md "Fuel"). A module compiled with
// `{ fuel: true }` spends one unit at each function entry and at each loop header (so
// every loop iteration, the first included): it decrements the i64 counter in its vmctx
// and traps with TrapCode.OutOfFuel once the counter goes negative. With fuel N a guest
// therefore runs N units and traps on unit N+1. Without the option nothing is emitted.

import type { BytecodeWriter } from '../isa/encode.js';
import { opByMnemonic } from '../isa/ops.js';
import { REG_SPILLTMP, REG_VMCTX, TrapCode } from './abi.js';

const XLOAD64 = opByMnemonic('xload64le_o32');
const XSTORE64 = opByMnemonic('xstore64le_o32');
const XSUB64_U8 = opByMnemonic('xsub64_u8');
const BR_IF_XSGTEQ64_I8 = opByMnemonic('br_if_xsgteq64_i8');

/** Fuel one function entry or one loop iteration costs. */
export const FUEL_PER_UNIT = 1;

/**
 * Emits the fuel check: counter -= 1 in the vmctx (x29 must hold it), trap when the result
 * is negative. Uses only the spill temporary (x31), so it may go anywhere the operand
 * stack is flushed to its homes: after the prologue, at a loop header.
 */
export function emitFuelCheck(w: BytecodeWriter, fuelOffset: number, trap: (code: TrapCode) => void): void {
  const t = REG_SPILLTMP;
  w.emitFields(XLOAD64, t, REG_VMCTX, fuelOffset);
  w.emitFields(XSUB64_U8, t, t, FUEL_PER_UNIT);
  w.emitFields(XSTORE64, REG_VMCTX, fuelOffset, t);
  const ok = w.newLabel();
  w.emitFields(BR_IF_XSGTEQ64_I8, t, 0, ok);
  trap(TrapCode.OutOfFuel);
  w.bind(ok);
}
