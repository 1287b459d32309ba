// The JS tier's translator: one Pulley bytecode function becomes one JS function, built
// as an ESTree FunctionDeclaration (codegen/ast.ts) and printed with astring, that runs
// on the same machine (register file, stack, memories) as the
// interpreter. The contract of a generated function is the interpreter's own handler
// contract stretched over a whole function: it is entered when the machine is about to
// execute the instruction at its entry pc, and it returns the pc at which the interpreter
// must continue (in m.code). A `ret` to a JS caller returns the return address; anything
// the translator leaves to the interpreter (a trap, call_indirect_host, a return to the
// host) returns the pc of that very instruction, with every register written back, so the
// interpreter executes it as if it had run the whole function itself.
//
// x registers live in JS locals (lo/hi int32 pairs) between those points; f and v
// registers stay in the register file, which typed arrays make as cheap as locals for
// doubles. Ops without an inline translation call the interpreter's own handler, with the
// registers they touch written back before and reloaded after.
//
// Structured control flow (structure.ts) nests each instruction's statements in labeled
// loops (`L<i>: for (;;)`) and blocks (`B<i>: {}`); every way out goes through the
// labeled block `exit`, whose end writes the dirty registers back.

import { decodeInstr, type Instr } from '../src/isa/decode.js';
import type { OpInfo } from '../src/isa/ops.js';
import type { AddrG32, AddrO32, BinaryOperands } from '../src/isa/operands.js';
import type * as ES from 'estree';
import { CONTROL_MNEMONICS, accessesThrough, frameToMemory, inlineOp, isByteLoad, isOneCallAccess, inlineTemporaries, savedHi, savedSlots, savedLo, upperRegs, type Emit } from './inline-ops.js';
import {
  assign, block, breakTo, chain, continueTo, dot, forever, functionDecl, id, ifStmt, index, js, labeled, letDecl, printWithPositions, ret,
  set, shared, switchStmt, tryCatch,
} from './ast.js';
import { F_F32, F_F64, F_I32, FP_I32, LR_I32, SP } from '../runtime/machine.js';
import { exitReads, fWritesOf, payloadBlindLoads, planFLocals, type FClass } from './f-locals.js';
import { CALLEE_SAVED_MASK, directCallee, dirtyBefore, maskOf, regsOfMask } from './sync.js';
import { REG_VMCTX } from '../src/compiler/abi.js';
import { liveBefore, setOnEveryPath, solveForward, writtenOnEveryPath } from './dataflow.js';
import { closingOrder, openingOrder, structure, type Interval } from './structure.js';
import { planFrameSlots, slotLocal } from './frame-slots.js';
import { effectsOf, keptName, mayJoinRun, planNanRuns, renamed, type NanRun } from './nan-runs.js';

type Expr = ES.Expression;
type Stmts = ES.Statement[];

export interface TranslateInput {
  code: Uint8Array;
  /** Byte offset of the function's first instruction. */
  entry: number;
  /** Byte offset one past its last instruction. */
  end: number;
  /** Used in the generated function's name (stack traces). */
  name?: string;
  /** false: always a switch in a loop (for tests of that fallback). */
  structured?: boolean;
  /** The function's instructions, if the caller decoded them already. */
  instrs?: Instr[];
  /** Whether the function at this entry pc preserves x16..x29 for its callers (codegen/sync.ts). */
  preserves?(target: number): boolean;
  /** Whether the function at this entry pc cannot reach the host, so cannot grow a memory (codegen/sync.ts). */
  hostFree?(target: number): boolean;
  /** The identifier of the generated function at this entry pc, where the same unit has one (direct calls). */
  direct?(target: number): string | undefined;
  /** Whether a direct call to this entry pc may skip the depth guard (codegen/sync.ts shallowFunctions). */
  unguarded?(target: number): boolean;
  /** The frame of the function at this entry pc if it takes deferred saves (codegen/links.ts deferredSaveFunctions). */
  deferredSave?(target: number): { amt: number; saved: number[] } | undefined;
  /** Whether the function at this entry pc may be called with its frame link in locals (codegen/links.ts). */
  linked?(target: number): boolean;
  /** The calling convention of the function at this entry pc, as masks of x registers (UnitFunction.convention); undefined: unknown. */
  convention?(target: number): Convention | undefined;
}

export interface TranslatedFunction {
  entry: number;
  /** Identifier of the generated function. */
  ident: string;
  /** `function ident(m) { ... }`, or `function ident(m, fp)` for one taking linked calls */
  source: string;
  /**
   * Pcs of instructions, each with the 1-based line of the generated source where its code
   * starts (for source maps); an instruction that needs no code (nop) has no entry.
   */
  lines: Array<{ pc: number; line: number }>;
}

/** The x registers an address operand reads. */
function addressRegs(type: string, v: unknown): number[] {
  if (type === 'AddrG32') { const a = v as AddrG32; return [a.hostHeapBase, a.hostHeapBound, a.wasmAddr]; }
  if (type === 'AddrG32Bne') {
    const a = v as { hostHeapBase: number; hostHeapBoundAddr: number; wasmAddr: number };
    return [a.hostHeapBase, a.hostHeapBoundAddr, a.wasmAddr];
  }
  return [(v as AddrO32).base];
}

/** x registers an instruction reads or writes, from its operand types. */
export function xRegsOf(instr: Instr): number[] {
  const regs: number[] = [];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    switch (operand.type) {
      case 'XReg': regs.push(v as number); break;
      case 'BinaryOperands<XReg>': { const b = v as BinaryOperands; regs.push(b.dst, b.src1, b.src2); break; }
      case 'BinaryOperands<XReg,XReg,U6>': { const b = v as BinaryOperands; regs.push(b.dst, b.src1); break; }
      case 'BinaryOperands<VReg,VReg,XReg>': regs.push((v as BinaryOperands).src2); break;
      case 'AddrO32': case 'AddrZ': case 'AddrG32': case 'AddrG32Bne': regs.push(...addressRegs(operand.type, v)); break;
      case 'UpperRegSet<XReg>': {
        for (let bit = 0; bit < 16; bit++) if (((v as number) >>> bit) & 1) regs.push(16 + bit);
        break;
      }
      default: break;
    }
  });
  return regs;
}

/** x registers an instruction reads, from its operand types (a frame push's saved set aside). */
export function readXRegsOf(instr: Instr): number[] {
  const regs: number[] = [];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    switch (operand.type) {
      case 'XReg': if (operand.name !== 'dst') regs.push(v as number); break;
      case 'BinaryOperands<XReg>': { const b = v as BinaryOperands; regs.push(b.src1, b.src2); break; }
      case 'BinaryOperands<XReg,XReg,U6>': regs.push((v as BinaryOperands).src1); break;
      case 'BinaryOperands<VReg,VReg,XReg>': regs.push((v as BinaryOperands).src2); break;
      case 'AddrO32': case 'AddrZ': case 'AddrG32': case 'AddrG32Bne': regs.push(...addressRegs(operand.type, v)); break;
      default: break;
    }
  });
  return [...regs, ...implicitXRegsOf(instr.op)];
}

/** Whether an instruction reads sp as a value: not only as the base of an o32/z address or as a frame op. */
function readsSpAsValue(instr: Instr): boolean {
  const asAddress = instr.op.operands.filter((o, i) => (o.type === 'AddrO32' || o.type === 'AddrZ') && (instr.operands[i] as AddrO32).base === SP).length;
  const implicit = implicitXRegsOf(instr.op).filter((r) => r === SP).length;
  return readXRegsOf(instr).filter((r) => r === SP).length > asAddress + implicit;
}

const isControl = (op: OpInfo): boolean => CONTROL_MNEMONICS.has(op.mnemonic);

/** x registers a control op reads or writes without naming them: sp for frames, x0.. for call args. */
function implicitXRegsOf(op: OpInfo): number[] {
  switch (op.mnemonic) {
    case 'push_frame': case 'pop_frame': case 'push_frame_save': case 'pop_frame_restore':
    case 'stack_alloc32': case 'stack_free32':
      return [SP];
    case 'call1': return [0];
    case 'call2': return [0, 1];
    case 'call3': return [0, 1, 2];
    case 'call4': return [0, 1, 2, 3];
    default: return [];
  }
}

/** x registers whose cached value an instruction may change: destinations, call arguments. */
export function writtenXRegsOf(instr: Instr): number[] {
  const regs = [...implicitXRegsOf(instr.op)];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    if (operand.type === 'XReg' && operand.name === 'dst') regs.push(v as number);
    if (operand.type === 'UpperRegSet<XReg>' && instr.op.mnemonic === 'pop_frame_restore') regs.push(...upperRegs(v as number));
    if (operand.type === 'BinaryOperands<XReg>' || operand.type === 'BinaryOperands<XReg,XReg,U6>') {
      regs.push((v as BinaryOperands).dst);
    }
  });
  return regs;
}

/** The identifier of the generated function for the bytecode function at `entry` (named in stack traces). */
export function functionIdent(entry: number, name?: string): string {
  return `f_${entry.toString(16)}${name ? '_' + name.replace(/[^A-Za-z0-9_$]/g, '_') : ''}`;
}

/** The instructions of the function at [entry, end) of `code` (unchecked decoding: the caller validated it). */
export function decodeFunction(code: Uint8Array, entry: number, end: number): Instr[] {
  const instrs: Instr[] = [];
  for (let pc = entry; pc < end;) {
    const instr = decodeInstr(code, pc, { checked: false });
    instrs.push(instr);
    pc += instr.size;
  }
  return instrs;
}

/** Translates the function at [entry, end) of `code`; throws PulleyDecodeError on bad bytecode. */
export function translateFunction(input: TranslateInput): TranslatedFunction {
  const { code, entry, end } = input;
  const instrs = input.instrs ?? decodeFunction(code, entry, end);

  // Registers cached in locals: every x register an instruction names, plus those that
  // control ops touch implicitly. Only the ones some inline code writes need writing back
  // when the function leaves; the others always equal the register file.
  const used = new Set<number>();
  const written = new Set<number>();
  for (const instr of instrs) {
    for (const r of xRegsOf(instr)) used.add(r);
    for (const r of implicitXRegsOf(instr.op)) used.add(r);
    for (const r of writtenXRegsOf(instr)) written.add(r);
  }
  const regs = [...used].sort((a, b) => a - b);
  const dirty = [...written].filter((r) => used.has(r)).sort((a, b) => a - b);

  const { indexOf, edges, successors } = controlFlow(instrs);
  const structured = input.structured === false ? undefined : structure(instrs.length, edges);
  // Instructions inside a loop of the structured code (none in a switch in a loop).
  const inLoop = new Uint8Array(instrs.length);
  for (const interval of structured?.intervals ?? []) if (interval.kind === 'loop') inLoop.fill(1, interval.start, interval.end);

  const lo = (r: number) => LO[r]!;
  const hi = (r: number) => HI[r]!;
  const i32 = (k: number) => index(I32, k);
  const writeBack = (list: readonly number[]): Stmts => list.flatMap((r) => WRITE_BACK[r]!);
  const reload = (list: readonly number[]): Stmts => list.flatMap((r) => RELOAD[r]!);
  // f registers that only value-like float ops touch live in JS locals too (doubles), as
  // f-locals.ts plans: written back at the exit and around calls. An f32 local never holds
  // a signalling NaN, which does not survive a trip through a double (entries and reloads
  // check; NaN loads and results go to the interpreter).
  const fLocal = (r: number) => F_LOCALS[r]!;
  const tag = (r: number) => TAGS[r]!;
  const fPlan = planFLocals(instrs, {
    successors,
    reloadsAfter: (i) => RELOADS_AFTER.has(instrs[i]!.op.mnemonic),
  });
  const cachedF = new Set(fPlan.cached);
  const blindLoads = cachedF.size === 0 ? new Set<number>()
    : payloadBlindLoads(instrs, { successors, reloadsAfter: (i) => RELOADS_AFTER.has(instrs[i]!.op.mnemonic) }, {
      ret: input.convention?.(entry)?.fResults,
      call: (i) => { const t = directCallee(instrs[i]!); return t === undefined ? undefined : input.convention?.(t)?.fParams; },
    });
  const loadClassOf = (r: number) => fPlan.loadClass.get(r) ?? '64';
  const f64Slot = (r: number) => index(F64, F_F64 + r);
  const f32Slot = (r: number) => index(F32, F_F32 + 2 * r);
  const slotOf = (r: number, cls: FClass) => (cls === '32' ? f32Slot(r) : f64Slot(r));
  const tagValue = (cls: FClass) => (cls === '32' ? 1 : 0);
  const fBack: Stmts = fPlan.cached.map((r) => (fPlan.mixed.has(r)
    ? ifStmt(js.expr`${tag(r)} === 1`, set(f32Slot(r), fLocal(r)), set(f64Slot(r), fLocal(r)))
    : set(slotOf(r, loadClassOf(r)), fLocal(r))));
  const fReload: Stmts = fPlan.cached.flatMap((r) => [
    set(fLocal(r), slotOf(r, loadClassOf(r))),
    ...(fPlan.mixed.has(r) ? [set(tag(r), tagValue(loadClassOf(r)))] : []),
  ]);
  /** A condition true when an f32 local was loaded from a signalling NaN (the interpreter must run on). */
  const f32Cached = fPlan.cached.filter((r) => loadClassOf(r) === '32');
  const f32NaN = f32Cached.length === 0 ? undefined
    : chain('||', f32Cached.map((r) => js.expr`${fLocal(r)} !== ${fLocal(r)} && (I32[${F_I32 + 2 * r}] & 4194304) === 0`));
  // Around calls: write back what changed since the last sync; after a call, read again
  // what the callee may have changed (and memory may have grown).
  const usedMask = maskOf(regs);
  const writtenMasks = instrs.map((instr) => maskOf(writtenXRegsOf(instr)));
  const liveX = input.convention?.(entry) === undefined ? undefined : liveXRegs(instrs, successors, writtenMasks, {
    own: input.convention(entry)!,
    callee: (i) => { const t = directCallee(instrs[i]!); return t === undefined ? undefined : input.convention!(t); },
  });
  // A function with one push_frame_save keeps the registers it saves in locals (S16l..)
  // until a call or the exit needs the frame in the stack (inline-ops.ts frameToMemory).
  const pushes = instrs.filter((instr) => instr.op.mnemonic === 'push_frame_save');
  const lazyFrame = pushes.length === 1
    ? { amt: pushes[0]!.operands[0] as number, regs: pushes[0]!.operands[1] as number } : undefined;
  const lazySaved = lazyFrame === undefined || upperRegs(lazyFrame.regs).length * 8 > lazyFrame.amt
    ? [] : upperRegs(lazyFrame.regs);
  // Deferred saves (links.ts deferredSaveFunctions). Called linked (`fp` defined), such a
  // function reads none of its caller's x16..x29: its push stores nothing (FR = 1: the
  // frame's saved slots wait for those values), its pop returns at once, and if it leaves
  // for the interpreter it names those slots to the frames above (PEND, unit.ts), the frame
  // holding each value writing it there. Called from the interpreter (`fp` undefined), its
  // push stores the register file's values, which are its caller's.
  const deferred = lazySaved.length > 0 && input.linked?.(entry) === true && input.convention?.(entry) !== undefined
    && input.deferredSave?.(entry) !== undefined;
  const usedSaved = regs.filter((r) => ((CALLEE_SAVED_MASK >>> r) & 1) !== 0);
  // The saved registers a lazily saved frame holds in locals, to the stack (see frameOut, which adds the spill slots).
  const savedOut: Stmts = lazySaved.length === 0 ? []
    : deferred ? [ifStmt(js.expr`FR === 1`, [...savedSlots(lazyFrame!.amt, lazySaved).map(({ r, off }) => js.stmt`PEND.push(${r}, FB + ${off});`), js.stmt`FR = 0;`])]
      : frameToMemory(lazyFrame!.amt, lazySaved);
  // Frame links (links.ts). Called with the caller's fp (`fp` defined), this function keeps
  // its own link in locals (LP = 1 while it is only there, LR0 the return address) and
  // leaves the register file's fp as its caller's. On the way out to the interpreter it
  // writes the link into its frame (linkOut) and, if it is the innermost function, sets fp
  // (linkLeave). It calls functions that qualify with its own fp, where its frame is surely
  // pushed (pushedAt).
  const selfLinked = lazySaved.length > 0 && input.linked?.(entry) === true;
  const linkFp = lazySaved.length > 0 ? js.expr`(FB + ${lazyFrame!.amt}) | 0` : undefined;
  const linkStores: Stmts = selfLinked ? js.stmts`STACK_VIEW.setInt32(${linkFp}, fp, true); STACK_VIEW.setInt32(${linkFp} + 4, STACK_ID, true);
    STACK_VIEW.setInt32(${linkFp} + 8, LR0, true); STACK_VIEW.setInt32(${linkFp} + 12, CODE_ID, true); LP = 0;` : [];
  // (Its pop puts the register file's lr back from LR0 only if a call of its own changed it.)
  const link = selfLinked ? { restoresLr: instrs.some((i) => RELOADS_AFTER.has(i.op.mnemonic)) } : undefined;
  const linkOut: Stmts = selfLinked ? [ifStmt(js.expr`LP === 1`, linkStores)] : [];
  const linkLeave: Stmts = selfLinked ? [ifStmt(js.expr`fp !== undefined`, [
    ifStmt(js.expr`LP === 1`, [...linkStores, set(index(id('I32'), FP_I32), linkFp!)], set(index(id('I32'), FP_I32), id('fp'))),
    set(index(id('I32'), FP_I32 + 1), id('STACK_ID'))])] : [];
  const pushedAt = linkFp === undefined ? [] : framePushedAt(instrs, successors);
  /** The fp a call at instruction `index` passes, where the call may be a linked one. */
  const linkedCallAt = (index: number): Expr | undefined => {
    const callee = directCallee(instrs[index]!);
    return callee !== undefined && pushedAt[index] === 1 && input.linked?.(callee) === true && input.direct?.(callee) !== undefined
      ? linkFp : undefined;
  };
  // A linked call to a function taking deferred saves leaves x16..x29 out of the write-back:
  // they stay dirty, and reach the register file (or a frame below) only if it leaves for
  // the interpreter (pendingFix).
  const deferredCallAt = instrs.map((instr, i) => {
    const callee = directCallee(instr);
    return callee !== undefined && linkedCallAt(i) !== undefined && input.deferredSave?.(callee) !== undefined;
  });
  const keptDirty = deferredCallAt.map((d) => (d ? CALLEE_SAVED_MASK : 0));
  const dirtySinceSync = dirtyBefore(instrs.length, successors, (i) => writtenMasks[i]!,
    (i) => RELOADS_AFTER.has(instrs[i]!.op.mnemonic), (i) => keptDirty[i]!);
  // Registers restored from the lazy frame usually equal the register file already: the
  // file held the values the push saved, nothing wrote the file since and every callee kept
  // them (RP = 1, "pristine"). Then a return leaves them out of the writeback (RK = 1, set
  // by the restore). Only where no instruction writes them after a restore
  // (restoredWritten), so that RK = 1 means the locals still equal the file.
  const keptSaved = lazySaved.length > 0 && !deferred && !restoredWritten(instrs, successors, maskOf(lazySaved)) ? lazySaved : [];
  const keptMask = maskOf(keptSaved);
  /** `RP = 0` where a write to the register file or a call may leave a saved register's slot different from its entry value. */
  const unpristine = (writesMask: number, callKeeps: boolean): Stmts =>
    (keptSaved.length > 0 && ((writesMask & keptMask) !== 0 || !callKeeps) ? js.stmts`RP = 0;` : []);
  // A call leaves the frame in locals: only a callee that hands over to the interpreter
  // (which will run this function's epilogue) needs it in the stack, and callTo writes it
  // then. Backtraces read only fp and lr, which push_frame_save stores right away.
  // (A host call reads no saved register: a frame with its slots waiting stays so.)
  const syncBackAt = (i: number, withFrame: boolean): Stmts => {
    const mask = (dirtySinceSync[i]! | writtenMasks[i]!) & usedMask & ~keptDirty[i]!;
    const callee = directCallee(instrs[i]!);
    const calleeKeeps = callee !== undefined && input.preserves?.(callee) === true;
    return [...(withFrame && !deferred ? savedOut : []), ...writeBack(regsOfMask(mask)), ...unpristine(mask, calleeKeeps), ...fBack];
  };
  // If a callee taking deferred saves left for the interpreter, this frame puts what it
  // holds of x16..x29 where the frames below wait for it (PEND_HOLD): every register it
  // uses (one that is live here was written on every path, readsCallersSaved; one that is
  // not may take any value), and, where its caller's values are the register file's
  // (not itself deferred, or entered from the interpreter), the others from the file.
  const pendingAt = (i: number) => (dirtySinceSync[i]! | writtenMasks[i]!) & usedMask & keptDirty[i]!;
  const holdAll: Stmts = usedSaved.map((r) => js.stmt`PEND_HOLD(${r}, ${lo(r)}, ${hi(r)});`);
  const othersFromFile = CALLEE_SAVED_MASK & ~maskOf(usedSaved);
  const pendingFixAt = (i: number): Stmts => {
    if (!deferredCallAt[i]) return [];
    const fromFile = js.stmt`PEND_FROM_FILE(${othersFromFile});`;
    return [...holdAll,
      ...(deferred ? [ifStmt(js.expr`fp === undefined`, fromFile)] : [fromFile])];
  };
  // The heap's view for AddrG32 accesses. With one heap base register (compiled wasm's
  // x27) it lives in MV, read again wherever that register is written and after calls
  // (memory.grow may replace the view); otherwise it is cached per access in MV, keyed by
  // region id in MH. MV is only the view while the base's low word is 0 (compiled code's
  // heap starts its region), so an address is the wasm address; else MV is an empty view,
  // an access throws and the interpreter runs it (MU8: the region's bytes, for byte accesses).
  // With one heap bound register (x28), its value lives in MB the same way.
  const heapBase = soleRegister(instrs, (a) => a.hostHeapBase);
  const heapBound = soleRegister(instrs, (a) => a.hostHeapBound);
  // With both, ML is the bound the accesses check: MB, but no more than MV's length, and -1
  // while there is no view. So a checked access cannot throw (see `mayThrow` below).
  const bothSole = heapBase !== undefined && heapBound !== undefined;
  // MB, MVL and ML are int32s, never above the true values: a bound of 2 GiB or more
  // becomes 2^31 - 1 and a length of 2 GiB or more wraps (`| 0`) to less than itself,
  // so an access past them leaves for the interpreter, which checks it exactly. As
  // doubles they cost conversions at every refresh and check (binarytrees -3%).
  // (MVL is the region's byte length: DataView's byteLength is a slow getter in V8.)
  // MVB is the heap's view cut to ML bytes (the same view when ML is its whole length), so
  // that its own bounds check is the bound check (inline-ops.ts memoryOp).
  // (Functions set the base register before the bound one: ML is 0 in between, so is MVB's length.)
  // Only functions with such an access in a loop keep MVB (binarytrees +6% with it everywhere).
  // (MU8B is the bytes cut the same way, for byte loads.)
  const boundedAccesses = bothSole && instrs.some((instr, i) => inLoop[i] === 1 && (isOneCallAccess(instr) || isByteLoad(instr)));
  /** The heap's view and bytes cut to ML into these two places. */
  const cutViews = (view: ES.Identifier | ES.MemberExpression, bytes: ES.Identifier | ES.MemberExpression): Stmts => js.stmts`
      if (ML === MVL && ML >= 0) { ${view} = MV; ${bytes} = MU8; } else if (ML <= 0) { ${view} = NO_VIEW; ${bytes} = NO_BYTES; }
      else { CUT_HEAP(MV, MU8, ML); ${view} = CUT.view; ${bytes} = CUT.bytes; }`;
  const refreshLimit: Stmts = !bothSole ? [] : [...js.stmts`ML = MB < MVL ? MB : MVL;`, ...(boundedAccesses ? cutViews(id('MVB'), id('MU8B')) : [])];
  // They come from the unit's heap cache (unit.ts HEAP), looked up again only if the base
  // register names another region than the cache's or some region changed since
  // (runtime/machine.ts AddressSpace.changes). At entries and after calls that is three
  // compares and three reads, where a region lookup per entry cost binarytrees 4.5%.
  const baseLocals: Stmts = heapBase === undefined ? js.stmts`MH = -1;`
    : js.stmts`if (${lo(heapBase)} !== 0 || ${hi(heapBase)} !== HEAP.id || REGIONS_CHANGED[0] !== HEAP.epoch) HEAP_LOOKUP(${lo(heapBase)}, ${hi(heapBase)});
      MV = HEAP.view; MU8 = HEAP.bytes; MVL = HEAP.length;`;
  const boundLocal: Stmts = heapBound === undefined ? []
    : js.stmts`MB = ${hi(heapBound)} === 0 && ${lo(heapBound)} >= 0 ? ${lo(heapBound)} : 2147483647;`;
  const refreshBase: Stmts = [...baseLocals, ...(heapBase === undefined ? [] : refreshLimit)];
  const refreshBound: Stmts = [...boundLocal, ...(heapBound === undefined ? [] : refreshLimit)];
  const refreshView: Stmts = [...baseLocals, ...boundLocal, ...refreshLimit];
  const heapView = (b: number): Expr => (b === heapBase ? id('MV')
    : js.expr`${hi(b)} === MH ? MV : (MH = ${hi(b)}, MV = REG[${hi(b)} >>> 0].view)`);
  const heapLimit = (n: number): Expr => (n === heapBound ? id(bothSole ? 'ML' : 'MB')
    : js.expr`(${hi(n)} >>> 0) * 4294967296 + (${lo(n)} >>> 0)`);
  const allReload = [...reload(regs), ...fReload, ...refreshView];
  /** Whether instruction i + 1, reached only from instruction i, writes the heap register that i does not (of base and bound). */
  const limitWorkedOutNext = (i: number): boolean => {
    const next = i + 1;
    if (next >= instrs.length || !FALLS_THROUGH(instrs[i]!.op) || edges[i]!.length > 0 || RELOADS_AFTER.has(instrs[i]!.op.mnemonic)) return false;
    if (edges.some((targets) => targets.includes(next))) return false;
    // (Nor may it access the heap itself: the limit is stale until it has run.)
    if (instrs[next]!.op.operands.some((o) => o.type === 'AddrG32' || o.type === 'AddrG32Bne')) return false;
    const both = maskOf([heapBase!, heapBound!]);
    return ((writtenMasks[i]! | writtenMasks[next]!) & both) === both && (writtenMasks[i]! & writtenMasks[next]! & both) === 0;
  };
  // Compiled code reads no caller-saved register after a call but the callee's results
  // (and sp): where the callee's result registers are known, only those are read again.
  // The others' locals become 0, so that V8 need not keep their old values across the call
  // for the exit's writeback (nbody +6% without): they and the file differ in dead values only.
  const callerSavedOf = (target: number) => {
    const results = input.convention?.(target)?.results;
    const callerSaved = regs.filter((r) => !((CALLEE_SAVED_MASK >>> r) & 1));
    const read = (r: number) => results === undefined || r === SP || ((results >>> r) & 1) !== 0;
    return [...reload(callerSaved.filter(read)), ...callerSaved.filter((r) => !read(r)).flatMap((r) => [set(lo(r), 0), set(hi(r), 0)])];
  };
  // A callee that keeps x16..x29 and cannot reach the host leaves the heap registers and
  // their views as they were: nothing to refresh (count's recursion in binarytrees).
  const reloadAfterCallTo = (target: number) => (!input.preserves?.(target) ? allReload
    : input.hostFree?.(target) ? [...callerSavedOf(target), ...fReload] : [...callerSavedOf(target), ...fReload, ...refreshView]);
  // A way out to the interpreter at pc `to` sets the locals of the dirty registers that no
  // path from `to` reads before writing (deadAt) to 0 first: the exit's write-back would
  // otherwise keep alive values that only the exit reads (a compare's result that only
  // one branch uses). The interpreter never reads them; the register file gets 0.
  const deadAt = (to: number): Stmts => {
    const k = indexOf.get(to);
    if (k === undefined || liveX === undefined) return [];
    const liveSlots = frameSlots?.liveAt(k);
    const deadSlots = frameSlots === undefined ? [] : [...frameSlots.classOf].filter(([o]) => !liveSlots!.has(o))
      .map(([o, cls]) => set(id(slotLocal(o, cls === 'x' ? 'l' : 'f')), 0));
    return [...dirty.filter((r) => r !== SP && ((liveX[k]! >>> r) & 1) === 0).map((r) => set(lo(r), 0)), ...deadSlots];
  };
  const leave = (to: number | Expr): ES.Statement =>
    block([...(typeof to === 'number' ? deadAt(to) : []), set(id('at'), to), breakTo('exit')]);

  // A 64-bit load of a vmctx field only the runtime writes (memory 0's base and length,
  // UnitFunction.convention vmctxFixed), remembered in the unit per vmctx address until a
  // region changes (memory.grow replaces one before it writes the new length): most
  // function entries then read two words from the memo instead of the vmctx.
  const fixedFields = new Set(input.convention?.(entry)?.vmctxFixed ?? []);
  /** For a load of a remembered vmctx field: the register it loads and the field's offset. */
  const fixedLoad = (instr: Instr): { dst: number; offset: number } | undefined => {
    if (fixedFields.size === 0 || instr.op.mnemonic !== 'xload64le_o32') return undefined;
    const [dst, addr] = instr.operands as [number, AddrO32];
    return addr.base !== REG_VMCTX || dst === REG_VMCTX || !fixedFields.has(addr.offset) ? undefined : { dst, offset: addr.offset };
  };
  const memoLoad = (instr: Instr, statements: Stmts | undefined): Stmts | undefined => {
    const field = fixedLoad(instr);
    if (statements === undefined || field === undefined) return statements;
    const { dst } = field;
    const memo = id(vmctxMemoName(field.offset));
    const b = REG_VMCTX;
    return [ifStmt(js.expr`${lo(b)} === ${memo}.lo && ${hi(b)} === ${memo}.hi && REGIONS_CHANGED[0] === ${memo}.epoch`,
      js.stmts`${lo(dst)} = ${memo}.vl; ${hi(dst)} = ${memo}.vh;`,
      [...statements, ...js.stmts`${memo}.lo = ${lo(b)}; ${memo}.hi = ${hi(b)}; ${memo}.epoch = REGIONS_CHANGED[0]; ${memo}.vl = ${lo(dst)}; ${memo}.vh = ${hi(dst)};`])];
  };

  // How a branch from instruction `source` to pc `target` is written.
  let jumpFrom: (source: number, target: number) => ES.Statement;
  const opening = new Map<number, Interval[]>();
  const closing = new Map<number, Interval[]>();
  const leaders = new Set<number>();
  if (structured) {
    for (const interval of structured.intervals) {
      (opening.get(interval.start) ?? opening.set(interval.start, []).get(interval.start)!).push(interval);
      (closing.get(interval.end) ?? closing.set(interval.end, []).get(interval.end)!).push(interval);
    }
    for (const list of opening.values()) list.sort(openingOrder);
    for (const list of closing.values()) list.sort(closingOrder);
    jumpFrom = (source, target) => {
      const t = indexOf.get(target);
      if (t === undefined) return leave(target);
      return t <= source ? continueTo(`L${t}`) : breakTo(`B${t}`);
    };
  } else {
    // A switch in a loop: block leaders are the entry, every branch target, and every
    // instruction after a branch; a taken branch is a `continue` to its case.
    leaders.add(entry);
    instrs.forEach((instr, i) => {
      for (const t of edges[i]!) leaders.add(instrs[t]!.offset);
      if (edges[i]!.length > 0 || endsBlock(instr.op)) leaders.add(instr.offset + instr.size);
    });
    jumpFrom = (_source, target) => block([set(id('bb'), target), continueTo()]);
  }

  // The frame sp is the base of, by instruction: its pushed bytes (amount and record),
  // while no instruction has moved sp since the push (push_frame_save checked them: its
  // spill slots need no check). A call moves it back only to a callee of known convention
  // (compiled wasm), whose frame ops restore it; else 0.
  const spFrameAt = solveForward({
    n: instrs.length, width: 1, successors,
    entry: (state) => { state[0] = 0; },
    transfer: (i, state) => {
      const instr = instrs[i]!;
      if (instr.op.mnemonic === 'push_frame_save') {
        // (Only an inline push checks its frame: one with more saves than room is the handler's.)
        const amt = instr.operands[0] as number;
        state[0] = upperRegs(instr.operands[1] as number).length * 8 <= amt ? amt + 16 : 0;
      } else if (((writtenMasks[i]! >>> SP) & 1) !== 0) {
        state[0] = 0;
      } else if (RELOADS_AFTER.has(instr.op.mnemonic)) {
        const callee = directCallee(instr);
        if (callee === undefined || input.convention?.(callee) === undefined) state[0] = 0;
      }
    },
    join: (a, b) => (a === b ? a : 0),
  });
  // Compiled wasm's spill slots live in JS locals (frame-slots.ts): Y<offset>l/h for an x
  // slot, Y<offset>f for an f64 one, written to the frame (at YB, its base) on the way out.
  const outgoingBytes = input.convention?.(entry)?.outgoingBytes;
  const frameSlots = outgoingBytes === undefined ? undefined : planFrameSlots(instrs, {
    successors, spFrameAt, outgoingBytes,
    fCached: (r) => cachedF.has(r), savedCount: (push) => upperRegs(push.operands[1] as number).length,
    inLoop: (i) => inLoop[i] === 1,
    readsSpAsValue: (i) => readsSpAsValue(instrs[i]!),
  });
  const slotToMemory = (offset: number): Stmts => (frameSlots!.classOf.get(offset) === 'x'
    ? js.stmts`STACK_I32[(YB + ${offset}) >>> 2] = ${id(slotLocal(offset, 'l'))}; STACK_I32[((YB + ${offset}) >>> 2) + 1] = ${id(slotLocal(offset, 'h'))};`
    : js.stmts`STACK_F64[(YB + ${offset}) >>> 3] = ${id(slotLocal(offset, 'f'))};`);
  // Everything of this frame held in locals, to the stack: for every way out after which the
  // interpreter runs this function's frame (the saved registers of a lazy frame, the spill slots).
  const frameOut: Stmts = [...savedOut, ...(frameSlots === undefined ? []
    : [ifStmt(js.expr`YB >= 0`, [...frameSlots.classOf.keys()].flatMap(slotToMemory))])];

  // Every way out but a call's goes through the one exit: `at` is the pc the interpreter
  // continues at, and the dirty registers are written back once, there.
  const ident = functionIdent(entry, input.name);
  const head: Stmts = [];
  const loaded = readAtEntry(instrs, successors, writtenMasks, input.convention === undefined ? undefined : {
    own: input.convention(entry), callee: (i) => { const t = directCallee(instrs[i]!); return t === undefined ? undefined : input.convention!(t); },
    deferred,
  });
  if (regs.length > 0) {
    const initial = (r: number, word: number): Expr | number => (((loaded >>> r) & 1) !== 0 ? i32(2 * r + word) : 0);
    head.push(letDecl(regs.flatMap((r) => [[`x${r}l`, initial(r, 0)], [`x${r}h`, initial(r, 1)]] as const)));
  }
  if (fPlan.cached.length > 0) head.push(letDecl(fPlan.cached.map((r) => [`f${r}`, slotOf(r, loadClassOf(r))] as const)));
  // (Before the push: no link in locals, and fp must be the caller's.)
  const entryLeave: Stmts = selfLinked ? [ifStmt(js.expr`fp !== undefined`, js.stmts`I32[${FP_I32}] = fp; I32[${FP_I32 + 1}] = STACK_ID;`),
    ...(deferred ? js.stmts`PEND_START();` : [])] : [];
  if (f32NaN !== undefined) head.push(ifStmt(f32NaN, [...entryLeave, ret(entry)]));
  // With deferred saves, the count of generated frames (the depth guard's) comes as `d`
  // from a linked caller: a parameter costs less than m.jitDepth at every call (fib -8%).
  // It goes to m.jitDepth for a host call, which may enter the VM again.
  if (deferred) head.push(ifStmt(js.expr`fp === undefined`, js.stmt`d = m.jitDepth;`), letDecl([['JD', 0]]));
  head.push(letDecl([['bb', entry], ['at', entry], ['r', 0]]));
  const tags = fPlan.cached.filter((r) => fPlan.mixed.has(r));
  if (tags.length > 0) head.push(letDecl(tags.map((r) => [`t${r}`, tagValue(loadClassOf(r))] as const)));
  // Temporaries of the inline code, declared once: block-scoped consts would each take a
  // slot of their own in V8's interpreter frame and make deep recursion overflow JS's stack.
  head.push(inlineTemporaries());
  if (frameSlots !== undefined) {
    head.push(letDecl([['YB', -1], ...[...frameSlots.classOf].flatMap(([o, cls]) => (cls === 'x'
      ? [[slotLocal(o, 'l'), 0], [slotLocal(o, 'h'), 0]] : [[slotLocal(o, 'f'), 0]]) as Array<[string, number]>)]));
  }
  if (lazySaved.length > 0) {
    if (selfLinked) head.push(letDecl([['LP', 0], ['LR0', 0]]));
    head.push(letDecl([['FR', 0], ['FB', deferred ? -1 : 0], ...(keptSaved.length > 0 ? [['RP', 0], ['RK', 0]] as const : []),
      ...(deferred ? [] : lazySaved.flatMap((r) => [[savedLo(r).name, 0], [savedHi(r).name, 0]] as const))]));
  }
  /** Each instruction's first statement (a copy of its own, so that it is one node in the tree), by pc. */
  const firsts: Array<[number, ES.Statement]> = [];
  // The heap's locals at the entry, unless every heap access comes after the function has
  // set both registers itself (compiled code loads them from the vmctx first). Without them
  // ML is -1, so an access that did come first would only leave to the interpreter.
  if ((heapBase !== undefined || heapBound !== undefined) && !heapSetBeforeUse(instrs, successors, writtenMasks, bothSole ? maskOf([heapBase!, heapBound!]) : 0)) {
    // It reads a register: an error here is the entry's.
    const [first, ...rest] = refreshView;
    firsts.push([entry, { ...first! } as ES.Statement]);
    head.push(firsts[0]![1], ...rest);
  }

  // The statement lists being filled: the open loops and blocks, innermost last (structured),
  // or the current case of the switch.
  const open: Stmts[] = [[]];
  const cases: Array<{ test: number | null; body: Stmts }> = [];
  const current = () => open[open.length - 1]!;
  const close = (interval: Interval) => {
    const body = open.pop()!;
    if (interval.kind === 'loop') current().push(labeled(`L${interval.target}`, forever([...body, breakTo(`L${interval.target}`)])));
    else current().push(labeled(`B${interval.target}`, block(body)));
  };

  // A return to compiled code writes back only what its caller may read: the results, sp
  // and the callee-saved registers (its convention); other exits write back every dirty register.
  const ownResults = input.convention?.(entry)?.results;
  const returned = ownResults === undefined ? dirty
    : dirty.filter((r) => ((CALLEE_SAVED_MASK >>> r) & 1) !== 0 || r === SP || ((ownResults >>> r) & 1) !== 0);
  // What a return writes back but the saved registers (a return straight from a restore).
  const returnWriteBack: Stmts = [...writeBack(returned.filter((r) => !((keptMask >>> r) & 1))), ...fBack];
  // A function taking deferred saves that leaves for the interpreter starts the frames'
  // account of waiting slots (PEND_START), and once its frame is pushed (FB >= 0) writes its
  // x16..x29 (held: see pendingFixAt); its frame's slots then wait for its caller's values.
  const deferredLeave: Stmts = deferred
    ? [js.stmt`PEND_START();`, ifStmt(js.expr`FB >= 0`, holdAll)] : [];
  /** The way out of the function, returning `to`, with `written` (dirty registers) written back. */
  const exitWith = (written: readonly number[], to: Expr, leaving = true): Stmts => [
    // (A return to code has popped the frame: its spill slots are dead.)
    ...(leaving ? [...deferredLeave, ...frameOut] : savedOut), ...linkLeave, ...writeBack(written.filter((r) => !((keptMask >>> r) & 1) && !(deferred && leaving && ((CALLEE_SAVED_MASK >>> r) & 1)))),
    ...(keptSaved.length > 0 ? [ifStmt(js.expr`RK === 0`, writeBack(written.filter((r) => (keptMask >>> r) & 1)))] : []), ...fBack,
    ret(to),
  ];
  // A return to this unit's bytecode: the exit with the return's writeback.
  const returnToCode: Stmts | undefined = ownResults === undefined ? undefined : exitWith(returned, js.expr`I32[${LR_I32}]`, false);
  // Deferred saves, called linked: the pop followed by a ret returns at once, writing back
  // the results and sp only (its caller keeps its own x16..x29). The file's fp is still
  // the one the caller found (only a way out to the interpreter sets it), and its lr is
  // read by no one before a pop loads it again (a linked function has no xmov_lr).
  const fastReturn: Stmts | undefined = !deferred ? undefined : [
    ...writeBack(returned.filter((r) => !((CALLEE_SAVED_MASK >>> r) & 1))), ...fBack, ...js.stmts`return LR0;`];
  // An instruction whose code may throw (an access that is not checked explicitly, an
  // interpreter handler) calls mayThrow: its statements get a try of their own, which sends
  // the interpreter back to this pc. No try spans a loop: V8 does not enter optimized code
  // (OSR) inside one, and a long first run would stay in the interpreter.
  // A trap, or an access that left its region: the interpreter takes over at this pc.
  // Other errors (a host's, from inside a handler that called out) are not ours to handle.
  const handler = js.stmts`if (!(e instanceof TrapSignal || e instanceof RangeError || e instanceof TypeError)) throw e;`;
  // The vmctx's region view in a local, XV, where the function accesses the vmctx (the C
  // stack pointer global...) more than once: the first access after the entry, a call or a
  // write of the vmctx register looks the view up and keeps it, the ones after it take XV
  // as it is (vmctxViewAt: 1 where every path set it since). Only calls change regions.
  // (Not the heap's base and bound: they have their memos.)
  const vmctxAccesses = instrs.map((instr) => accessesThrough(instr, REG_VMCTX) && fixedLoad(instr) === undefined);
  const vmctxViewAt = vmctxAccesses.filter(Boolean).length < 2 ? undefined : setOnEveryPath(instrs.length, successors,
    (i) => vmctxAccesses[i]!, (i) => RELOADS_AFTER.has(instrs[i]!.op.mnemonic) || ((writtenMasks[i]! >>> REG_VMCTX) & 1) === 1);
  if (vmctxViewAt !== undefined) head.push(letDecl([['XV', id('NO_VIEW')]]));
  /**
   * The statements of instruction `index`, and whether they may throw. In a run with
   * deferred NaN checks (nan-runs.ts), f64 results are unchecked and a way out hands the
   * interpreter the run's first instruction (at `runStart`).
   */
  const emitAt = (index: number, runStart?: number): { statements: Stmts; throws: boolean } => {
    const instr = instrs[index]!;
    const pc = instr.offset;
    let throws = false;
    let vmctxViewSet = false;
    const next = pc + instr.size;
    const emit: Emit = {
      pc, next, instr, lo, hi,
      bail: (to: number | Expr = pc) => leave(runStart !== undefined && to === pc ? runStart : to),
      nanDeferred: runStart !== undefined,
      jump: (target) => jumpFrom(index, target),
      direct: input.direct, unguarded: input.unguarded,
      heapView, heapLimit, heapBaseIsZero: (b) => b === heapBase,
      heapChecked: (b, n) => bothSole && b === heapBase && n === heapBound,
      mayThrow: () => { throws = true; },
      vmctxView: vmctxViewAt === undefined || !vmctxAccesses[index] ? undefined
        : (lookup) => { vmctxViewSet = true; return vmctxViewAt[index] === 1 ? id('XV') : assign(id('XV'), lookup); },
      lazyFrame: lazySaved.length > 0 ? lazyFrame : undefined,
      link,
      linkedCall: linkedCallAt(index),
      linkOut, linkLeave,
      // The push is the entry, which no branch returns to: no earlier frame can be in locals.
      noFrameBefore: index === 0 && !edges.some((targets) => targets.includes(0)),
      // The registers the push saves equal their slots of the register file unless written since the last sync.
      restoredKept: keptSaved.length > 0 ? { fileHasSaved: ((dirtySinceSync[index]! | 0) & keptMask) === 0 } : undefined,
      returnWriteBack: keptSaved.length > 0 && instrs[index + 1]?.op.mnemonic === 'ret' ? returnWriteBack : undefined,
      returnToCode,
      viaBoundedView: boundedAccesses && inLoop[index] === 1,
      spFrameBytes: spFrameAt[index]! > 0 ? spFrameAt[index] : undefined,
      syncBack: RELOADS_AFTER.has(instr.op.mnemonic) ? syncBackAt(index, instr.op.mnemonic === 'call_indirect_host') : [],
      frameSlot: frameSlots?.accessAt[index],
      frameOut, pendingFix: pendingFixAt(index), allReload, reloadAfterCallTo,
      leaveAfterCall: [...(deferred ? deferredLeave : writeBack(regsOfMask(pendingAt(index)))), ...frameOut, ...linkLeave],
      deferred, fastReturn: instrs[index + 1]?.op.mnemonic === 'ret' ? fastReturn : undefined,
      deferredCall: deferredCallAt[index] === true,
      f: (r) => (cachedF.has(r) ? fLocal(r) : f64Slot(r)),
      fCached: (r) => cachedF.has(r),
      f32: (r) => (cachedF.has(r) ? fLocal(r) : f32Slot(r)),
      f32Cached: (r) => cachedF.has(r),
      fMovClass: fPlan.movClass.get(index),
      payloadBlind: blindLoads.has(index),
      f32NaN,
      fBack, fReload,
      // Not translated: run the interpreter's handler on the written-back state. A handler
      // that does not go on to the next instruction (xjump...) hands over to the interpreter.
      fallback: () => {
        const touched = [...new Set([...xRegsOf(instr), ...implicitXRegsOf(instr.op)])];
        throws = true;
        return [...writeBack(touched), ...unpristine(maskOf(touched), true), ...js.stmts`r = H[${instr.op.index}](m, ${pc}, ${pc + instr.op.size});`,
          ...reload(touched), ifStmt(js.expr`r !== ${pc + instr.op.size}`, leave(id('r')))];
      },
    };
    const inline = memoLoad(instr, inlineOp(instr, emit));
    // A mixed f register: its f64 goes to the register file before an f32 write (the high
    // word is that f64's), and the tag follows what the local holds.
    // Where the dataflow knows the class before, the check (or all of it) goes.
    const tagged = fPlan.mixed.size === 0 ? []
      : fWritesOf(instr, fPlan.movClass.get(index)).filter((w) => fPlan.mixed.has(w.reg) && fPlan.classBefore(index, w.reg) !== w.cls);
    const before = tagged.filter((w) => w.cls === '32').map((w) => {
      const flush = set(f64Slot(w.reg), fLocal(w.reg));
      return fPlan.classBefore(index, w.reg) === '64' ? flush : ifStmt(js.expr`${tag(w.reg)} === 0`, flush);
    });
    const after = tagged.map((w) => set(tag(w.reg), tagValue(w.cls)));
    const writes = (r: number | undefined) => r !== undefined && ((writtenMasks[index]! >>> r) & 1) === 1;
    // (Where the next instruction, reached only from here, writes the other heap register,
    // the limit is worked out once, there: compiled code loads base and bound one after the other.)
    const limitNext = bothSole && !writes(heapBase) !== !writes(heapBound) && limitWorkedOutNext(index);
    const viewAfter = limitNext ? (writes(heapBase) ? baseLocals : boundLocal)
      : [...(writes(heapBase) ? refreshBase : []), ...(writes(heapBound) ? refreshBound : [])];
    // (An access through the vmctx that its handler made: XV is set after it all the same.)
    const vmctxViewAfter = vmctxViewAt !== undefined && vmctxAccesses[index] && !vmctxViewSet ? js.stmts`XV = REGION_VIEW(${hi(REG_VMCTX)});` : [];
    // (The frame's base, for the spill slots' way to memory: sp just after the push.)
    const slotBase = frameSlots !== undefined && instr.op.mnemonic === 'push_frame_save' ? js.stmts`YB = ${lo(SP)};` : [];
    const emitted = [...before, ...(inline ?? emit.fallback()), ...slotBase, ...after, ...viewAfter, ...vmctxViewAfter];
    const statements = throws && emitted.length > 0
      ? [tryCatch(emitted, 'e', [...handler, ...deadAt(runStart ?? pc), set(id('at'), runStart ?? pc), breakTo('exit')])] : emitted;
    return { statements, throws };
  };
  const plain = instrs.map((_, index) => emitAt(index));
  // Runs of f64 arithmetic checked for NaN once, at their end (nan-runs.ts); only f locals hold such results.
  const runs = cachedF.size === 0 ? [] : (() => {
    const effects = plain.map(({ statements }, index) => effectsOf(statements, instrs[index]!.offset));
    const isFLocal = (name: string) => /^f\d+$/.test(name) && cachedF.has(Number(name.slice(1)));
    // (One that may throw joins too, if pure: a heap load through MVB, which leaves at the run's start.)
    const joins = instrs.map((instr, index) => !isControl(instr.op) && edges[index]!.length === 0
      && mayJoinRun(instr, effects[index]!, isFLocal));
    const boundary = (index: number) => opening.has(index) || closing.has(index) || leaders.has(instrs[index]!.offset);
    return planNanRuns(instrs, joins, effects, boundary, (index) => fWritesOf(instrs[index]!, fPlan.movClass.get(index)).map((w) => w.reg));
  })();
  const runAt = new Map(runs.map((run) => [run.start, run]));
  // Compiled code loads the heap's base and bound from the vmctx one after the other (at
  // entries): one memo of both and of the heap locals worked out from them, three compares
  // where each load's memo and the heap lookup took nine (binarytrees -8..10%).
  if (bothSole) {
    const inRun = new Set(runs.flatMap((run) => Array.from({ length: run.end - run.start }, (_, k) => run.start + k)));
    for (let index = 0; index + 1 < instrs.length; index++) {
      const first = fixedLoad(instrs[index]!), second = fixedLoad(instrs[index + 1]!);
      if (first === undefined || second === undefined || inRun.has(index) || inRun.has(index + 1) || !limitWorkedOutNext(index)) continue;
      const baseLoad: typeof first = first.dst === heapBase ? first : second, boundLoad: typeof first = first.dst === heapBound ? first : second;
      if (baseLoad.dst !== heapBase || boundLoad.dst !== heapBound || baseLoad === boundLoad) continue;
      // (One memo for all the unit's functions, with the cut views whether or not this one
      // uses them: the function that misses fills it for the others, so that a hot function
      // seldom runs its filling code, which V8 may have compiled without feedback (sha256's
      // compress then ran unoptimized in one run of four, after the deopt).)
      const memo = id(heapMemoName(baseLoad.offset, boundLoad.offset));
      const vm = REG_VMCTX, b = heapBase!, n = heapBound!;
      const cut: Array<[string, string]> = boundedAccesses ? [['MVB', 'vb'], ['MU8B', 'ub']] : [];
      const fields = (more: Array<[string, string]>): Array<[ES.Identifier, string]> => [[lo(b), 'bl'], [hi(b), 'bh'], [lo(n), 'nl'], [hi(n), 'nh'],
        ...[['MV', 'view'], ['MU8', 'bytes'], ['MVL', 'length'], ['MB', 'mb'], ['ML', 'ml'], ...more].map(([l, f]) => [id(l!), f!] as [ES.Identifier, string])];
      const fromMemo = fields(cut).map(([local, field]) => set(local, dot(memo, field)));
      const toMemo = [set(dot(memo, 'lo'), lo(vm)), set(dot(memo, 'hi'), hi(vm)), set(dot(memo, 'epoch'), js.expr`REGIONS_CHANGED[0]`),
        ...fields(cut).map(([local, field]) => set(dot(memo, field), local)),
        ...(boundedAccesses ? [] : cutViews(dot(memo, 'vb'), dot(memo, 'ub')))];
      plain[index] = {
        statements: [ifStmt(js.expr`${lo(vm)} === ${memo}.lo && ${hi(vm)} === ${memo}.hi && REGIONS_CHANGED[0] === ${memo}.epoch`,
          fromMemo, [...plain[index]!.statements, ...plain[index + 1]!.statements, ...toMemo])],
        throws: plain[index]!.throws || plain[index + 1]!.throws,
      };
      plain[index + 1] = { statements: [], throws: false };
    }
  }
  const keptNames = [...new Set(runs.flatMap((run) => run.saved))].sort();
  if (keptNames.length > 0) head.push(letDecl(keptNames.map((name) => [keptName(name), 0] as const)));
  /**
   * The statements of a run: its code unchecked, on copies (Q…) of the locals it reads
   * before assigning, so that those keep their entry values; then, if the tests find no
   * NaN, the copies become the locals, else the run executes again, checked, from the
   * entry values.
   */
  const runStatements = (run: NanRun): Stmts => {
    const copies = new Map(run.saved.map((name) => [name, keptName(name)]));
    const fast: Stmts = run.saved.map((name) => set(id(keptName(name)), id(name)));
    for (let index = run.start; index < run.end; index++) {
      const statements = renamed(emitAt(index, instrs[run.start]!.offset).statements, copies);
      if (statements.length > 0) firsts.push([instrs[index]!.offset, statements[0] = { ...statements[0]! } as ES.Statement]);
      fast.push(...statements);
    }
    const commit = run.saved.map((name) => set(id(name), id(keptName(name))));
    if (run.checks.length === 0) return [...fast, ...commit];
    const checked = plain.slice(run.start, run.end).flatMap(({ statements }) => statements);
    const noNaN = chain('&&', run.checks.map((r) => { const v = id(copies.get(`f${r}`) ?? `f${r}`); return js.expr`${v} === ${v}`; }));
    return [...fast, ifStmt(noNaN, commit, checked)];
  };
  for (let index = 0; index < instrs.length; index++) {
    const pc = instrs[index]!.offset;
    for (const interval of closing.get(index) ?? []) close(interval);
    for (const _ of opening.get(index) ?? []) open.push([]);
    if (leaders.has(pc)) cases.push({ test: pc, body: open[0] = [] });
    const run = runAt.get(index);
    if (run !== undefined) {
      current().push(...runStatements(run));
      index = run.end - 1;
      continue;
    }
    const { statements } = plain[index]!;
    if (statements.length > 0) firsts.push([pc, statements[0] = { ...statements[0]! } as ES.Statement]);
    current().push(...statements);
  }
  for (const interval of closing.get(instrs.length) ?? []) close(interval);
  // Running off the end: the interpreter goes on after it.
  if (structured) current().push(leave(end));
  else cases.push({ test: null, body: [leave(id('bb'))] });
  const body = structured ? open[0]! : [forever([switchStmt(id('bb'), cases)])];
  const fn = functionDecl(ident, deferred ? ['m', 'fp', 'd'] : selfLinked ? ['m', 'fp'] : ['m'], [
    ...head,
    labeled('exit', block(body)),
    ...exitWith(dirty, id('at')),
  ]);
  const { code: source, positions } = printWithPositions(fn, new Set(firsts.map(([, s]) => s)));
  const lines = firsts.map(([pc, s]) => ({ pc, line: positions.get(s)!.line }));
  return { entry, ident, source, lines };
}

/** The locals of the generated code, by register number. */
const REGISTERS = [...Array(32).keys()];
const LO = REGISTERS.map((r) => id(`x${r}l`));
const HI = REGISTERS.map((r) => id(`x${r}h`));
const F_LOCALS = REGISTERS.map((r) => id(`f${r}`));
const TAGS = REGISTERS.map((r) => id(`t${r}`));
const I32 = id('I32'), F32 = id('F32'), F64 = id('F64');
/** x register r's locals written to / read from the register file (shared statements: nodes are never changed). */
const WRITE_BACK = REGISTERS.map((r) => [shared(set(index(I32, 2 * r), LO[r]!)), shared(set(index(I32, 2 * r + 1), HI[r]!))]);
const RELOAD = REGISTERS.map((r) => [shared(set(LO[r]!, index(I32, 2 * r))), shared(set(HI[r]!, index(I32, 2 * r + 1)))]);

/** Pcs that a branch instruction may transfer control to (not calls). */
export function branchTargets(instr: Instr): number[] {
  const op = instr.op;
  if (op.mnemonic === 'br_table32') {
    const tableStart = instr.offset + op.size;
    return (instr.targets ?? []).map((rel, i) => tableStart + 4 * i + rel);
  }
  if (op.mnemonic === 'jump' || op.mnemonic.startsWith('br_if')) {
    const i = op.operands.findIndex((o) => o.type === 'PcRelOffset');
    return [instr.offset + (instr.operands[i] as number)];
  }
  return [];
}

/** Each instruction's branch targets (as indices) and successors: those, and the next one where it falls through. */
function controlFlow(instrs: readonly Instr[]) {
  const indexOf = new Map(instrs.map((instr, i) => [instr.offset, i]));
  const edges = instrs.map((instr) =>
    branchTargets(instr).map((t) => indexOf.get(t)).filter((t): t is number => t !== undefined));
  const successors = (i: number) => (FALLS_THROUGH(instrs[i]!.op) && i + 1 < instrs.length ? [...edges[i]!, i + 1] : edges[i]!);
  return { indexOf, edges, successors };
}

/**
 * Whether some instruction (a frame push aside) may read a callee-saved x register before
 * every path from the entry has written it. A function for which this is false looks at
 * its callers' values of x16..x29 only to save them.
 */
export function readsCallersSaved(instrs: readonly Instr[]): boolean {
  const written = writtenOnEveryPath(instrs.length, controlFlow(instrs).successors,
    (i) => maskOf(writtenXRegsOf(instrs[i]!)) & CALLEE_SAVED_MASK);
  return instrs.some((instr, i) => instr.op.mnemonic !== 'push_frame_save'
    && (maskOf(readXRegsOf(instr)) & CALLEE_SAVED_MASK & ~written[i]!) !== 0);
}

/** For each instruction, 1 where every path from the entry has pushed a frame (push_frame_save) and not popped it since. */
export function framePushedAt(instrs: readonly Instr[], successors = controlFlow(instrs).successors): Int32Array {
  return setOnEveryPath(instrs.length, successors,
    (i) => instrs[i]!.op.mnemonic === 'push_frame_save', (i) => instrs[i]!.op.mnemonic === 'pop_frame_restore');
}

/** A function's calling convention as masks of x registers, and its remembered vmctx fields (UnitFunction.convention). */
type Convention = { params: number; results: number; vmctxFixed?: readonly number[]; fParams?: number; fResults?: number; outgoingBytes?: number };

/**
 * The unit's memo of the heap's base and bound loaded from the vmctx fields at these
 * offsets, with the heap locals worked out from them (MVB and MU8B too) (unit.ts).
 */
export const heapMemoName = (baseOffset: number, boundOffset: number) => `HEAP_${baseOffset}_${boundOffset}`;

/** The unit's memo of the vmctx field at `offset` (unit.ts). */
export const vmctxMemoName = (offset: number) => `VMCTX_${offset}`;

/**
 * The x registers a function reads from the register file at its entry: all, unless its
 * calling convention is known (compiled wasm). Then only those some instruction may read
 * before every path from the entry has written them: its arguments, the callee-saved
 * registers its push saves, sp. The others start at 0 in their locals: by the ABI they
 * hold nothing the function or the interpreter taking over from it will read (dlmalloc
 * read 48 words at every entry, 34 of them needed).
 */
function readAtEntry(instrs: readonly Instr[], successors: (i: number) => readonly number[], writtenMasks: readonly number[],
  abi?: { own: Convention | undefined; callee(i: number): Convention | undefined; deferred: boolean }): number {
  const ALL = -1;
  if (abi?.own === undefined) return ALL;
  const { own } = abi;
  const last = instrs.length - 1;
  // (With deferred saves the caller's x16..x29 are not read: the push of a call from the
  // interpreter stores them from the register file.)
  const callersSaved = abi.deferred ? 0 : CALLEE_SAVED_MASK;
  const readsOf = (i: number): number => {
    const instr = instrs[i]!;
    // Running off the end hands the rest to the interpreter: anything may be read there.
    if (i === last && FALLS_THROUGH(instr.op)) return ALL;
    return abiReadsOf(instr, own, abi.callee(i), { pushReadsSaved: !abi.deferred, callersSaved, trap: callersSaved | (1 << SP) });
  };
  // After a call every local is read again or set (reloadAfterCallTo).
  const written = writtenOnEveryPath(instrs.length, successors,
    (i) => (RELOADS_AFTER.has(instrs[i]!.op.mnemonic) ? ALL : writtenMasks[i]!));
  let loaded = 0;
  for (let i = 0; i < instrs.length; i++) loaded |= readsOf(i) & ~written[i]!;
  return loaded;
}

/**
 * The x registers an instruction of a function of known convention reads, its calls' and
 * ret's included: a direct call reads its callee's arguments and sp (every register where
 * the callee's convention is not known), a ret the results, sp and `callersSaved`, a trap
 * `trap`, an indirect or host call or xjump every register; a push reads what it saves if
 * `pushReadsSaved`.
 */
function abiReadsOf(instr: Instr, own: Convention, callee: Convention | undefined,
  reads: { pushReadsSaved: boolean; callersSaved: number; trap: number }): number {
  const ALL = -1;
  const m = instr.op.mnemonic;
  if (m === 'call_indirect' || m === 'call_indirect_host' || m === 'xjump') return ALL;
  let mask = maskOf(readXRegsOf(instr));
  if (m === 'push_frame_save' && reads.pushReadsSaved) mask |= maskOf(upperRegs(instr.operands[1] as number));
  if (m === 'ret') mask |= own.results | reads.callersSaved | (1 << SP);
  if (m === 'trap') mask |= reads.trap;
  if (directCallee(instr) !== undefined) mask = callee === undefined ? ALL : mask | callee.params | (1 << SP);
  return mask;
}

/**
 * For each instruction, the x registers some path from it may read before writing them (a
 * backward dataflow), for a function of known calling convention: a call reads its
 * callee's arguments and sp (every register where the callee's are not known), a ret the
 * results, sp and x16..x29; past a trap nothing reads, past a jump out of the function
 * anything may.
 */
function liveXRegs(instrs: readonly Instr[], successors: (i: number) => readonly number[], writtenMasks: readonly number[],
  abi: { own: Convention; callee(i: number): Convention | undefined }): Int32Array {
  const n = instrs.length;
  const reads = new Int32Array(n), writes = new Int32Array(n);
  instrs.forEach((instr, i) => {
    reads[i] = abiReadsOf(instr, abi.own, abi.callee(i), { pushReadsSaved: true, callersSaved: CALLEE_SAVED_MASK, trap: 0 });
    // (A call kills nothing here: its caller-saved registers are reloaded or set after it.)
    writes[i] = RELOADS_AFTER.has(instr.op.mnemonic) ? 0 : writtenMasks[i]!;
  });
  return liveBefore(n, successors, (i) => reads[i]!, (i) => writes[i]!, (i) => exitReads(instrs[i]!));
}

/** The register that `field` of every AddrG32 operand of the function names, if it is always the same one. */
function soleRegister(instrs: readonly Instr[], field: (a: AddrG32) => number): number | undefined {
  let sole: number | undefined;
  for (const instr of instrs) {
    for (let i = 0; i < instr.op.operands.length; i++) {
      if (instr.op.operands[i]!.type !== 'AddrG32') continue;
      const r = field(instr.operands[i] as AddrG32);
      if (sole !== undefined && sole !== r) return undefined;
      sole = r;
    }
  }
  return sole;
}

/** Ops whose translation may go on to the next instruction (the handler of an xjump may too). */
const FALLS_THROUGH = (op: OpInfo) => !['jump', 'ret', 'trap', 'br_table32'].includes(op.mnemonic);
/** Ops after which every register is read again from the register file. */
const RELOADS_AFTER: ReadonlySet<string> = new Set(['call', 'call1', 'call2', 'call3', 'call4', 'call_indirect', 'call_indirect_host']);

function endsBlock(op: OpInfo): boolean {
  return op.mnemonic === 'ret' || op.mnemonic === 'xjump' || op.mnemonic === 'trap' || op.mnemonic === 'call_indirect_host';
}

/** Whether some instruction may write one of `saved` after a pop_frame_restore (before the next push). */
function restoredWritten(instrs: readonly Instr[], successors: (i: number) => readonly number[], saved: number): boolean {
  const restored = solveForward({
    n: instrs.length, width: 1, successors,
    entry: (state) => { state[0] = 0; },
    transfer: (i, state) => {
      const m = instrs[i]!.op.mnemonic;
      if (m === 'pop_frame_restore') state[0] = 1;
      else if (m === 'push_frame_save') state[0] = 0;
    },
    join: (a, b) => a | b,
  });
  return instrs.some((instr, i) => restored[i] === 1 && instr.op.mnemonic !== 'pop_frame_restore'
    && (maskOf(writtenXRegsOf(instr)) & saved) !== 0);
}

/**
 * Whether, on every path from the entry, the registers of `mask` are written (or read again
 * after a call) before any instruction with an AddrG32 operand. False for an empty mask.
 */
function heapSetBeforeUse(instrs: readonly Instr[], successors: (i: number) => readonly number[],
  writtenMasks: readonly number[], mask: number): boolean {
  if (mask === 0) return false;
  const set = writtenOnEveryPath(instrs.length, successors,
    (i) => (RELOADS_AFTER.has(instrs[i]!.op.mnemonic) ? mask : writtenMasks[i]! & mask));
  return instrs.every((instr, i) => !instr.op.operands.some((o) => o.type === 'AddrG32') || (set[i]! & mask) === mask);
}
