// The Vm API, shaped like Pulley's `Vm`: `call` runs bytecode with arguments in
// registers per the Pulley ABI, or, in three steps, `callStart` (arguments in, lr =
// the host sentinel), `callRun` (run until return/host call/trap; call again with the
// resume pc after a host call) and `callEnd` (results out, old lr back).

import { run } from './interp.js';
import {
  type DoneReason, F_I32, LR_I32, Machine, type Region, V_BYTE, X_I32,
} from './machine.js';

export type { DoneReason } from './machine.js';

/** A register value: x and f as their 64 raw bits, v as its 128 bits (lane 0 lowest). */
export type Val =
  | { kind: 'x'; bits: bigint }
  | { kind: 'f'; bits: bigint }
  | { kind: 'v'; bits: bigint };

export type RegType = Val['kind'];

/** A place in bytecode: an offset inside a mapped code region. */
export interface CodePointer {
  code: Region;
  pc: number;
}

// Argument registers per class (Pulley's call_start / call_end).
const ARG_REGS = 16;
const X_RESULT_REGS = 15;

export const xVal = (value: number | bigint): Val => ({ kind: 'x', bits: BigInt.asUintN(64, BigInt(value)) });
export const f64Val = (value: number): Val => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return { kind: 'f', bits: view.getBigUint64(0, true) };
};
export const f32Val = (value: number): Val => {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, true);
  return { kind: 'f', bits: BigInt(view.getUint32(0, true)) };
};

/** An f register's bits read as an f64 / as an f32 (its low 32 bits). */
export function valAsF64(val: Val): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, val.bits), true);
  return view.getFloat64(0, true);
}
export function valAsF32(val: Val): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, Number(val.bits & 0xffff_ffffn), true);
  return view.getFloat32(0, true);
}

/** The saved lr that callEnd puts back. */
export interface OldLr {
  lo: number;
  hi: number;
}

export class Vm {
  readonly machine: Machine;

  constructor(opts: { stackSize?: number; machine?: Machine } = {}) {
    this.machine = opts.machine ?? new Machine({ stackSize: opts.stackSize });
  }

  /** Maps bytecode into the address space; pcs in it are byte offsets. */
  loadCode(bytes: Uint8Array, name = 'code'): Region {
    return this.machine.space.mapCode(name, bytes);
  }

  /** callStart + callRun + callEnd; results only on a return to the host. */
  call(entry: CodePointer, args: readonly Val[], retTypes: readonly RegType[]): { done: DoneReason; results?: Val[] } {
    const oldLr = this.callStart(args);
    const done = this.callRun(entry);
    if (done.kind !== 'return') return { done };
    return { done, results: this.callEnd(oldLr, retTypes) };
  }

  /** Puts arguments in x0.., f0.., v0.. in order of their class; lr becomes the host sentinel. */
  callStart(args: readonly Val[]): OldLr {
    const m = this.machine;
    const next = { x: 0, f: 0, v: 0 };
    for (const arg of args) {
      const reg = next[arg.kind]++;
      if (reg >= ARG_REGS) throw new Error(`Vm.callStart: more than ${ARG_REGS} ${arg.kind} arguments (stack arguments are not supported)`);
      writeReg(m, arg.kind, reg, arg.bits);
    }
    const oldLr = { lo: m.i32[LR_I32]!, hi: m.i32[LR_I32 + 1]! };
    m.setLr(-1, -1);
    return oldLr;
  }

  /** Runs from `entry` until a return to the host, a host call or a trap. */
  callRun(entry: CodePointer): DoneReason {
    return run(this.machine, entry.code, entry.pc);
  }

  /** Restores lr and reads the results from x0.., f0.., v0.. in order of their class. */
  callEnd(oldLr: OldLr, retTypes: readonly RegType[]): Val[] {
    const m = this.machine;
    m.setLr(oldLr.lo, oldLr.hi);
    const next = { x: 0, f: 0, v: 0 };
    return retTypes.map((kind) => {
      const reg = next[kind]++;
      if (reg >= (kind === 'x' ? X_RESULT_REGS : ARG_REGS)) {
        throw new Error(`Vm.callEnd: too many ${kind} results (stack results are not supported)`);
      }
      return { kind, bits: readReg(m, kind, reg) } as Val;
    });
  }
}

export function writeReg(m: Machine, kind: RegType, reg: number, bits: bigint): void {
  switch (kind) {
    case 'x': m.u64[X_I32 / 2 + reg] = BigInt.asUintN(64, bits); break;
    case 'f': m.u64[F_I32 / 2 + reg] = BigInt.asUintN(64, bits); break;
    case 'v':
      m.u64[V_BYTE / 8 + 2 * reg] = BigInt.asUintN(64, bits);
      m.u64[V_BYTE / 8 + 2 * reg + 1] = BigInt.asUintN(64, bits >> 64n);
      break;
  }
}

export function readReg(m: Machine, kind: RegType, reg: number): bigint {
  switch (kind) {
    case 'x': return m.u64[X_I32 / 2 + reg]!;
    case 'f': return m.u64[F_I32 / 2 + reg]!;
    case 'v': return (m.u64[V_BYTE / 8 + 2 * reg + 1]! << 64n) | m.u64[V_BYTE / 8 + 2 * reg]!;
  }
}
