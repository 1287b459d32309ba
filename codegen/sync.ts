// What a generated function writes back before a call and reads again after it.
//
// x registers live in JS locals; a callee (generated or interpreted) sees only the
// register file. Before a call, only the registers written since the last point where
// locals and file agreed need storing ("dirty since sync", a forward dataflow). After a
// call, the caller-saved registers (x0..x15) are read again; the callee-saved ones
// (x16..x29) too, unless the callee is known to preserve them: a function of the same
// unit whose every write to a callee-saved register is saved by its push_frame_save and
// restored by its pop_frame_restore, and whose callees preserve them too (or whose own
// frame covers what they clobber). Host calls and indirect calls are not trusted.

import type { Instr } from '../src/isa/decode.js';
import { solveForward } from './dataflow.js';
import { FIRST_CALLEE_SAVED_X, REG_SP, REG_SPILLTMP } from '../src/compiler/abi.js';

/**
 * x registers that are callee-saved in compiled code, as a bit mask: x16..x29. The frame
 * ops keep sp balanced; the spill temporary (x31) is scratch that no call preserves.
 */
export const CALLEE_SAVED_MASK = (~((1 << FIRST_CALLEE_SAVED_X) - 1) & ~(1 << REG_SP) & ~(1 << REG_SPILLTMP)) | 0;

export const maskOf = (regs: Iterable<number>): number => {
  let mask = 0;
  for (const r of regs) mask |= 1 << r;
  return mask;
};
export const regsOfMask = (mask: number): number[] => {
  const regs: number[] = [];
  for (let r = 0; r < 32; r++) if ((mask >>> r) & 1) regs.push(r);
  return regs;
};

/** One function as the callee-saved summary needs it. */
export interface CallSummary {
  entry: number;
  /** x registers the function writes, as a mask. */
  written: number;
  /** Registers its push_frame_save ops store (and pop_frame_restore loads). */
  saved: number;
  /** Entry pcs it calls directly. */
  callees: number[];
  /** Whether it calls through a register (callee unknown). */
  callsUnknown: boolean;
  /** Whether it calls the host (call_indirect_host: host functions and builtins such as memory.grow). */
  callsHost: boolean;
}

/** The entries of functions that preserve x16..x31 (sp aside) for their callers. */
export function preservingFunctions(summaries: readonly CallSummary[]): Set<number> {
  const byEntry = new Map(summaries.map((s) => [s.entry, s]));
  const preserving = new Set(summaries.map((s) => s.entry));
  // Greatest fixed point: assume all preserve, drop those that cannot, until none drop.
  for (let changed = true; changed;) {
    changed = false;
    for (const s of summaries) {
      if (!preserving.has(s.entry)) continue;
      let clobbered = s.written;
      if (s.callsUnknown) clobbered |= CALLEE_SAVED_MASK;
      for (const c of s.callees) if (!byEntry.has(c) || !preserving.has(c)) clobbered |= CALLEE_SAVED_MASK;
      if ((clobbered & CALLEE_SAVED_MASK & ~s.saved) !== 0) { preserving.delete(s.entry); changed = true; }
    }
  }
  return preserving;
}

/**
 * The entries of functions that cannot reach the host: no host or indirect call, and only
 * direct calls to such functions. Only the host grows a memory (memory.grow is a builtin),
 * so across a call to one of these a memory's views stay the ones the caller holds.
 */
export function hostFreeFunctions(summaries: readonly CallSummary[]): Set<number> {
  return closedUnderCalls(new Map(summaries.filter((s) => !s.callsUnknown && !s.callsHost).map((s) => [s.entry, s.callees])));
}

/**
 * Of `candidates` (entry → the entries it calls directly), those that call only members:
 * the greatest such set, found by dropping offenders until none is left.
 */
export function closedUnderCalls(candidates: ReadonlyMap<number, readonly number[]>): Set<number> {
  const members = new Set(candidates.keys());
  for (let changed = true; changed;) {
    changed = false;
    for (const entry of members) {
      if (candidates.get(entry)!.some((c) => !members.has(c))) { members.delete(entry); changed = true; }
    }
  }
  return members;
}

/**
 * The entries of functions whose calls cannot nest deeper than `maxHeight` generated
 * frames, themselves included: a leaf (no call at all) is 1, and a function whose every
 * call is a direct one to functions of height below h is h. A generated call to one
 * of them may skip the JS depth guard (inline-ops.ts directCall): every frame under it
 * is one of them too, so at most maxHeight unguarded frames stand on the guarded ones.
 */
export function shallowFunctions(summaries: readonly CallSummary[], maxHeight: number): Set<number> {
  const height = new Map<number, number>();
  for (const s of summaries) if (s.callees.length === 0 && !s.callsUnknown && !s.callsHost) height.set(s.entry, 1);
  for (let changed = true; changed;) {
    changed = false;
    for (const s of summaries) {
      if (height.has(s.entry) || s.callsUnknown || s.callsHost) continue;
      const below = s.callees.map((c) => height.get(c));
      if (below.some((h) => h === undefined)) continue;
      const h = 1 + Math.max(...(below as number[]));
      if (h <= maxHeight) { height.set(s.entry, h); changed = true; }
    }
  }
  return new Set(height.keys());
}

/**
 * For each instruction, the x registers possibly written since locals and register file
 * last agreed (entry, or just after a call), as a mask. `writes(i)` is what instruction i
 * writes; `syncsAfter(i)` whether the file and locals agree after it, but for `keptAcross(i)`.
 */
export function dirtyBefore(n: number, successors: (i: number) => readonly number[],
  writes: (i: number) => number, syncsAfter: (i: number) => boolean, keptAcross: (i: number) => number = () => 0): Int32Array {
  return solveForward({
    n, width: 1, successors,
    entry: (state) => { state[0] = 0; },
    // keptAcross(i): registers a sync at i leaves out of the register file (a call taking deferred saves).
    transfer: (i, state) => { state[0] = syncsAfter(i) ? state[0]! & keptAcross(i) : state[0]! | writes(i); },
    join: (a, b) => a | b,
  });
}

/** The callee-saved summary of one decoded function. */
export function summarize(entry: number, instrs: readonly Instr[], writtenOf: (instr: Instr) => readonly number[],
  upperRegs: (set: number) => number[]): CallSummary {
  let written = 0, saved = 0;
  const callees: number[] = [];
  let callsUnknown = false, callsHost = false;
  for (const instr of instrs) {
    const { mnemonic } = instr.op;
    written |= maskOf(writtenOf(instr));
    if (mnemonic === 'push_frame_save') saved |= maskOf(upperRegs(instr.operands[1] as number));
    const callee = directCallee(instr);
    if (callee !== undefined) callees.push(callee);
    if (mnemonic === 'call_indirect' || mnemonic === 'xjump') callsUnknown = true;
    if (mnemonic === 'call_indirect_host') callsHost = true;
  }
  return { entry, written, saved, callees, callsUnknown, callsHost };
}

/** The entry pc a direct call (call, call1..call4) goes to; undefined for any other instruction. */
export function directCallee(instr: Instr): number | undefined {
  if (!/^call[1-4]?$/.test(instr.op.mnemonic)) return undefined;
  return instr.offset + (instr.operands[instr.operands.length - 1] as number);
}
