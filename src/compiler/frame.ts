// Where values live inside a compiled function (docs/ABI.md "Registers", docs/COMPILER.md):
// operand-stack depth d has a fixed home (x(1+d) / f(d) while registers last, then a
// frame slot), locals live in callee-saved registers or frame slots. Fixed homes make
// control-flow merges free: a value at depth d is in the same place on every path.

import { FIRST_CALLEE_SAVED_X, LAST_ALLOCATABLE_CALLEE_SAVED_X } from './abi.js';
import { opByMnemonic, type OpInfo } from '../isa/ops.js';
import { F32, F64, V128, type ValType } from '../wasm/types.js';

/** x: integers and references; f: f32/f64; v: v128. */
export type RegClass = 'x' | 'f' | 'v';

/** Operand-stack depths with a register home; deeper ones live in frame slots. */
export const DEPTH_REGS = 14;
/** Scratch registers the compiler keeps for itself (never homes). */
export const X_SCRATCH1 = 31;
export const X_SCRATCH2 = 15;
export const F_SCRATCH1 = 15;
export const F_SCRATCH2 = 14;
export const V_SCRATCH1 = 15;
export const V_SCRATCH2 = 14;
/** Per class: first and second scratch register. */
export const SCRATCH1: Readonly<Record<RegClass, number>> = { x: X_SCRATCH1, f: F_SCRATCH1, v: V_SCRATCH1 };
export const SCRATCH2: Readonly<Record<RegClass, number>> = { x: X_SCRATCH2, f: F_SCRATCH2, v: V_SCRATCH2 };
/** Per class: register move, and whole-register load/store (base + i32 offset) for slots and spills. */
export const MOVE: Readonly<Record<RegClass, OpInfo>> = { x: opByMnemonic('xmov'), f: opByMnemonic('fmov'), v: opByMnemonic('vmov') };
export const SLOT_LOAD: Readonly<Record<RegClass, OpInfo>> = {
  x: opByMnemonic('xload64le_o32'), f: opByMnemonic('fload64le_o32'), v: opByMnemonic('vload128le_o32'),
};
export const SLOT_STORE: Readonly<Record<RegClass, OpInfo>> = {
  x: opByMnemonic('xstore64le_o32'), f: opByMnemonic('fstore64le_o32'), v: opByMnemonic('vstore128le_o32'),
};
/** Float locals: f16 .. f31; v128 locals: v16 .. v28 (callee-saved; saved in the prologue). */
export const FIRST_CALLEE_SAVED_F = 16;
export const LAST_CALLEE_SAVED_F = 31;
export const LAST_CALLEE_SAVED_V = 28;
/** v29 .. v31: temporaries of multi-instruction SIMD sequences (never homes, never live across ops). */
export const V_TEMPS = [29, 30, 31] as const;

export function regClass(t: ValType): RegClass {
  return t === F32 || t === F64 ? 'f' : t === V128 ? 'v' : 'x';
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
  /** Callee-saved vector registers used, in order. */
  readonly vRegs: number[];
  readonly slots: number;
}

/** Assigns homes to the locals (params first) in declaration order. */
export function layoutLocals(types: readonly ValType[]): LocalLayout {
  let nextX = FIRST_CALLEE_SAVED_X;
  let nextF = FIRST_CALLEE_SAVED_F;
  let nextV = FIRST_CALLEE_SAVED_F;
  let slots = 0;
  let xRegMask = 0;
  const fRegs: number[] = [];
  const vRegs: number[] = [];
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
    if (cls === 'v' && nextV <= LAST_CALLEE_SAVED_V) {
      vRegs.push(nextV);
      return { cls, type, reg: nextV++, slot: -1 };
    }
    return { cls, type, reg: -1, slot: slots++ };
  });
  return { homes, xRegMask, fRegs, vRegs, slots };
}
