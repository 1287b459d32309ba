// Where values live inside a compiled function (docs/ABI.md "Registers", docs/COMPILER.md):
// operand-stack depth d has a fixed home (x(1+d) / f(d) while registers last, then a
// frame slot), locals live in callee-saved registers or frame slots. Fixed homes make
// control-flow merges free: a value at depth d is in the same place on every path.

import { FIRST_CALLEE_SAVED_X, LAST_ALLOCATABLE_CALLEE_SAVED_X } from './abi.js';
import { opByMnemonic, type OpInfo } from '../isa/ops.js';
import { F32, F64, V128, type FuncBody, type ValType } from '../wasm/types.js';
import { Operator, OperatorReader } from '../wasm/operators.js';
import { Imm, SIMD_PREFIX } from '../wasm/opcodes.js';

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

/** How locals get registers (layoutLocals). */
export interface LocalPlacement {
  /** Local indices in the order they get registers (hottest first); default: declaration order. */
  readonly order?: readonly number[];
  /** Caller-saved registers free for locals in a function that makes no calls, per class (x, f). */
  readonly spareX?: readonly number[];
  readonly spareF?: readonly number[];
  /** Spare registers before callee-saved ones (they cost no save); else after. */
  readonly spareFirst?: boolean;
}

/** Assigns homes to the locals (params first): callee-saved registers and spare ones, in `spareFirst` order, then slots. */
export function layoutLocals(types: readonly ValType[], placement: LocalPlacement = {}): LocalLayout {
  let nextX = FIRST_CALLEE_SAVED_X;
  let nextF = FIRST_CALLEE_SAVED_F;
  let nextV = FIRST_CALLEE_SAVED_F;
  const spareX = [...(placement.spareX ?? [])];
  const spareF = [...(placement.spareF ?? [])];
  let slots = 0;
  let xRegMask = 0;
  const fRegs: number[] = [];
  const vRegs: number[] = [];
  const homeOf = (type: ValType): LocalHome => {
    const cls = regClass(type);
    if (placement.spareFirst) {
      if (cls === 'x' && spareX.length > 0) return { cls, type, reg: spareX.shift()!, slot: -1 };
      if (cls === 'f' && spareF.length > 0) return { cls, type, reg: spareF.shift()!, slot: -1 };
    }
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
    if (cls === 'x' && spareX.length > 0) return { cls, type, reg: spareX.shift()!, slot: -1 };
    if (cls === 'f' && spareF.length > 0) return { cls, type, reg: spareF.shift()!, slot: -1 };
    return { cls, type, reg: -1, slot: slots++ };
  };
  const homes: LocalHome[] = new Array(types.length);
  for (const i of placement.order ?? types.keys()) homes[i] = homeOf(types[i]!);
  return { homes, xRegMask, fRegs, vRegs, slots };
}

/** What one pass over a body says about its locals and calls (scanBody). */
export interface BodyScan {
  /** Per local: reads and writes, each weighted by 8^(enclosing loops, at most 4). */
  readonly weights: Float64Array;
  /** Per local: some read is not preceded by a write on every path (it needs its zero). */
  readonly readBeforeWrite: Uint8Array;
  /** Functions it calls directly. */
  readonly callees: Set<number>;
  /** It may clobber caller-saved registers: calls, builtins (call_indirect_host), SIMD. */
  readonly makesCalls: boolean;
  /** It grows memory itself or calls what the module cannot see (imports, call_indirect). */
  readonly mayGrowDirectly: boolean;
  /** It reads memory 0's base or length: loads, stores, memory.size, memory.grow. */
  readonly usesMemory: boolean;
}

/** Ops compiled as a builtin call (`call_indirect_host`). */
const BUILTIN_OPS = new Set([
  'memory.grow', 'memory.copy', 'memory.fill', 'memory.init', 'data.drop',
  'table.grow', 'table.fill', 'table.copy', 'table.init', 'elem.drop',
]);

/**
 * Scans a body once before it is compiled. Writes count as dominating the reads after
 * them in the same structured region (block, loop body, if arm) and inside regions nested
 * later in it, the conservative definite-assignment of structured code. A body that does
 * not decode gives the most conservative answer; compiling it then reports the error.
 */
export function scanBody(bytes: Uint8Array, body: FuncBody, numParams: number, numLocals: number, numImportedFuncs: number): BodyScan {
  const weights = new Float64Array(numLocals);
  const readBeforeWrite = new Uint8Array(numLocals);
  const callees = new Set<number>();
  const assigned = new Uint8Array(numLocals).fill(1, 0, numParams);
  /** Per open region: the locals first assigned in it (unassigned again when it closes). */
  const regions: number[][] = [[]];
  const loops: boolean[] = [];
  let loopDepth = 0;
  let makesCalls = false;
  let mayGrowDirectly = false;
  let usesMemory = false;
  const r = new OperatorReader(bytes, body.codeStart, body.end);
  const o = new Operator();
  const unassign = (list: number[]): void => { for (const i of list) assigned[i] = 0; list.length = 0; };
  try {
    while (!r.atEnd) {
      r.read(o);
      const name = o.info.name;
      const weight = 8 ** Math.min(loopDepth, 4);
      switch (name) {
        case 'local.get':
          weights[o.index] += weight;
          if (!assigned[o.index]) readBeforeWrite[o.index] = 1;
          break;
        case 'local.set': case 'local.tee':
          weights[o.index] += weight;
          if (!assigned[o.index]) { assigned[o.index] = 1; regions[regions.length - 1]!.push(o.index); }
          break;
        case 'block': case 'loop': case 'if':
          regions.push([]);
          loops.push(name === 'loop');
          if (name === 'loop') loopDepth++;
          break;
        case 'else':
          unassign(regions[regions.length - 1]!);
          break;
        case 'end':
          if (loops.pop()) loopDepth--;
          if (regions.length > 1) unassign(regions.pop()!);
          break;
        case 'call':
          makesCalls = true;
          callees.add(o.index);
          if (o.index < numImportedFuncs) mayGrowDirectly = true;
          break;
        case 'call_indirect':
          makesCalls = true;
          mayGrowDirectly = true;
          break;
        default:
          if (BUILTIN_OPS.has(name) || o.info.prefix === SIMD_PREFIX) makesCalls = true;
          if (name === 'memory.grow') mayGrowDirectly = true;
          if (o.info.imm === Imm.mem || o.info.imm === Imm.memlane || name === 'memory.size' || name === 'memory.grow') usesMemory = true;
      }
    }
  } catch {
    return { weights, readBeforeWrite: readBeforeWrite.fill(1), callees, makesCalls: true, mayGrowDirectly: true, usesMemory: true };
  }
  return { weights, readBeforeWrite, callees, makesCalls, mayGrowDirectly, usesMemory };
}

/** Local indices, most weighted first (declaration order among equals). */
export function hottestFirst(weights: Float64Array): number[] {
  return [...weights.keys()].sort((a, b) => weights[b]! - weights[a]! || a - b);
}
