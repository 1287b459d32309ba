// Which f registers a generated function keeps in JS locals (doubles), and as what.
//
// An f register holds an f64 (all 8 bytes) or an f32 (the low 4 bytes; f32 ops leave the
// high word alone). A local holds the value as a double, so a register qualifies when
// every op naming it is one whose inline code treats it as a value (F_LOCAL_USES) and
// every read sees a value of the class the op expects. Registers that wasm's register
// allocator reuses for f32 here and f64 there are common in big functions; they are
// "mixed": a run-time tag says what the local holds, so the exit writes it back the
// right way, and the first f32 write after an f64 one stores the f64 to the register
// file first (its high word is the register's from then on, as in the interpreter).
//
// The analysis is a forward dataflow over the instructions: the class each cached
// register holds at each point (64, 32, or conflicting where paths disagree). Entry and
// every call reload the registers, as their "load class": the class their next read expects.

import type { Instr } from '../src/isa/decode.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import { f32OfBits, f64OfBits } from './inline-ops.js';
import { liveAfter, liveBefore, solveForward } from './dataflow.js';
import { LAST_CALLER_SAVED_F } from '../src/compiler/abi.js';

export type FClass = '32' | '64';
type Use = FClass | 'mov';

/**
 * How each op uses its f registers, in operand order (the last entry repeats): as an f64
 * value, an f32 value, or raw bits (fmov). Ops not listed may depend on NaN bits or on the
 * other half of the register; their f registers stay in the register file.
 */
const F_LOCAL_USES: Readonly<Record<string, readonly Use[]>> = {
  fadd64: ['64'], fsub64: ['64'], fmul64: ['64'], fdiv64: ['64'], fsqrt64: ['64'], fconst64: ['64'],
  feq64: ['64'], fneq64: ['64'], flt64: ['64'], flteq64: ['64'],
  f64_from_x32_s: ['64'], f64_from_x32_u: ['64'], f64_from_x64_s: ['64'], f64_from_x64_u: ['64'],
  fload64le_o32: ['64'], fload64le_z: ['64'], fload64le_g32: ['64'],
  fstore64le_o32: ['64'], fstore64le_z: ['64'], fstore64le_g32: ['64'],
  fneg64: ['64'], fabs64: ['64'], fselect64: ['64'], fneg32: ['32'], fabs32: ['32'], fselect32: ['32'],
  ffloor64: ['64'], fceil64: ['64'], ftrunc64: ['64'], x32_from_f64_s: ['64'], x32_from_f64_u: ['64'],
  fadd32: ['32'], fsub32: ['32'], fmul32: ['32'], fdiv32: ['32'], fsqrt32: ['32'], fconst32: ['32'],
  feq32: ['32'], fneq32: ['32'], flt32: ['32'], flteq32: ['32'], f32_from_x32_s: ['32'], f32_from_x32_u: ['32'],
  fload32le_o32: ['32'], fload32le_z: ['32'], fload32le_g32: ['32'],
  fstore32le_o32: ['32'], fstore32le_z: ['32'], fstore32le_g32: ['32'],
  ffloor32: ['32'], fceil32: ['32'], ftrunc32: ['32'], x32_from_f32_s: ['32'], x32_from_f32_u: ['32'],
  // Conversions: dst, then src.
  f64_from_f32: ['64', '32'], f32_from_f64: ['32', '64'],
  fmov: ['mov', 'mov'],
};

interface FOperand { reg: number; use: Use; write: boolean }

/** The f registers of an instruction with how it uses them (undefined use: not cacheable). */
function fOperandsOf(instr: Instr): Array<{ reg: number; use: Use | undefined; write: boolean }> {
  const uses = F_LOCAL_USES[instr.op.mnemonic];
  const nanConstant = (instr.op.mnemonic === 'fconst64' && Number.isNaN(f64OfBits(instr.operands[1] as bigint))) ||
    (instr.op.mnemonic === 'fconst32' && Number.isNaN(f32OfBits(instr.operands[1] as number)));
  const found: Array<{ reg: number; write: boolean }> = [];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    if (operand.type === 'FReg') found.push({ reg: v as number, write: operand.name === 'dst' });
    else if (operand.type === 'BinaryOperands<FReg>') {
      const b = v as BinaryOperands;
      found.push({ reg: b.dst, write: true }, { reg: b.src1, write: false }, { reg: b.src2, write: false });
    } else if (operand.type === 'BinaryOperands<VReg,VReg,FReg>') found.push({ reg: (v as BinaryOperands).src2, write: false });
  });
  return found.map((f, i) => ({
    ...f, use: uses === undefined || nanConstant ? undefined : uses[Math.min(i, uses.length - 1)],
  }));
}

// Dataflow states: nothing known yet, each class, or paths that disagree.
const NONE = 0, S32 = 1, S64 = 2, CONFLICT = 3;
const stateOf = (c: FClass) => (c === '32' ? S32 : S64);
const join = (a: number, b: number) => (a === NONE ? b : b === NONE || a === b ? a : CONFLICT);

export interface FLocalPlan {
  /** Registers kept in locals, ascending. */
  cached: number[];
  /** The class each cached register is loaded as at entry and after calls. */
  loadClass: Map<number, FClass>;
  /** Cached registers that hold both classes over the function (a tag variable tracks which). */
  mixed: Set<number>;
  /** For each instruction index that is an fmov of or into a local: the class it copies. */
  movClass: Map<number, FClass>;
  /** The class cached register r surely holds before instruction i, if the paths agree. */
  classBefore(i: number, r: number): FClass | undefined;
}

export interface FlowGraph {
  /** Indices of the instructions control may go to after instruction i. */
  successors(i: number): readonly number[];
  /** Whether instruction i reloads every register afterwards (calls, host calls). */
  reloadsAfter(i: number): boolean;
}

/** Plans the f locals of a function. */
export function planFLocals(instrs: readonly Instr[], graph: FlowGraph): FLocalPlan {
  const operands = instrs.map(fOperandsOf);
  const excluded = new Set<number>();
  for (const list of operands) for (const o of list) if (o.use === undefined) excluded.add(o.reg);
  for (;;) {
    const candidates = new Set<number>();
    for (const list of operands) for (const o of list) if (!excluded.has(o.reg)) candidates.add(o.reg);
    if (candidates.size === 0) {
      return { cached: [], loadClass: new Map(), mixed: new Set(), movClass: new Map(), classBefore: () => undefined };
    }
    const plan = tryPlan(instrs, operands as FOperand[][], graph, candidates);
    if (plan.excluded.size === 0) return plan.plan;
    for (const r of plan.excluded) excluded.add(r);
  }
}

function tryPlan(instrs: readonly Instr[], operands: readonly FOperand[][], graph: FlowGraph, cached: ReadonlySet<number>):
  { plan: FLocalPlan; excluded: Set<number> } {
  const excluded = new Set<number>();
  const regs = [...cached].sort((a, b) => a - b);
  const loadClass = loadClasses(instrs.length, operands, graph, cached, excluded);
  // States at each instruction's start: one per cached f register (slot[r] is its index).
  const slot = slotsOf(regs);
  const n = instrs.length;
  const written = new Map<number, Set<FClass>>();
  const movClass = new Map<number, FClass>();
  const loaded = (state: Int32Array) => { for (const r of regs) state[slot[r]!] = stateOf(loadClass.get(r) ?? '64'); };
  const states = solveForward({
    n, width: regs.length, successors: graph.successors, entry: loaded, join,
    transfer: (i, out) => {
      for (const o of operands[i]!) {
        if (!cached.has(o.reg)) continue;
        const s = out[slot[o.reg]!]!;
        if (o.use === 'mov') {
          if (o.write) continue;
          // fmov dst, src: the operands come dst first; the copy takes the source's class.
          const dst = operands[i]![0]!.reg;
          const cls: FClass | undefined = s === S32 ? '32' : s === S64 ? '64' : undefined;
          if (cls === undefined) { if (s === CONFLICT) excluded.add(o.reg); continue; }
          movClass.set(i, cls);
          if (cached.has(dst)) { out[slot[dst]!] = stateOf(cls); record(written, dst, cls); }
          continue;
        }
        if (o.write) continue;
        if (s !== NONE && s !== stateOf(o.use)) excluded.add(o.reg);
      }
      for (const o of operands[i]!) {
        if (!cached.has(o.reg) || !o.write || o.use === 'mov') continue;
        out[slot[o.reg]!] = stateOf(o.use);
        record(written, o.reg, o.use);
      }
      // An fmov whose source is not cached: the destination holds the register file's bits as an f64.
      if (instrs[i]!.op.mnemonic === 'fmov') {
        const [d, s] = operands[i]!;
        if (cached.has(d!.reg) && !cached.has(s!.reg)) { out[slot[d!.reg]!] = S64; record(written, d!.reg, '64'); movClass.set(i, '64'); }
        if (cached.has(s!.reg) && !cached.has(d!.reg) && !movClass.has(i)) excluded.add(s!.reg);
      }
      if (graph.reloadsAfter(i)) loaded(out);
    },
  });
  const mixed = new Set<number>();
  for (const r of regs) {
    const classes = new Set(written.get(r) ?? []);
    classes.add(loadClass.get(r) ?? '64');
    if (classes.size > 1) mixed.add(r);
  }
  const classBefore = (i: number, r: number): FClass | undefined => {
    const state = states[i * regs.length + slot[r]!];
    return state === S32 ? '32' : state === S64 ? '64' : undefined;
  };
  return { plan: { cached: regs, loadClass, mixed, movClass, classBefore }, excluded };
}

/** Dense indices of registers (-1 for the others). */
function slotsOf(regs: readonly number[]): Int8Array {
  const slot = new Int8Array(32).fill(-1);
  regs.forEach((r, k) => { slot[r] = k; });
  return slot;
}

function record(written: Map<number, Set<FClass>>, r: number, cls: FClass): void {
  (written.get(r) ?? written.set(r, new Set()).get(r)!).add(cls);
}

/**
 * The class each register's value has when it is loaded (entry, after calls): that of the
 * reads that can see the loaded value. Registers whose loaded value is read both ways go
 * to `excluded`; an fmov of a loaded value ties the two registers' load classes.
 */
function loadClasses(n: number, operands: readonly FOperand[][], graph: FlowGraph, cached: ReadonlySet<number>,
  excluded: Set<number>): Map<number, FClass> {
  // live[i * 32 + r]: the value loaded into r may reach instruction i unchanged.
  const regs = [...cached];
  const slot = slotsOf(regs);
  const seen = new Map<number, Set<FClass>>();
  const ties: Array<[number, number]> = [];
  const loadedAll = (state: Int32Array) => { for (const r of regs) state[slot[r]!] = 1; };
  solveForward({
    n, width: regs.length, successors: graph.successors, entry: loadedAll, join: (a, b) => a | b,
    transfer: (i, out) => {
      for (const o of operands[i]!) {
        if (!cached.has(o.reg) || o.write || !out[slot[o.reg]!]) continue;
        if (o.use === 'mov') ties.push([operands[i]![0]!.reg, o.reg]);
        else record(seen, o.reg, o.use);
      }
      for (const o of operands[i]!) if (o.write && o.use !== 'mov' && cached.has(o.reg)) out[slot[o.reg]!] = 0;
      // An fmov of a loaded value keeps it "loaded" in the destination (tied load classes).
      const [d, src] = operands[i]!;
      if (operands[i]!.length === 2 && d!.use === 'mov' && cached.has(d!.reg)) out[slot[d!.reg]!] = cached.has(src!.reg) ? out[slot[src!.reg]!]! : 0;
      if (graph.reloadsAfter(i)) loadedAll(out);
    },
  });
  const loadClass = new Map<number, FClass>();
  for (const [r, classes] of seen) {
    if (classes.size > 1) excluded.add(r);
    else loadClass.set(r, [...classes][0]!);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [a, b] of ties) {
      if (!cached.has(a) || !cached.has(b)) continue;
      const ca = loadClass.get(a), cb = loadClass.get(b);
      if (ca !== undefined && cb !== undefined && ca !== cb) { excluded.add(a); excluded.add(b); }
      else if (ca !== undefined && cb === undefined) { loadClass.set(b, ca); changed = true; }
      else if (cb !== undefined && ca === undefined) { loadClass.set(a, cb); changed = true; }
    }
  }
  return loadClass;
}

/** The f registers an instruction writes as values, with their class (an fmov: the class it copies). */
export function fWritesOf(instr: Instr, movClass: FClass | undefined): Array<{ reg: number; cls: FClass }> {
  const writes: Array<{ reg: number; cls: FClass }> = [];
  for (const o of fOperandsOf(instr)) {
    if (!o.write || o.use === undefined) continue;
    const cls = o.use === 'mov' ? movClass : o.use;
    if (cls !== undefined) writes.push({ reg: o.reg, cls });
  }
  return writes;
}

/**
 * f32 ops that read their f operands only as numbers whose NaN payload cannot matter: the
 * arithmetic (a NaN result leaves for the interpreter, which makes the NaN from the first
 * NaN operand, quieted, so a quieted copy of a signalling NaN gives the same) and the
 * comparisons (false or true for any NaN).
 */
const PAYLOAD_BLIND_F32 = new Set(['fadd32', 'fsub32', 'fmul32', 'fdiv32', 'fsqrt32', 'feq32', 'fneq32', 'flt32', 'flteq32']);
const F32_LOADS = new Set(['fload32le_o32', 'fload32le_z', 'fload32le_g32']);
/** What is read past an instruction with no successor (liveness): nothing past a ret (its reads are its own) or a trap; anything past a jump out of the function. */
export const exitReads = (instr: Instr): number => (instr.op.mnemonic === 'ret' || instr.op.mnemonic === 'trap' ? 0 : -1);
/** f16..f31, which a callee keeps and a return hands back to the caller. */
const CALLEE_SAVED_F = ~((1 << (LAST_CALLER_SAVED_F + 1)) - 1);

/**
 * Indices of f32 loads whose value no path reads in a way that depends on its NaN bits
 * before overwriting it: only payload-blind ops read it (a backward dataflow). Such a load
 * needs no check for a NaN (the generated code cannot keep a signalling one: a double
 * quiets it): if it loaded one, the op that reads it makes a NaN and leaves for the
 * interpreter, which finds the quieted copy and gets the same result from it. Any other
 * read counts, as do a call's arguments (every register where they are not known; a callee
 * keeps f16..f31 as they are) and a return's results and f16..f31 (every register where
 * the results are not known, or running off the end).
 * matmul's f32 loop −7% warm.
 */
export function payloadBlindLoads(instrs: readonly Instr[], graph: FlowGraph,
  abi: { ret?: number; call(i: number): number | undefined }): Set<number> {
  const ALL = -1;
  const n = instrs.length;
  const reads = new Int32Array(n), writes = new Int32Array(n);
  instrs.forEach((instr, i) => {
    const blind = PAYLOAD_BLIND_F32.has(instr.op.mnemonic);
    const fOperands = fOperandsOf(instr);
    // (An op with no f operand reads none.)
    const known = F_LOCAL_USES[instr.op.mnemonic] !== undefined || fOperands.length === 0;
    let r = 0, w = 0;
    for (const o of fOperands) {
      if (o.write) w |= 1 << o.reg;
      else if (!blind) r |= 1 << o.reg;
    }
    // An op with f operands not listed (vector ops taking an f register), or an unknown call, may read any.
    const m = instr.op.mnemonic;
    const args = graph.reloadsAfter(i) ? abi.call(i) : undefined;
    reads[i] = m === 'ret' ? (abi.ret === undefined ? ALL : abi.ret | CALLEE_SAVED_F)
      : graph.reloadsAfter(i) ? (args === undefined ? ALL : args) : known ? r : ALL;
    writes[i] = known ? w : 0;
  });
  // live[i]: registers whose bits some path from before instruction i may read.
  const exit = (i: number) => exitReads(instrs[i]!);
  const live = liveBefore(n, graph.successors, (i) => reads[i]!, (i) => writes[i]!, exit);
  const blind = new Set<number>();
  instrs.forEach((instr, i) => {
    if (!F32_LOADS.has(instr.op.mnemonic)) return;
    const dst = instr.operands[0] as number;
    if (((liveAfter(live, graph.successors, exit, i) >>> dst) & 1) === 0) blind.add(i);
  });
  return blind;
}
