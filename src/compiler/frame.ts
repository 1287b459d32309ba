// Where values live inside a compiled function (docs/ABI.md "Registers", docs/COMPILER.md):
// operand-stack depth d has a fixed home (x(1+d) / f(d) while registers last, then a
// frame slot), locals live in callee-saved registers or frame slots. Fixed homes make
// control-flow merges free: a value at depth d is in the same place on every path.

import { FIRST_CALLEE_SAVED_X, LAST_ALLOCATABLE_CALLEE_SAVED_X } from './abi.js';
import { F32, F64, type ValType } from '../wasm/types.js';

export type RegClass = 'x' | 'f';

/** Operand-stack depths with a register home; deeper ones live in frame slots. */
export const DEPTH_REGS = 14;
/** Scratch registers the compiler keeps for itself (never homes). */
export const X_SCRATCH1 = 31;
export const X_SCRATCH2 = 15;
export const F_SCRATCH1 = 15;
export const F_SCRATCH2 = 14;
/** Float locals: f16 .. f31 (callee-saved; saved in the prologue). */
export const FIRST_CALLEE_SAVED_F = 16;
export const LAST_CALLEE_SAVED_F = 31;

export function regClass(t: ValType): RegClass {
  return t === F32 || t === F64 ? 'f' : 'x';
}

/** The register home of operand depth d, or -1 if it lives in a frame slot. */
export function depthReg(d: number, cls: RegClass): number {
  if (d >= DEPTH_REGS) return -1;
  return cls === 'x' ? 1 + d : d;
}

/** A local's home: a register, or a frame slot index. */
export interface LocalHome {
  readonly cls: RegClass;
  readonly type: ValType;
  readonly reg: number; // -1 when in a slot
  readonly slot: number; // -1 when in a register
}

export interface LocalLayout {
  readonly homes: LocalHome[];
  /** Bit i = x(16 + i) is used (the push_frame_save register set, before x27..x29). */
  readonly xRegMask: number;
  /** Callee-saved float registers used, in order. */
  readonly fRegs: number[];
  readonly slots: number;
}

/** Assigns homes to the locals (params first) in declaration order. */
export function layoutLocals(types: readonly ValType[]): LocalLayout {
  let nextX = FIRST_CALLEE_SAVED_X;
  let nextF = FIRST_CALLEE_SAVED_F;
  let slots = 0;
  let xRegMask = 0;
  const fRegs: number[] = [];
  const homes = types.map((type): LocalHome => {
    const cls = regClass(type);
    if (cls === 'x' && nextX <= LAST_ALLOCATABLE_CALLEE_SAVED_X) {
      xRegMask |= 1 << (nextX - FIRST_CALLEE_SAVED_X);
      return { cls, type, reg: nextX++, slot: -1 };
    }
    if (cls === 'f' && nextF <= LAST_CALLEE_SAVED_F) {
      fRegs.push(nextF);
      return { cls, type, reg: nextF++, slot: -1 };
    }
    return { cls, type, reg: -1, slot: slots++ };
  });
  return { homes, xRegMask, fRegs, slots };
}
