// Inline JS for the ops that matter to compiled wasm: moves, 32- and 64-bit integer
// arithmetic on lo/hi int32 locals, compares, compare-and-branch, the scalar loads and
// stores, f64/f32 arithmetic on the register file, calls and returns. Every other op
// falls back to the interpreter's handler (translate.ts). Semantics follow
// pulley/src/interp.rs at v35.0.0, as the interpreter's handlers do; the shared vectors
// check both tiers against the same expectations. Emitters build ESTree statements
// (codegen/ast.ts); nodes are never changed once built, so they may be shared.

import type * as ES from 'estree';
import type { Instr } from '../src/isa/decode.js';
import type { AddrG32, AddrO32, BinaryOperands } from '../src/isa/operands.js';
import { F_I32, FP_I32, LR_I32, SP } from '../runtime/machine.js';
import { REG_VMCTX } from '../src/compiler/abi.js';
import {
  binary, call, dot, exprStmt, id, ifStmt, index, js, letDecl, num, set, switchStmt, unsharedId, type Operand,
} from './ast.js';
import { vectorStatements } from './inline-vector.js';
import { slotLocal } from './frame-slots.js';

type Expr = ES.Expression;
type Stmts = ES.Statement[];
/** Where a value lives: a local or an element of the register file (readable and assignable). */
export type Place = ES.Identifier | ES.MemberExpression;

/** What an inline emitter may use to build its statements. */
export interface Emit {
  pc: number;
  next: number;
  instr: Instr;
  /** The locals holding x register r's low and high words. */
  lo(r: number): ES.Identifier;
  hi(r: number): ES.Identifier;
  /** Leave the function, the interpreter going on at `to` (default: this pc). */
  bail(to?: number | Expr): ES.Statement;
  /** Continue at `target` (a block of this function, or the interpreter if it is not). */
  jump(target: number): ES.Statement;
  /**
   * The function's one push_frame_save (its amount and register set), when its saved
   * registers stay in locals until something needs them in the stack (frameToMemory).
   */
  lazyFrame?: { amt: number; regs: number };
  /**
   * Set in a function that may be called with its frame link in locals (codegen/links.ts):
   * its push and pop keep the link in LP/LR0 when `fp` (the caller's fp) is given.
   * `restoresLr`: it makes calls, so the pop puts the register file's lr back.
   */
  link?: { restoresLr: boolean };
  /** For a call that may pass this function's fp to a callee taking linked calls: that fp. */
  linkedCall?: Expr;
  /** Store this function's frame link if it is only in locals (when a callee left for the interpreter). */
  linkOut: Stmts;
  /** That, and the register file's fp as the interpreter must find it here (when leaving for it). */
  linkLeave: Stmts;
  /** Whether no frame of this function can be in locals here (FR surely 0): the push need not store one. */
  noFrameBefore: boolean;
  /**
   * Set where the lazy frame's restore may leave the saved registers out of the writeback
   * (translate.ts keptSaved: RP, RK); `fileHasSaved` when, at this push, the register file
   * surely holds the values it saves.
   */
  restoredKept?: { fileHasSaved: boolean };
  /**
   * Where a `ret` follows this instruction and the function keeps restored registers out of
   * its writeback: the rest of the exit's writeback, for a return straight from the restore.
   */
  returnWriteBack?: Stmts;
  /** For a load or store of a spill slot kept in JS locals (frame-slots.ts): the slot's offset. */
  frameSlot?: number;
  /** Whether a heap access here goes through MVB unchecked (translate.ts boundedAccesses: inside a loop). */
  viaBoundedView: boolean;
  /** A return to this unit's bytecode, where it writes back less than the exit (translate.ts returnToCode). */
  returnToCode?: Stmts;
  /**
   * Where sp is the base of a frame this function pushed (and no instruction since moved
   * it): the bytes above sp that push checked lie in the stack's words, 8-aligned.
   */
  spFrameBytes?: number;
  /** The DataView of the region that heap base register `base` points into (AddrG32 accesses). */
  heapView(base: number): Expr;
  /** Whether heapView(base) is only defined while base's low word is 0 (so an address needs no base added). */
  heapBaseIsZero(base: number): boolean;
  /** The byte length that heap bound register `bound` holds, as a number. */
  heapLimit(bound: number): Expr;
  /** Whether accesses through this heap base and bound are checked against ML (so they cannot throw). */
  heapChecked(base: number, bound: number): boolean;
  /** Notes that this instruction's code may throw (translate.ts wraps it in a try of its own). */
  mayThrow(): void;
  /**
   * For an access through the vmctx register where the function keeps its region's view in
   * a local (translate.ts, XV): the view to use, given the expression that looks it up.
   */
  vmctxView?: (lookup: Expr) => Expr;
  /**
   * Write back what a call here must find in the register file (codegen/sync.ts). For a
   * call to bytecode this leaves a lazily saved frame in locals (see frameOut).
   */
  syncBack: Stmts;
  /** This frame's contents held in locals (a lazily saved frame's registers, the spill slots), to the stack: before the interpreter runs the frame. */
  frameOut: Stmts;
  /**
   * For a linked call to a function taking deferred saves (links.ts deferredSaveFunctions),
   * whose caller kept its x16..x29 out of the register file: put them where the frames
   * below wait for them (PEND_HOLD) when the callee left for the interpreter.
   */
  pendingFix: Stmts;
  /** Whether this call is such a call. */
  deferredCall: boolean;
  /** Whether this function takes deferred saves (translate.ts `deferred`). */
  deferred: boolean;
  /** With deferred saves, where a ret follows this pop: the return straight from the pop when called linked. */
  fastReturn?: Stmts;
  /**
   * After a call that came back, leaving for the interpreter without the exit's write-back
   * (the register file is up to date but for the registers kept dirty across the call).
   */
  leaveAfterCall: Stmts;
  /** Read every cached register again (after a call whose callee is not known to preserve x16..x31). */
  allReload: Stmts;
  /** Read again what a direct call to `target` may have changed. */
  reloadAfterCallTo(target: number): Stmts;
  /** The f64 value of f register r: a JS local where the translator keeps it in one, else the register file. */
  f(r: number): Place;
  fCached(r: number): boolean;
  /** The f32 value of f register r: a JS local (never a signalling NaN) where the translator keeps it in one, else the register file. */
  f32(r: number): Place;
  f32Cached(r: number): boolean;
  /** A condition true when an f32 local was reloaded from a signalling NaN, or undefined when there are none. */
  f32NaN: Expr | undefined;
  /** For an f32 load: whether only payload-blind ops read its value (f-locals.ts payloadBlindLoads), so a NaN may stay. */
  payloadBlind?: boolean;
  /** For an fmov from a local: the class of the value it copies. */
  fMovClass?: '32' | '64';
  /** Write back / reload the f registers kept in locals. */
  fBack: Stmts;
  fReload: Stmts;
  /** Run this instruction through the interpreter's handler (registers written back and reloaded). */
  fallback(): Stmts;
  /** Identifier of the generated function at this entry pc of the same unit, if there is one. */
  direct?(target: number): string | undefined;
  /** Whether a direct call to this entry pc may skip the depth guard (sync.ts shallowFunctions). */
  unguarded?(target: number): boolean;
  /**
   * Set inside a run of f64 arithmetic whose NaN results are checked once, at its end
   * (codegen/nan-runs.ts): f64 results are plain JS arithmetic here.
   */
  nanDeferred?: boolean;
}

/** Ops that read or write registers beyond their operands (sp, x0..x3, fp, lr) or change the pc. */
export const CONTROL_MNEMONICS: ReadonlySet<string> = new Set([
  'ret', 'call', 'call1', 'call2', 'call3', 'call4', 'call_indirect', 'jump', 'xjump', 'br_table32',
  'push_frame', 'pop_frame', 'push_frame_save', 'pop_frame_restore', 'stack_alloc32', 'stack_free32',
  'trap', 'call_indirect_host', 'xmov_fp', 'xmov_lr',
]);

type Emitter = (e: Emit, ops: readonly unknown[]) => Stmts | undefined;

const unsigned = (x: Operand) => js.expr`${x} >>> 0`;

// ## 32-bit integer ops: write the low word only, as Pulley does.

const bin32 = (expr: (a: Expr, b: Expr) => Expr): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return [set(e.lo(dst), expr(e.lo(src1), e.lo(src2)))];
};
const imm32 = (expr: (a: Expr, imm: number) => Expr): Emitter => (e, [dst, src, imm]) =>
  [set(e.lo(dst as number), expr(e.lo(src as number), (imm as number) | 0))];
const u6_32 = (expr: (a: Expr, n: number) => Expr): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return [set(e.lo(dst), expr(e.lo(src1), src2 & 31))];
};
// Comparisons and selects as values come from bit arithmetic, not `c ? 1 : 0` or
// `c ? a : b`: V8 compiles those to branches, which data-dependent outcomes (heapsort's
// sift: a compare, then a select) mispredict where native code has setcc and cmov (sort
// 16.0 -> 15.0 ms).
/** 1 if a < b (signed), else 0: the sign of a - b, corrected where the subtraction overflowed. */
const lessThan = (a: Operand, b: Operand): Expr =>
  js.expr`((((${a} - ${b}) | 0) ^ ((${a} ^ ${b}) & (((${a} - ${b}) | 0) ^ ${a}))) >>> 31)`;
/** 1 if a < b (unsigned), else 0: the borrow of a - b. */
const lessThanUnsigned = (a: Operand, b: Operand): Expr => borrowOut(a, b, js.expr`(${a} - ${b}) | 0`);
/** 1 if x !== 0, else 0: the sign of x | -x. */
const nonZero = (x: Expr): Expr => js.expr`(((${x}) | -(${x})) >>> 31)`;
const notEqual = (a: Operand, b: Operand): Expr => nonZero(js.expr`${a} ^ ${b}`);
const CMP32: Record<string, (a: Operand, b: Operand) => Expr> = {
  eq: (a, b) => js.expr`${notEqual(a, b)} ^ 1`,
  neq: notEqual,
  slt: lessThan,
  slteq: (a, b) => js.expr`${lessThan(b, a)} ^ 1`,
  ult: lessThanUnsigned,
  ulteq: (a, b) => js.expr`${lessThanUnsigned(b, a)} ^ 1`,
};
const cmp32 = (kind: keyof typeof CMP32): Emitter => bin32(CMP32[kind]!);
/** `t` where the 32-bit condition `c` is non-zero, else `f`: a mask of c's sign after c | -c. */
const select = (c: Operand, t: Operand, f: Operand): Expr => js.expr`${f} ^ ((${t} ^ ${f}) & ((${c} | -${c}) >> 31))`;

// ## 64-bit integer ops on (lo, hi) pairs. Results go through temporaries so that a
// destination that is also a source reads the old value.

type Op64 = (e: Emit, dst: number, al: Operand, ah: Operand, bl: Operand, bh: Operand) => Stmts;

function set64(e: Emit, dst: number, loExpr: Operand, hiExpr: Operand): Stmts {
  return js.stmts`l = ${loExpr}; h = ${hiExpr}; ${e.lo(dst)} = l; ${e.hi(dst)} = h;`;
}
// The carry out of a 32-bit add (sum `s`) and the borrow out of a subtraction (difference
// `d`), 0 or 1, from the operands' and result's top bits: no compare, so no branch for V8
// to mispredict on random carries (matmul's i64 multiply-adds 110 -> 78 ms).
export const carryOut = (a: Operand, b: Operand, s: Operand): Expr => js.expr`((${a} & ${b}) | ((${a} | ${b}) & ~${s})) >>> 31`;
export const borrowOut = (a: Operand, b: Operand, d: Operand): Expr => js.expr`((~${a} & ${b}) | ((~${a} | ${b}) & ${d})) >>> 31`;
const add64: Op64 = (e, dst, al, ah, bl, bh) =>
  js.stmts`l = (${al} + ${bl}) | 0; ${e.hi(dst)} = (${ah} + ${bh} + ${carryOut(al, bl, id('l'))}) | 0; ${e.lo(dst)} = l;`;
const sub64: Op64 = (e, dst, al, ah, bl, bh) =>
  js.stmts`l = (${al} - ${bl}) | 0; ${e.hi(dst)} = (${ah} - ${bh} - ${borrowOut(al, bl, id('l'))}) | 0; ${e.lo(dst)} = l;`;

const bin64 = (f: Op64): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return f(e, dst, e.lo(src1), e.hi(src1), e.lo(src2), e.hi(src2));
};
/** 64-bit op with an immediate: `signed` immediates are sign-extended to 64 bits, others zero-extended. */
const imm64 = (signed: boolean, f: Op64): Emitter => (e, [dst, src, imm]) => {
  const v = imm as number;
  return f(e, dst as number, e.lo(src as number), e.hi(src as number), v | 0, signed && v < 0 ? -1 : 0);
};
const logic64 = (op: '&' | '|' | '^'): Op64 => (e, dst, al, ah, bl, bh) => set64(e, dst, binary(op, al, bl), binary(op, ah, bh));
/**
 * The 64-bit product (al, ah) * (bl, bh) into words dl, dh (through the temporaries v, l).
 * Its low word is exact from Math.imul; the high word of the unsigned 32x32 product comes
 * from the double al * bl, within 2^12 of the true product (two roundings at 2^64), so
 * (p - lo) / 2^32 is within 2^-20 of the integer wanted and adding 0.5 before truncating
 * rounds it there. Cheaper than 16-bit halves (matmul -14%), and than calling a helper that
 * returns the high word in a closure variable (-5%). For xmul64 and the vector lanes.
 */
export const mul64Words = (dl: Operand, dh: Operand, al: Operand, ah: Operand, bl: Operand, bh: Operand): Stmts =>
  js.stmts`v = (${al} >>> 0) * (${bl} >>> 0); l = Math.imul(${al}, ${bl});
    ${dh} = ((((v - (l >>> 0)) * 2.3283064365386963e-10 + 0.5) | 0) + Math.imul(${al}, ${bh}) + Math.imul(${ah}, ${bl})) | 0;
    ${dl} = l;`;
const mul64: Op64 = (e, dst, al, ah, bl, bh) => mul64Words(e.lo(dst), e.hi(dst), al, ah, bl, bh);
/** Shifts through the prelude's SHL64 / SAR64 / SHR64 (they mask the amount). */
const shift64 = (helper: string): Op64 => (e, dst, al, ah, bl) =>
  js.stmts`l = ${helper}(${al}, ${ah}, ${bl}); ${e.hi(dst)} = HI; ${e.lo(dst)} = l;`;
const shift64u6 = (helper: string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return shift64(helper)(e, dst, e.lo(src1), e.hi(src1), src2, 0);
};
/** 64-bit comparisons as values, without a branch (see lessThan): the high words decide unless equal. */
const below64 = (less: (a: Operand, b: Operand) => Expr) => (al: Operand, ah: Operand, bl: Operand, bh: Operand): Expr =>
  js.expr`${less(ah, bh)} | ((${notEqual(ah, bh)} ^ 1) & ${lessThanUnsigned(al, bl)})`;
const CMP64: Record<string, (al: Operand, ah: Operand, bl: Operand, bh: Operand) => Expr> = {
  eq: (al, ah, bl, bh) => js.expr`${nonZero(js.expr`(${al} ^ ${bl}) | (${ah} ^ ${bh})`)} ^ 1`,
  neq: (al, ah, bl, bh) => nonZero(js.expr`(${al} ^ ${bl}) | (${ah} ^ ${bh})`),
  slt: below64(lessThan),
  slteq: (al, ah, bl, bh) => js.expr`(${below64(lessThan)(bl, bh, al, ah)}) ^ 1`,
  ult: below64(lessThanUnsigned),
  ulteq: (al, ah, bl, bh) => js.expr`(${below64(lessThanUnsigned)(bl, bh, al, ah)}) ^ 1`,
};
const cmp64 = (kind: keyof typeof CMP64): Emitter => bin64((e, d, al, ah, bl, bh) => [set(e.lo(d), CMP64[kind]!(al, ah, bl, bh))]);

const ORDER: Record<string, ES.BinaryOperator> = {
  slt: '<', slteq: '<=', sgt: '>', sgteq: '>=', ult: '<', ulteq: '<=', ugt: '>', ugteq: '>=',
};
/** Comparisons of two 64-bit values given as (lo, hi) expressions; results are JS booleans. */
function cmp64Expr(kind: string, al: Operand, ah: Operand, bl: Operand, bh: Operand): Expr {
  if (kind === 'eq') return js.expr`${al} === ${bl} && ${ah} === ${bh}`;
  if (kind === 'neq') return js.expr`${al} !== ${bl} || ${ah} !== ${bh}`;
  const op = ORDER[kind];
  if (op === undefined) throw new Error(`no 64-bit comparison '${kind}'`);
  // The high words decide, strictly; equal high words leave it to the low words, unsigned.
  const strict = op[0] as '<' | '>';
  const high = kind.startsWith('u') ? binary(strict, unsigned(ah), unsigned(bh)) : binary(strict, ah, bh);
  return js.expr`${high} || (${ah} === ${bh} && ${binary(op, unsigned(al), unsigned(bl))})`;
}
function cmp32Expr(kind: string, a: Operand, b: Operand): Expr {
  const op = kind === 'eq' ? '===' : kind === 'neq' ? '!==' : ORDER[kind];
  if (op === undefined) throw new Error(`no 32-bit comparison '${kind}'`);
  return kind.startsWith('u') ? binary(op, unsigned(a), unsigned(b)) : binary(op, a, b);
}

// ## Memory. Stack and heap accesses (the function's one heap, against ML) are checked
// explicitly and cannot throw; the others (vmctx pointers, other heaps) rely on DataView's
// own checks (a RangeError, or a TypeError for an unmapped region), and their instruction
// is wrapped in a try that leaves at its pc (mayThrow). Either way the interpreter then
// raises the trap itself. Loads go through temporaries, and a 64-bit or vector store that
// could throw is range-checked whole first, so nothing is half done when an access throws.
// `at` is set only on the way out (a failed check's bail, the try's catch).

/**
 * The view and offset of an access, plus explicit checks, or undefined for a mode not
 * inlined. `inBounds`: the checks alone keep the access inside its view.
 */
export function addressing(e: Emit, type: string, addr: unknown, size: number): { checks: Stmts; view: Expr; offset: Expr; inBounds: boolean; bytes?: Expr; boundedView?: Expr } | undefined {
  if (type === 'AddrO32' && (addr as AddrO32).base === SP) {
    // Spill slots and frames: the stack region is fixed for the machine (STACK_* in the unit).
    const { offset } = addr as AddrO32;
    return {
      checks: [ifStmt(js.expr`${e.hi(SP)} !== STACK_ID || (${e.lo(SP)} >>> 0) + ${offset + size} > STACK_LENGTH`, e.bail())],
      view: id('STACK_VIEW'),
      offset: js.expr`(${e.lo(SP)} >>> 0) + ${offset}`,
      inBounds: true,
    };
  }
  if (type === 'AddrO32' && e.heapBaseIsZero((addr as AddrO32).base) && (addr as AddrO32).offset >= 0) {
    // A fixed address in the heap (compiled code's C globals: malloc's state): MV, whose
    // base this register is, checked against its length (MVL, -1 while there is none).
    const { base, offset } = addr as AddrO32;
    return {
      checks: [ifStmt(js.expr`MVL < ${offset + size}`, e.bail())],
      view: e.heapView(base),
      offset: num(offset),
      inBounds: true,
      bytes: id('MU8'),
    };
  }
  if (type === 'AddrO32' || type === 'AddrZ') {
    // DataView's own checks: an unmapped region or an access outside it throws. The view
    // comes from the unit's cache of the last region so accessed (unit.ts LAST_REGION):
    // mostly the vmctx, whose lookups in REG were binarytrees' next 4%.
    const { base, offset } = addr as AddrO32;
    e.mayThrow();
    const lookup = js.expr`${e.hi(base)} === LAST_REGION.id && REGIONS_CHANGED[0] === LAST_REGION.epoch ? LAST_REGION.view : LAST_REGION_LOOKUP(${e.hi(base)})`;
    return {
      checks: type === 'AddrZ' ? [ifStmt(js.expr`(${e.lo(base)} | ${e.hi(base)}) === 0`, e.bail())] : [],
      view: base === REG_VMCTX && e.vmctxView !== undefined ? e.vmctxView(lookup) : lookup,
      offset: js.expr`(${e.lo(base)} >>> 0) + ${offset}`,
      inBounds: false,
    };
  }
  if (type === 'AddrG32') {
    const { hostHeapBase: b, hostHeapBound: n, wasmAddr: w, offset } = addr as AddrG32;
    const inBounds = e.heapChecked(b, n);
    if (!inBounds) e.mayThrow();
    return {
      inBounds,
      // Where checked against ML, the view of exactly ML bytes checks it too (MVB).
      boundedView: inBounds ? id('MVB') : undefined,
      checks: [ifStmt(js.expr`(${e.lo(w)} >>> 0) > ${e.heapLimit(n)} - ${offset + size}`, e.bail())],
      view: e.heapView(b),
      offset: e.heapBaseIsZero(b) ? js.expr`(${e.lo(w)} >>> 0) + ${offset}` : js.expr`(${e.lo(b)} >>> 0) + (${e.lo(w)} >>> 0) + ${offset}`,
      // The same region's bytes, for byte accesses: an element access, where DataView's
      // getUint8 is a builtin call without a JIT (lz77 -5% under --jitless).
      bytes: inBounds ? id('MU8') : undefined,
    };
  }
  return undefined;
}

/**
 * For a store made of several 32-bit writes at V + o: where the access could throw, a check
 * of the whole range first, so that nothing is half done when the interpreter takes over.
 */
export function wholeStoreCheck(e: Emit, a: { inBounds: boolean }, size: number): Stmts {
  return a.inBounds ? [] : [ifStmt(js.expr`o + ${size} > V.byteLength`, e.bail())];
}

const MEMORY_OP = /^([xf])(load|store)(8|16|32|64)(le)?(_[us]32)?_(o32|z|g32)$/;

/** Whether `instr` is a heap access (`*_g32`) done by one DataView call: wider than a byte, and not a 64-bit store of an x register (two calls). */
export function isOneCallAccess(instr: Instr): boolean {
  const m = MEMORY_OP.exec(instr.op.mnemonic);
  return m !== null && m[6] === 'g32' && m[3] !== '8' && !(m[1] === 'x' && m[2] === 'store' && m[3] === '64');
}
/** Whether `instr` loads or stores through register `base` plus an offset (`*_o32`, `*_z`). */
export function accessesThrough(instr: Instr, base: number): boolean {
  const m = MEMORY_OP.exec(instr.op.mnemonic);
  if (m === null || m[6] === 'g32') return false;
  const i = instr.op.operands.findIndex((o) => o.type === 'AddrO32' || o.type === 'AddrZ');
  return i >= 0 && (instr.operands[i] as AddrO32).base === base;
}
/** Whether `instr` is a heap byte load (`xload8_*_g32`). */
export function isByteLoad(instr: Instr): boolean {
  const m = MEMORY_OP.exec(instr.op.mnemonic);
  return m !== null && m[6] === 'g32' && m[3] === '8' && m[2] === 'load';
}
/** A DataView method call: little-endian for accesses wider than a byte. */
const viewCall = (view: Expr, method: string, bits: string, ...args: Expr[]) =>
  call(dot(view, method), ...args, ...(bits === '8' ? [] : [js.expr`true`]));

function memoryOp(e: Emit): Stmts | undefined {
  const { op } = e.instr;
  const match = MEMORY_OP.exec(op.mnemonic);
  if (!match) return undefined;
  const [, cls, action, bits, , ext] = match;
  const size = Number(bits) / 8;
  const addrIndex = op.operands.findIndex((o) => o.type.startsWith('Addr'));
  const regIndex = addrIndex === 0 ? 1 : 0;
  const reg = e.instr.operands[regIndex] as number;
  const slot = stackSlotOp(e, op.operands[addrIndex]!.type, e.instr.operands[addrIndex], cls!, action!, bits!, reg);
  if (slot !== undefined) return slot;
  const addr = addressing(e, op.operands[addrIndex]!.type, e.instr.operands[addrIndex], size);
  if (addr === undefined) return undefined;
  if (cls === 'f' && bits !== '32' && bits !== '64') return undefined;
  // A heap access wider than a byte, done by one DataView call, inside a loop goes through
  // the view of exactly ML bytes (MVB) without a check of its own: the DataView's check is
  // the same, and its RangeError sends the interpreter to this instruction (mayThrow). A
  // 64-bit store of an x register is two calls, and bytes go through MU8: those keep the
  // check. nbody -14%, sha256 -11%, matmul -7%, fannkuch -4% warm.
  const oneCall = e.viaBoundedView && isOneCallAccess(e.instr);
  const a = addr.boundedView !== undefined && oneCall ? { ...addr, checks: [], view: addr.boundedView, bytes: undefined } : addr;
  if (a !== addr) e.mayThrow();
  const prefix = a.checks;
  if (cls === 'f' && bits === '64' && e.fCached(reg)) {
    return [...prefix, action === 'load'
      ? js.stmt`${e.f(reg)} = ${a.view}.getFloat64(${a.offset}, true);`
      : js.stmt`${a.view}.setFloat64(${a.offset}, ${e.f(reg)}, true);`];
  }
  if (cls === 'f' && bits === '32' && e.f32Cached(reg)) {
    return [...prefix, ...(action === 'load'
      ? (e.payloadBlind ? js.stmts`${e.f32(reg)} = ${a.view}.getFloat32(${a.offset}, true);`
        : js.stmts`v = ${a.view}.getFloat32(${a.offset}, true); if (v !== v) ${e.bail()}; ${e.f32(reg)} = v;`)
      : js.stmts`${a.view}.setFloat32(${a.offset}, ${e.f32(reg)}, true);`)];
  }
  // Where the value comes from or goes: an x register's locals, or an f register's words.
  const lo = cls === 'x' ? e.lo(reg) : index(id('I32'), F_I32 + 2 * reg);
  const hi = cls === 'x' ? e.hi(reg) : index(id('I32'), F_I32 + 2 * reg + 1);
  if (action === 'load') {
    if (bits === '64') {
      return [...prefix, ...js.stmts`V = ${a.view}; o = ${a.offset}; l = V.getInt32(o, true); h = V.getInt32(o + 4, true); ${lo} = l; ${hi} = h;`];
    }
    // In a loop, a byte load reads the bytes cut to ML (MU8B) unchecked: past them it gives
    // undefined, which leaves for the interpreter (lz77 -9%, also under --jitless; a store
    // past them would do nothing, so stores keep the check).
    if (bits === '8' && a.bytes !== undefined && e.viaBoundedView) {
      return js.stmts`l = MU8B[${a.offset}]; if (l === undefined) ${e.bail()}; ${lo} = ${ext === '_s32' ? js.expr`(l << 24) >> 24` : js.expr`l`};`;
    }
    if (bits === '8' && a.bytes !== undefined) {
      const byte = index(a.bytes, a.offset);
      return [...prefix, set(lo, ext === '_s32' ? js.expr`(${byte} << 24) >> 24` : byte)];
    }
    const get = bits === '8' ? (ext === '_s32' ? 'getInt8' : 'getUint8')
      : bits === '16' ? (ext === '_s32' ? 'getInt16' : 'getUint16') : 'getInt32';
    return [...prefix, set(lo, viewCall(a.view, get, bits, a.offset))];
  }
  if (bits === '64') {
    return [...prefix, ...js.stmts`V = ${a.view}; o = ${a.offset}; ${wholeStoreCheck(e, a, 8)};
      V.setInt32(o, ${lo}, true); V.setInt32(o + 4, ${hi}, true);`];
  }
  if (bits === '8' && a.bytes !== undefined) return [...prefix, set(index(a.bytes, a.offset), lo)];
  const store = bits === '8' ? 'setInt8' : bits === '16' ? 'setInt16' : 'setInt32';
  return [...prefix, exprStmt(viewCall(a.view, store, bits, a.offset, lo))];
}

/**
 * A spill slot or frame field: a 32- or 64-bit access at an aligned offset from sp, done
 * on word views of the stack (no DataView call: it matters most without a JIT). The checks
 * are all explicit (sp in the stack, aligned, the slot inside it), so nothing can throw;
 * anything else goes to the DataView path or the interpreter.
 */
function stackSlotOp(e: Emit, type: string, addr: unknown, cls: string, action: string, bits: string, reg: number): Stmts | undefined {
  if (type !== 'AddrO32' || (addr as AddrO32).base !== SP) return undefined;
  const { offset } = addr as AddrO32;
  const f64 = cls === 'f' && bits === '64' && e.fCached(reg);
  if (!(cls === 'x' && (bits === '64' || bits === '32')) && !f64) return undefined;
  const align = bits === '64' ? 8 : 4;
  if (offset % align !== 0 || offset < 0) return undefined;
  if (e.frameSlot !== undefined) {
    const [l, h, f] = (['l', 'h', 'f'] as const).map((part) => id(slotLocal(e.frameSlot!, part)));
    if (cls === 'f') return [action === 'load' ? set(e.f(reg), f) : set(f, e.f(reg))];
    return action === 'load' ? [set(e.lo(reg), l), set(e.hi(reg), h)] : [set(l, e.lo(reg)), set(h, e.hi(reg))];
  }
  const spLo = e.lo(SP);
  const inFrame = e.spFrameBytes !== undefined && offset + align <= e.spFrameBytes;
  const checks: Stmts = inFrame ? []
    : [ifStmt(js.expr`${e.hi(SP)} !== STACK_ID || (${spLo} & ${align - 1}) !== 0 || (${spLo} >>> 0) + ${offset + align} > STACK_WORDS_BYTES`, e.bail())];
  if (f64) {
    const at = js.expr`((${spLo} >>> 0) + ${offset}) >>> 3`;
    return [...checks, action === 'load' ? set(e.f(reg), js.expr`STACK_F64[${at}]`) : js.stmt`STACK_F64[${at}] = ${e.f(reg)};`];
  }
  const word = js.expr`((${spLo} >>> 0) + ${offset}) >>> 2`;
  if (bits === '32') {
    return [...checks, action === 'load' ? set(e.lo(reg), js.expr`STACK_I32[${word}]`) : js.stmt`STACK_I32[${word}] = ${e.lo(reg)};`];
  }
  return action === 'load'
    ? [...checks, ...js.stmts`o = ${word}; l = STACK_I32[o]; h = STACK_I32[o + 1]; ${e.lo(reg)} = l; ${e.hi(reg)} = h;`]
    : [...checks, ...js.stmts`o = ${word}; STACK_I32[o] = ${e.lo(reg)}; STACK_I32[o + 1] = ${e.hi(reg)};`];
}

// ## Branches

const BRANCH = /^br_if_x(eq|neq|slt|slteq|sgt|sgteq|ult|ulteq|ugt|ugteq)(32|64)(?:_([iu])(8|32))?$/;

function branchOp(e: Emit): Stmts | undefined {
  const m = BRANCH.exec(e.instr.op.mnemonic);
  if (!m) return undefined;
  const [, kind, width, immKind] = m;
  const [a, b, rel] = e.instr.operands as [number, number, number];
  const target = e.pc + rel;
  let cond: Expr;
  if (immKind === undefined) {
    cond = width === '32' ? cmp32Expr(kind!, e.lo(a), e.lo(b)) : cmp64Expr(kind!, e.lo(a), e.hi(a), e.lo(b), e.hi(b));
  } else {
    // Signed immediates are sign-extended, unsigned ones zero-extended, to the compare width.
    const h = immKind === 'i' && b < 0 ? -1 : 0;
    cond = width === '32' ? cmp32Expr(kind!, e.lo(a), b | 0) : cmp64Expr(kind!, e.lo(a), e.hi(a), b | 0, h);
  }
  return [ifStmt(cond, e.jump(target))];
}

// ## Calls and returns

/** Sets lr to the next instruction, writes registers back, calls `target`, and resumes or leaves. */
function callTo(e: Emit, target: number, moves: Stmts = []): Stmts {
  return js.stmts`${moves}; I32[${LR_I32}] = ${e.next}; I32[${LR_I32 + 1}] = CODE_ID; ${e.syncBack};
    ${directCall(e, target)}; ${returnUnlessBack(e)};
    ${reloadAfterCall(e, e.reloadAfterCallTo(target))};`;
}
/**
 * Unless the callee came back here, leave with the pc it stopped at: the interpreter runs
 * on, so it will pop this function's frame and needs the frame in the stack.
 */
function returnUnlessBack(e: Emit): ES.Statement {
  // (A callee taking deferred saves reaches no other code region: it makes no indirect call,
  // and a host call puts this one back.)
  const cameBack = e.deferredCall ? js.expr`r !== ${e.next}` : js.expr`r !== ${e.next} || m.codeRegion !== CODE`;
  return ifStmt(cameBack, [...e.pendingFix, ...e.frameOut, ...e.linkOut, js.stmt`return r;`]);
}
/**
 * Reads the registers again after a call or host call. The register file is up to date
 * there, so an f32 local that would hold a NaN can leave to the interpreter right away.
 */
function reloadAfterCall(e: Emit, reload = e.allReload): Stmts {
  // The interpreter goes on in this function: it needs the frame in the stack.
  return e.f32NaN === undefined ? reload : [...reload, ifStmt(e.f32NaN, [...e.leaveAfterCall, js.stmt`return ${e.next};`])];
}
/** The argument registers' values, all read (into a<i>l/h) before any is written. */
function argMoves(e: Emit, args: readonly number[]): Stmts {
  const reads = args.flatMap((r, i) => [set(id(`a${i}l`), e.lo(r)), set(id(`a${i}h`), e.hi(r))]);
  const writes = args.flatMap((_, i) => [set(e.lo(i), id(`a${i}l`)), set(e.hi(i), id(`a${i}h`))]);
  return [...reads, ...writes];
}
/**
 * Statement: r = what calling `target` returns. A function of this unit is called by name,
 * so the engine can inline it; the depth guard keeps deep recursion off JS's own stack
 * (past it, the callee runs in the interpreter). A callee whose calls cannot nest deeper
 * than a few frames (a leaf such as memcpy) needs no guard (fannkuch -2%).
 */
function directCall(e: Emit, target: number): ES.Statement {
  const ident = e.direct?.(target);
  if (ident === undefined) return js.stmt`r = CALL(m, ${target});`;
  // A linked call passes this function's fp; past the depth guard the interpreter runs the
  // callee, and its push reads fp from the register file.
  const fp = e.linkedCall;
  // (Past the guard the interpreter's push reads the caller's fp from the register file.)
  const passFp = (): Stmts => js.stmts`I32[${FP_I32}] = ${fp}; I32[${FP_I32 + 1}] = STACK_ID;`;
  // A callee taking deferred saves, called linked, gets the count of generated frames as `d`.
  if (e.deferredCall) {
    const f = unsharedId(ident);
    const call = e.deferred ? js.stmt`r = ${f}(m, ${fp}, d + 1);` : js.stmt`r = ${f}(m, ${fp}, m.jitDepth + 1);`;
    if (e.unguarded?.(target)) return call;
    const past = js.stmts`${passFp()}; PEND_START(); r = ${target};`;
    return e.deferred ? ifStmt(js.expr`d < MAXD`, call, past)
      : js.stmt`if (m.jitDepth < MAXD) { m.jitDepth++; r = ${f}(m, ${fp}, m.jitDepth); m.jitDepth--; } else { ${past} }`;
  }
  if (e.unguarded?.(target)) return fp === undefined ? js.stmt`r = ${unsharedId(ident)}(m);` : js.stmt`r = ${unsharedId(ident)}(m, ${fp});`;
  return fp === undefined
    ? js.stmt`if (m.jitDepth < MAXD) { m.jitDepth++; r = ${unsharedId(ident)}(m); m.jitDepth--; } else r = ${target};`
    : js.stmt`if (m.jitDepth < MAXD) { m.jitDepth++; r = ${unsharedId(ident)}(m, ${fp}); m.jitDepth--; }
      else { ${passFp()}; r = ${target}; }`;
}

// ## The table

const math = (name: string, ...args: Operand[]) => call(dot(id('Math'), name), ...args);
const f64Cmp = (op: ES.BinaryOperator): Emitter => (e, [d, a, b]) =>
  [set(e.lo(d as number), js.expr`${binary(op, e.f(a as number), e.f(b as number))} ? 1 : 0`)];
const f32Cmp = (op: ES.BinaryOperator): Emitter => (e, [d, a, b]) =>
  [set(e.lo(d as number), js.expr`${binary(op, e.f32(a as number), e.f32(b as number))} ? 1 : 0`)];
const xconst: Emitter = (e, [d, v]) => [set(e.lo(d as number), v as number), set(e.hi(d as number), (v as number) < 0 ? -1 : 0)];

const EMITTERS: Record<string, Emitter> = {
  nop: () => [],
  xmov: (e, [d, s]) => [set(e.lo(d as number), e.lo(s as number)), set(e.hi(d as number), e.hi(s as number))],
  xzero: (e, [d]) => [set(e.lo(d as number), 0), set(e.hi(d as number), 0)],
  xone: (e, [d]) => [set(e.lo(d as number), 1), set(e.hi(d as number), 0)],
  xconst8: xconst,
  xconst16: xconst,
  xconst32: xconst,
  xconst64: (e, [d, v]) => {
    const big = BigInt.asUintN(64, v as bigint);
    return [set(e.lo(d as number), Number(BigInt.asIntN(32, big))), set(e.hi(d as number), Number(BigInt.asIntN(32, big >> 32n)))];
  },

  xadd32: bin32((a, b) => js.expr`(${a} + ${b}) | 0`),
  xsub32: bin32((a, b) => js.expr`(${a} - ${b}) | 0`),
  xmul32: bin32((a, b) => js.expr`Math.imul(${a}, ${b})`),
  xband32: bin32((a, b) => binary('&', a, b)),
  xbor32: bin32((a, b) => binary('|', a, b)),
  xbxor32: bin32((a, b) => binary('^', a, b)),
  xshl32: bin32((a, b) => binary('<<', a, b)),
  xshr32_s: bin32((a, b) => binary('>>', a, b)),
  xshr32_u: bin32((a, b) => js.expr`(${a} >>> ${b}) | 0`),
  xrotl32: bin32((a, b) => js.expr`(${a} << ${b}) | (${a} >>> (32 - (${b} & 31)))`),
  xrotr32: bin32((a, b) => js.expr`(${a} >>> ${b}) | (${a} << (32 - (${b} & 31)))`),
  xshl32_u6: u6_32((a, n) => binary('<<', a, n)),
  xshr32_s_u6: u6_32((a, n) => binary('>>', a, n)),
  xshr32_u_u6: u6_32((a, n) => js.expr`(${a} >>> ${n}) | 0`),
  xeq32: cmp32('eq'),
  xneq32: cmp32('neq'),
  xslt32: cmp32('slt'),
  xslteq32: cmp32('slteq'),
  xult32: cmp32('ult'),
  xulteq32: cmp32('ulteq'),
  xneg32: (e, [d, s]) => [set(e.lo(d as number), js.expr`(-${e.lo(s as number)}) | 0`)],
  xadd32_u8: imm32((a, i) => js.expr`(${a} + ${i}) | 0`),
  xadd32_u32: imm32((a, i) => js.expr`(${a} + ${i}) | 0`),
  xsub32_u8: imm32((a, i) => js.expr`(${a} - ${i}) | 0`),
  xsub32_u32: imm32((a, i) => js.expr`(${a} - ${i}) | 0`),
  xmul32_s8: imm32((a, i) => js.expr`Math.imul(${a}, ${i})`),
  xmul32_s32: imm32((a, i) => js.expr`Math.imul(${a}, ${i})`),
  xband32_s8: imm32((a, i) => binary('&', a, i)),
  xband32_s32: imm32((a, i) => binary('&', a, i)),
  xbor32_s8: imm32((a, i) => binary('|', a, i)),
  xbor32_s32: imm32((a, i) => binary('|', a, i)),
  xbxor32_s8: imm32((a, i) => binary('^', a, i)),
  xbxor32_s32: imm32((a, i) => binary('^', a, i)),

  xadd64: bin64(add64),
  xsub64: bin64(sub64),
  xmul64: bin64(mul64),
  xband64: bin64(logic64('&')),
  xbor64: bin64(logic64('|')),
  xbxor64: bin64(logic64('^')),
  xadd64_u8: imm64(false, add64),
  xadd64_u32: imm64(false, add64),
  xsub64_u8: imm64(false, sub64),
  xsub64_u32: imm64(false, sub64),
  xmul64_s8: imm64(true, mul64),
  xmul64_s32: imm64(true, mul64),
  xband64_s8: imm64(true, logic64('&')),
  xband64_s32: imm64(true, logic64('&')),
  xbor64_s8: imm64(true, logic64('|')),
  xbor64_s32: imm64(true, logic64('|')),
  xbxor64_s8: imm64(true, logic64('^')),
  xbxor64_s32: imm64(true, logic64('^')),
  xshl64: bin64(shift64('SHL64')),
  xshr64_s: bin64(shift64('SAR64')),
  xshr64_u: bin64(shift64('SHR64')),
  xshl64_u6: shift64u6('SHL64'),
  xshr64_s_u6: shift64u6('SAR64'),
  xshr64_u_u6: shift64u6('SHR64'),
  xeq64: cmp64('eq'),
  xneq64: cmp64('neq'),
  xslt64: cmp64('slt'),
  xslteq64: cmp64('slteq'),
  xult64: cmp64('ult'),
  xulteq64: cmp64('ulteq'),
  xneg64: (e, [d, s]) => sub64(e, d as number, 0, 0, e.lo(s as number), e.hi(s as number)),

  zext8: (e, [d, s]) => js.stmts`${e.lo(d as number)} = ${e.lo(s as number)} & 0xff; ${e.hi(d as number)} = 0;`,
  zext16: (e, [d, s]) => js.stmts`${e.lo(d as number)} = ${e.lo(s as number)} & 0xffff; ${e.hi(d as number)} = 0;`,
  zext32: (e, [d, s]) => [set(e.lo(d as number), e.lo(s as number)), set(e.hi(d as number), 0)],
  sext8: (e, [d, s]) => set64(e, d as number, js.expr`(${e.lo(s as number)} << 24) >> 24`, js.expr`(${e.lo(s as number)} << 24) >> 31`),
  sext16: (e, [d, s]) => set64(e, d as number, js.expr`(${e.lo(s as number)} << 16) >> 16`, js.expr`(${e.lo(s as number)} << 16) >> 31`),
  sext32: (e, [d, s]) => set64(e, d as number, e.lo(s as number), js.expr`${e.lo(s as number)} >> 31`),
  xselect32: (e, [d, c, t, f]) => [set(e.lo(d as number), select(e.lo(c as number), e.lo(t as number), e.lo(f as number)))],
  xselect64: (e, [d, c, t, f]) => set64(e, d as number,
    select(e.lo(c as number), e.lo(t as number), e.lo(f as number)), select(e.lo(c as number), e.hi(t as number), e.hi(f as number))),

  // f registers stay in the register file. A NaN result is left to the interpreter's
  // handler, which gives it the exact bits the interpreter gives it (both tiers agree).
  fadd64: (e, [o]) => f64bin(e, o, '+'),
  fsub64: (e, [o]) => f64bin(e, o, '-'),
  fmul64: (e, [o]) => f64bin(e, o, '*'),
  fdiv64: (e, [o]) => f64bin(e, o, '/'),
  fadd32: (e, [o]) => f32bin(e, o, '+'),
  fsub32: (e, [o]) => f32bin(e, o, '-'),
  fmul32: (e, [o]) => f32bin(e, o, '*'),
  fdiv32: (e, [o]) => f32bin(e, o, '/'),
  fsqrt64: (e, [d, s]) => f64set(e, d as number, math('sqrt', e.f(s as number)), e.f(s as number), e.f(s as number)),
  fsqrt32: (e, [d, s]) => f32set(e, [d as number, s as number], js.expr`Math.fround(Math.sqrt(${e.f32(s as number)}))`),
  // Raw bits: between locals or the register file, as the value's class says (f-locals.ts).
  // An f32 copy takes the high word from the register file, where it is always current.
  fmov: (e, [d, s]) => {
    const dst = d as number, src = s as number;
    if (!e.fCached(dst) && !e.fCached(src)) return copyF64(dst, src);
    if (e.fCached(src) && e.fMovClass === '32') {
      return js.stmts`${e.f32(dst)} = ${e.f32(src)}; ${fWord(dst, 1)} = ${fWord(src, 1)};`;
    }
    return [set(e.f(dst), e.f(src))];
  },
  fconst32: (e, [d, bits]) => (e.f32Cached(d as number)
    ? [set(e.f32(d as number), num(f32OfBits(bits as number)))]
    : [set(fWord(d as number), (bits as number) | 0)]),
  fconst64: (e, [d, bits]) => {
    const b = BigInt.asUintN(64, bits as bigint);
    if (e.fCached(d as number)) return [set(e.f(d as number), num(f64OfBits(b)))];
    return [set(fWord(d as number), Number(BigInt.asIntN(32, b))), set(fWord(d as number, 1), Number(BigInt.asIntN(32, b >> 32n)))];
  },
  // Sign-bit ops on the raw bits (NaN payloads pass through).
  fneg64: (e, [d, s]) => signOp(e, d as number, s as number, '64', 'neg'),
  fabs64: (e, [d, s]) => signOp(e, d as number, s as number, '64', 'abs'),
  fneg32: (e, [d, s]) => signOp(e, d as number, s as number, '32', 'neg'),
  fabs32: (e, [d, s]) => signOp(e, d as number, s as number, '32', 'abs'),
  feq64: f64Cmp('==='),
  fneq64: f64Cmp('!=='),
  flt64: f64Cmp('<'),
  flteq64: f64Cmp('<='),
  feq32: f32Cmp('==='),
  fneq32: f32Cmp('!=='),
  flt32: f32Cmp('<'),
  flteq32: f32Cmp('<='),
  fselect64: (e, [d, c, t, f]) =>
    [ifStmt(js.expr`${e.lo(c as number)} !== 0`, copyF(e, d as number, t as number, '64'), copyF(e, d as number, f as number, '64'))],
  fselect32: (e, [d, c, t, f]) =>
    [ifStmt(js.expr`${e.lo(c as number)} !== 0`, copyF(e, d as number, t as number, '32'), copyF(e, d as number, f as number, '32'))],
  // Exact: an int32 is exact in a double; an int64 is hi * 2^32 + lo, rounded once.
  f64_from_x32_s: (e, [d, s]) => [set(e.f(d as number), e.lo(s as number))],
  f64_from_x32_u: (e, [d, s]) => [set(e.f(d as number), unsigned(e.lo(s as number)))],
  f64_from_x64_s: (e, [d, s]) => [set(e.f(d as number), js.expr`${e.hi(s as number)} * 4294967296 + (${e.lo(s as number)} >>> 0)`)],
  f64_from_x64_u: (e, [d, s]) =>
    [set(e.f(d as number), js.expr`(${e.hi(s as number)} >>> 0) * 4294967296 + (${e.lo(s as number)} >>> 0)`)],
  f32_from_x32_s: (e, [d, s]) =>
    [set(e.f32(d as number), e.f32Cached(d as number) ? math('fround', e.lo(s as number)) : e.lo(s as number))],
  f32_from_x32_u: (e, [d, s]) =>
    [set(e.f32(d as number), e.f32Cached(d as number) ? math('fround', unsigned(e.lo(s as number))) : unsigned(e.lo(s as number)))],
  // A NaN keeps its payload bits the handler's way (or, from a local, the interpreter's).
  f64_from_f32: (e, [d, s]) => js.stmts`v = ${e.f32(s as number)}; if (v === v) ${e.f(d as number)} = v;
    else ${e.fCached(d as number) || e.f32Cached(s as number) ? e.bail() : viaHandler(e)};`,
  f32_from_f64: (e, [d, s]) => f32set(e, [d as number, s as number], math('fround', e.f(s as number)), e.fCached(s as number)),
  bitcast_int_from_float_32: (e, [d, s]) => [set(e.lo(d as number), fWord(s as number))],
  bitcast_int_from_float_64: (e, [d, s]) =>
    [set(e.lo(d as number), fWord(s as number)), set(e.hi(d as number), fWord(s as number, 1))],
  bitcast_float_from_int_32: (e, [d, s]) => [set(fWord(d as number), e.lo(s as number))],
  bitcast_float_from_int_64: (e, [d, s]) =>
    [set(fWord(d as number), e.lo(s as number)), set(fWord(d as number, 1), e.hi(s as number))],

  // Division: a zero divisor (or MIN / -1) leaves the instruction to the interpreter, which traps.
  xdiv32_s: div32((a, b) => js.expr`(${a} / ${b}) | 0`, true),
  xdiv32_u: div32((a, b) => js.expr`((${a} >>> 0) / (${b} >>> 0)) | 0`),
  xrem32_s: div32((a, b) => js.expr`(${a} % ${b}) | 0`),
  xrem32_u: div32((a, b) => js.expr`((${a} >>> 0) % (${b} >>> 0)) | 0`),
  // 64-bit division inline where both operands fit 32 bits (a double divides them
  // exactly), else the handler's BigInt division.
  xdiv64_u: div64(false, (a, b) => js.expr`(${a} >>> 0) / (${b} >>> 0)`),
  xrem64_u: div64(false, (a, b) => js.expr`(${a} >>> 0) % (${b} >>> 0)`),
  xdiv64_s: div64(true, (a, b) => js.expr`Math.trunc(${a} / ${b})`),
  xrem64_s: div64(true, (a, b) => binary('%', a, b)),
  xmadd32: (e, [d, a, b, c]) =>
    [set(e.lo(d as number), js.expr`(Math.imul(${e.lo(a as number)}, ${e.lo(b as number)}) + ${e.lo(c as number)}) | 0`)],
  xbnot32: (e, [d, s]) => [set(e.lo(d as number), js.expr`~${e.lo(s as number)}`)],
  xbnot64: (e, [d, s]) => set64(e, d as number, js.expr`~${e.lo(s as number)}`, js.expr`~${e.hi(s as number)}`),
  xabs32: (e, [d, s]) => [set(e.lo(d as number), js.expr`${e.lo(s as number)} < 0 ? -${e.lo(s as number)} | 0 : ${e.lo(s as number)}`)],
  xclz32: (e, [d, s]) => [set(e.lo(d as number), math('clz32', e.lo(s as number)))],
  xctz32: (e, [d, s]) => [set(e.lo(d as number), call('CTZ32', e.lo(s as number)))],
  xpopcnt32: (e, [d, s]) => [set(e.lo(d as number), call('POPCNT32', e.lo(s as number)))],
  xclz64: (e, [d, s]) => set64(e, d as number,
    js.expr`${e.hi(s as number)} !== 0 ? Math.clz32(${e.hi(s as number)}) : 32 + Math.clz32(${e.lo(s as number)})`, 0),
  xctz64: (e, [d, s]) => set64(e, d as number,
    js.expr`${e.lo(s as number)} !== 0 ? CTZ32(${e.lo(s as number)}) : 32 + CTZ32(${e.hi(s as number)})`, 0),
  xpopcnt64: (e, [d, s]) => set64(e, d as number, js.expr`POPCNT32(${e.lo(s as number)}) + POPCNT32(${e.hi(s as number)})`, 0),
  xbmask32: (e, [d, s]) => [set(e.lo(d as number), js.expr`${e.lo(s as number)} === 0 ? 0 : -1`)],
  xbmask64: (e, [d, s]) => js.stmts`${e.lo(d as number)} = (${e.lo(s as number)} | ${e.hi(s as number)}) === 0 ? 0 : -1;
    ${e.hi(d as number)} = ${e.lo(d as number)};`,
  xmin32_s: bin32((a, b) => js.expr`${a} < ${b} ? ${a} : ${b}`),
  xmax32_s: bin32((a, b) => js.expr`${a} > ${b} ? ${a} : ${b}`),
  xmin32_u: bin32((a, b) => js.expr`(${a} >>> 0) < (${b} >>> 0) ? ${a} : ${b}`),
  xmax32_u: bin32((a, b) => js.expr`(${a} >>> 0) > (${b} >>> 0) ? ${a} : ${b}`),
  // Ties pick src1, as the handlers do (a later operand wins only when strictly better).
  xmin64_s: minMax64((al, ah, bl, bh) => cmp64Expr('slt', bl, bh, al, ah)),
  xmax64_s: minMax64((al, ah, bl, bh) => cmp64Expr('slt', al, ah, bl, bh)),
  xmin64_u: minMax64((al, ah, bl, bh) => cmp64Expr('ult', bl, bh, al, ah)),
  xmax64_u: minMax64((al, ah, bl, bh) => cmp64Expr('ult', al, ah, bl, bh)),
  // Float to int, trapping: out of range or NaN leaves it to the interpreter, which traps.
  x32_from_f64_s: (e, [d, s]) => truncTo32(e, d as number, e.f(s as number), true),
  x32_from_f64_u: (e, [d, s]) => truncTo32(e, d as number, e.f(s as number), false),
  x32_from_f32_s: (e, [d, s]) => truncTo32(e, d as number, e.f32(s as number), true),
  x32_from_f32_u: (e, [d, s]) => truncTo32(e, d as number, e.f32(s as number), false),
  // Rounding to an integral value: exact in doubles; a NaN gets the interpreter's bits.
  ffloor64: (e, [d, s]) => round64(e, d as number, s as number, 'floor'),
  fceil64: (e, [d, s]) => round64(e, d as number, s as number, 'ceil'),
  ftrunc64: (e, [d, s]) => round64(e, d as number, s as number, 'trunc'),
  ffloor32: (e, [d, s]) => f32set(e, [d as number, s as number], math('floor', e.f32(s as number))),
  fceil32: (e, [d, s]) => f32set(e, [d as number, s as number], math('ceil', e.f32(s as number))),
  ftrunc32: (e, [d, s]) => f32set(e, [d as number, s as number], math('trunc', e.f32(s as number))),

  br_if32: (e, [c, rel]) => [ifStmt(js.expr`${e.lo(c as number)} !== 0`, e.jump(e.pc + (rel as number)))],
  br_if_not32: (e, [c, rel]) => [ifStmt(js.expr`${e.lo(c as number)} === 0`, e.jump(e.pc + (rel as number)))],
  jump: (e, [rel]) => [e.jump(e.pc + (rel as number))],
  ret: (e) => [ifStmt(js.expr`I32[${LR_I32 + 1}] === CODE_ID`, e.returnToCode ?? e.bail(js.expr`I32[${LR_I32}]`)), e.bail()],
  call: (e, [rel]) => callTo(e, e.pc + (rel as number)),
  call1: (e, [a, rel]) => callTo(e, e.pc + (rel as number), argMoves(e, [a as number])),
  call2: (e, [a, b, rel]) => callTo(e, e.pc + (rel as number), argMoves(e, [a as number, b as number])),
  call3: (e, [a, b, c, rel]) => callTo(e, e.pc + (rel as number), argMoves(e, [a as number, b as number, c as number])),
  call4: (e, [a, b, c, d, rel]) =>
    callTo(e, e.pc + (rel as number), argMoves(e, [a as number, b as number, c as number, d as number])),
  // An unusual target (not code) is the interpreter's to report: bail at this call.
  call_indirect: (e, [reg]) => js.stmts`I32[${LR_I32}] = ${e.next}; I32[${LR_I32 + 1}] = CODE_ID; ${e.syncBack};
    r = CALLI(m, ${e.lo(reg as number)}, ${e.hi(reg as number)}); if (r === -2) { ${e.frameOut}; return ${e.pc}; }
    ${returnUnlessBack(e)}; ${reloadAfterCall(e)};`,
  // Frames on the machine's stack, with the registers saved from / restored into locals.
  // Anything unusual (sp outside the stack, overflow) is the interpreter's to raise.
  push_frame_save: (e, [amt, regs]) => {
    const a = amt as number, full = a + 16, saved = upperRegs(regs as number);
    if (saved.length * 8 > a) return undefined;
    const lazy = e.lazyFrame !== undefined && e.lazyFrame.amt === a && e.lazyFrame.regs === regs;
    const link = js.stmts`V = STACK_VIEW; V.setInt32(o + ${full - 8}, I32[${LR_I32}], true); V.setInt32(o + ${full - 4}, I32[${LR_I32 + 1}], true);
      V.setInt32(o + ${a}, I32[${FP_I32}], true); V.setInt32(o + ${a + 4}, I32[${FP_I32 + 1}], true);
      I32[${FP_I32}] = o + ${a}; I32[${FP_I32 + 1}] = ${e.hi(SP)};`;
    // The frame must lie in the stack's whole words, 8-aligned: then its spill slots need no
    // check while sp stays its base (Emit.spFrameBytes). Compiled code's sp always is.
    const frameAt = js.stmts`o = (${e.lo(SP)} >>> 0) - ${full};
      if (${e.hi(SP)} !== STACK_ID || o < 0 || (o & 7) !== 0 || o + ${full} > STACK_WORDS_BYTES) ${e.bail()};`;
    // Deferred saves (translate.ts): called linked, the slots wait (FR = 1); else the
    // register file holds the caller's values.
    if (lazy && e.deferred && e.link) {
      const fromFile = savedSlots(a, saved).flatMap(({ r, off }) =>
        js.stmts`V.setInt32(o + ${off}, I32[${2 * r}], true); V.setInt32(o + ${off + 4}, I32[${2 * r + 1}], true);`);
      return js.stmts`${frameAt}
        ${ifStmt(js.expr`fp === undefined`, [...link, ...fromFile], js.stmts`LR0 = I32[${LR_I32}]; LP = 1; FR = 1;`)}
        ${e.lo(SP)} = o; FB = o;`;
    }
    const stores = lazy
      ? [...(e.noFrameBefore ? [] : frameToMemory(a, saved)), ...js.stmts`FB = o; FR = 1;`, ...(e.restoredKept ? js.stmts`RK = 0; RP = ${e.restoredKept.fileHasSaved ? 1 : 0};` : []),
        ...saved.flatMap((r) => [set(savedLo(r), e.lo(r)), set(savedHi(r), e.hi(r))])]
      : savedSlots(a, saved).flatMap(({ r, off }) =>
        js.stmts`V.setInt32(o + ${off}, ${e.lo(r)}, true); V.setInt32(o + ${off + 4}, ${e.hi(r)}, true);`);
    return js.stmts`${frameAt}
      ${lazy && e.link ? ifStmt(js.expr`fp === undefined`, link, js.stmts`LR0 = I32[${LR_I32}]; LP = 1;`) : link}
      ${e.lo(SP)} = o; ${stores};`;
  },
  pop_frame_restore: (e, [amt, regs]) => {
    const a = amt as number, saved = upperRegs(regs as number);
    if (saved.length * 8 > a) return undefined;
    const fromMemory = savedSlots(a, saved).flatMap(({ r, off }) =>
      js.stmts`${e.lo(r)} = V.getInt32(o + ${off}, true); ${e.hi(r)} = V.getInt32(o + ${off + 4}, true);`);
    const lazy = e.lazyFrame !== undefined && e.lazyFrame.amt === a && e.lazyFrame.regs === regs;
    const recordFromMemory = js.stmts`I32[${FP_I32}] = V.getInt32(w, true); I32[${FP_I32 + 1}] = V.getInt32(w + 4, true);
      I32[${LR_I32}] = V.getInt32(w + 8, true); I32[${LR_I32 + 1}] = V.getInt32(w + 12, true);`;
    // (A linked frame already popped, or never pushed, is the interpreter's to pop.)
    const unusual = js.expr`${e.hi(SP)} !== STACK_ID || o + ${a} > STACK_LENGTH || I32[${FP_I32 + 1}] !== STACK_ID || w + 16 > STACK_LENGTH`;
    // Deferred saves: a frame whose slots wait (called linked) returns from here if a ret
    // follows and sp is its base; otherwise the interpreter pops it.
    if (lazy && e.deferred && e.link) {
      const fast = e.fastReturn === undefined ? [e.bail()]
        : [ifStmt(js.expr`o === FB`, [js.stmt`${e.lo(SP)} = (FB + ${a + 16}) | 0;`, ...e.fastReturn]), e.bail()];
      return js.stmts`o = ${e.lo(SP)} >>> 0; ${ifStmt(js.expr`FR === 1`, fast)}
        w = I32[${FP_I32}] >>> 0;
        if (${unusual}) ${e.bail()};
        V = STACK_VIEW; ${fromMemory};
        ${e.lo(SP)} = (w + 16) | 0; ${recordFromMemory}`;
    }
    // The frame this function pushed, still in locals: restore from them.
    const loads = lazy
      ? [ifStmt(js.expr`FR === 1 && o === FB`,
        [...saved.flatMap((r) => [set(e.lo(r), savedLo(r)), set(e.hi(r), savedHi(r))]), js.stmt`FR = 0;`,
          ...(e.restoredKept ? js.stmts`RK = RP;` : [])],
        [...frameToMemory(a, saved), ...fromMemory])]
      : fromMemory;
    // sp above the frame record at w; fp and lr back from it. With the link in locals (a
    // linked call): the record is this frame's own, fp stays the caller's, and lr comes back
    // from LR0 if a call of this function changed it.
    const linked = lazy && e.link !== undefined;
    const popRecord = [set(e.lo(SP), js.expr`(w + 16) | 0`), ...(linked
      ? [ifStmt(js.expr`fp === undefined`, recordFromMemory,
        [...(e.link!.restoresLr ? js.stmts`I32[${LR_I32}] = LR0; I32[${LR_I32 + 1}] = CODE_ID;` : []), ...js.stmts`LP = 0;`])]
      : recordFromMemory)];
    // Restore and return at once when the restored registers equal the register file (RP = 1)
    // and the caller is bytecode of this unit (the ret that follows would return to it): the
    // saved registers' locals are then dead on this path, and V8 need not keep them.
    const callerIsCode = linked ? js.expr`(fp !== undefined || V.getInt32(w + 12, true) === CODE_ID)` : js.expr`V.getInt32(w + 12, true) === CODE_ID`;
    const returnNow = lazy && e.restoredKept !== undefined && e.returnWriteBack !== undefined
      ? [ifStmt(js.expr`FR === 1 && o === FB && RP === 1 && ${callerIsCode}`,
        js.stmts`FR = 0; ${popRecord}; ${e.returnWriteBack}; return I32[${LR_I32}];`)]
      : [];
    const record = linked ? js.expr`fp === undefined ? I32[${FP_I32}] >>> 0 : (FB + ${a}) >>> 0` : js.expr`I32[${FP_I32}] >>> 0`;
    return js.stmts`o = ${e.lo(SP)} >>> 0; w = ${record};
      if (${linked ? js.expr`${unusual} || (fp !== undefined && LP !== 1)` : unusual}) ${e.bail()};
      V = STACK_VIEW; ${returnNow}; ${loads}; ${popRecord};`;
  },
  // The index clamps to the last entry, as in Pulley; an empty table is the interpreter's to report.
  br_table32: (e, [idx]) => {
    const targets = e.instr.targets ?? [];
    if (targets.length === 0) return [e.bail()];
    const tableStart = e.pc + e.instr.op.size;
    const cases = targets.map((rel, i) =>
      ({ test: i === targets.length - 1 ? null : i, body: [e.jump(tableStart + 4 * i + rel)] }));
    return [switchStmt(unsigned(e.lo(idx as number)), cases)];
  },
  trap: (e) => [e.bail()],
  // The host runs right away (Machine.hostCall) on the written-back state; it may re-enter
  // the VM and it sets x0, so every register is read again. If it trapped, the function
  // leaves (writing its frame link) and the trap is raised once all generated frames have.
  // (With deferred saves the count of generated frames is `d`: m.jitDepth holds it during the call.)
  call_indirect_host: (e, [hostId]) => {
    const hostCall = js.expr`m.hostCall(${hostId as number}, ${e.next})`;
    const trapped: Stmts = e.deferred
      ? js.stmts`JD = m.jitDepth; m.jitDepth = d; r = ${hostCall} ? 1 : 0; m.jitDepth = JD; if (r === 1) ${e.bail(e.next)};`
      : js.stmts`if (${hostCall}) ${e.bail(e.next)};`;
    return js.stmts`if (m.hostCall === undefined) ${e.bail()}; ${e.syncBack}; ${trapped}; ${reloadAfterCall(e)};`;
  },
};

function div32(expr: (a: Expr, b: Expr) => Expr, overflowTraps = false): Emitter {
  return (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    const a = e.lo(src1), b = e.lo(src2);
    const traps = overflowTraps ? js.expr`${b} === 0 || (${a} === -2147483648 && ${b} === -1)` : js.expr`${b} === 0`;
    return [ifStmt(traps, e.bail()), set(e.lo(dst), expr(a, b))];
  };
}
function div64(signed: boolean, expr: (a: Expr, b: Expr) => Expr): Emitter {
  return (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    const [al, ah, bl, bh] = [e.lo(src1), e.hi(src1), e.lo(src2), e.hi(src2)];
    const fits = signed ? js.expr`${ah} === ${al} >> 31 && ${bh} === ${bl} >> 31` : js.expr`(${ah} | ${bh}) === 0`;
    const hi = signed ? js.expr`v < 0 ? -1 : 0` : num(0);
    return [ifStmt(js.expr`${fits} && ${bl} !== 0`,
      js.stmts`v = ${expr(al, bl)}; ${e.lo(dst)} = v | 0; ${e.hi(dst)} = ${hi};`, e.fallback())];
  };
}
function minMax64(takeSrc2: (al: Expr, ah: Expr, bl: Expr, bh: Expr) => Expr): Emitter {
  return (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    const [al, ah, bl, bh] = [e.lo(src1), e.hi(src1), e.lo(src2), e.hi(src2)];
    return [ifStmt(takeSrc2(al, ah, bl, bh),
      [set(e.lo(dst), bl), set(e.hi(dst), bh)], [set(e.lo(dst), al), set(e.hi(dst), ah)])];
  };
}
function truncTo32(e: Emit, d: number, value: Expr, signed: boolean): Stmts {
  const inRange = signed ? js.expr`v > -2147483649 && v < 2147483648` : js.expr`v > -1 && v < 4294967296`;
  return js.stmts`v = ${value}; if (${inRange}) ${e.lo(d)} = ${signed ? js.expr`v | 0` : js.expr`(v >>> 0) | 0`}; else ${e.bail()};`;
}
function round64(e: Emit, d: number, s: number, how: string): Stmts {
  const viaInterp = e.fCached(d) || e.fCached(s) ? e.bail() : viaHandler(e);
  return js.stmts`v = ${math(how, e.f(s))}; if (v === v) ${e.f(d)} = v; else ${viaInterp};`;
}

/** Where push_frame_save puts each saved register: its offset from the frame's base (sp after the push). */
export function savedSlots(amt: number, saved: readonly number[]): Array<{ r: number; off: number }> {
  return saved.map((r, i) => ({ r, off: amt - 8 * (i + 1) }));
}
/** The locals that hold x register r's words while a lazily saved frame is only in locals. */
export const savedLo = (r: number) => id(`S${r}l`);
export const savedHi = (r: number) => id(`S${r}h`);

/**
 * Statements that store a lazily saved frame's registers (locals S16l/S16h.. of the frame
 * at FB) into the stack, if it is still only in locals (FR = 1): before anything that may
 * let the interpreter pop that frame (a call, leaving the function, another push).
 */
export function frameToMemory(amt: number, saved: readonly number[]): Stmts {
  const stores = savedSlots(amt, saved).flatMap(({ r, off }) =>
    js.stmts`STACK_VIEW.setInt32(FB + ${off}, ${savedLo(r)}, true); STACK_VIEW.setInt32(FB + ${off + 4}, ${savedHi(r)}, true);`);
  return [ifStmt(js.expr`FR === 1`, [...stores, js.stmt`FR = 0;`])];
}

/** The registers of an UpperRegSet, lowest first (bit i = x(16 + i)). */
export function upperRegs(set: number): number[] {
  const regs: number[] = [];
  for (let bit = 0; bit < 16; bit++) if ((set >>> bit) & 1) regs.push(16 + bit);
  return regs;
}

/** Word `i` (0 low, 1 high) of f register r in the register file's I32 view. */
const fWord = (r: number, i = 0) => index(id('I32'), F_I32 + 2 * r + i);
const copyF64 = (d: number, s: number): Stmts => (d === s ? [] : [set(fWord(d), fWord(s)), set(fWord(d, 1), fWord(s, 1))]);
/**
 * Copies an f value of class `cls` (f64: 8 bytes, f32: the low word) from s to d, each a
 * local or the register file. An f32 read from the register file into a local goes to the
 * interpreter if it is a NaN (a local never holds a signalling one).
 */
function copyF(e: Emit, d: number, s: number, cls: '32' | '64'): Stmts {
  if (d === s) return [];
  if (!e.fCached(d) && !e.fCached(s)) return cls === '64' ? copyF64(d, s) : [set(fWord(d), fWord(s))];
  if (cls === '32' && e.fCached(d) && !e.fCached(s)) return js.stmts`v = ${e.f32(s)}; if (v !== v) ${e.bail()}; ${e.f32(d)} = v;`;
  return cls === '64' ? [set(e.f(d), e.f(s))] : [set(e.f32(d), e.f32(s))];
}

/** fneg / fabs: on the raw bits in the register file; on locals as arithmetic, NaNs left to the interpreter. */
function signOp(e: Emit, d: number, s: number, cls: '32' | '64', kind: 'neg' | 'abs'): Stmts {
  if (e.fCached(d) || e.fCached(s)) {
    const value = cls === '64' ? e.f(s) : e.f32(s);
    const target = cls === '64' ? e.f(d) : e.f32(d);
    return js.stmts`v = ${value}; if (v !== v) ${e.bail()}; ${target} = ${kind === 'neg' ? js.expr`-v` : js.expr`Math.abs(v)`};`;
  }
  const copy = cls === '64' ? copyF64(d, s) : [set(fWord(d), fWord(s))];
  const signWord = fWord(d, cls === '64' ? 1 : 0);
  return [...copy, kind === 'neg' ? set(signWord, -2147483648, '^=') : set(signWord, 2147483647, '&=')];
}

/** This instruction run by the interpreter's handler (f registers live in the register file). */
export const viaHandler = (e: Emit): ES.Statement => {
  e.mayThrow();
  return js.stmt`H[${e.instr.op.index}](m, ${e.pc}, ${e.pc + e.instr.op.size});`;
};

/**
 * f64 result of `expr` from operands a, b (b = a for a unary op); a NaN gets the interpreter's
 * bits (NAN64), or, in a run with deferred checks, is caught at the run's end.
 */
function f64set(e: Emit, d: number, expr: Expr, a: Expr, b: Expr): Stmts {
  if (e.nanDeferred) return [set(e.f(d), expr)];
  return js.stmts`v = ${expr}; ${e.f(d)} = v === v ? v : NAN64(${a}, ${b});`;
}

/** The double whose IEEE bits are `bits`. */
export function f64OfBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return view.getFloat64(0, true);
}

/** The f32 whose IEEE bits are `bits`. */
export function f32OfBits(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setInt32(0, bits, true);
  return view.getFloat32(0, true);
}

/**
 * f32 result of `expr` into regs[0] (regs: the f registers the op names). A NaN result is
 * the interpreter's to make: its handler, or, where an operand lives in a local the handler
 * cannot see, the interpreter itself from this instruction on.
 */
function f32set(e: Emit, regs: readonly number[], expr: Expr, otherCached = false): Stmts {
  const cached = otherCached || regs.some((r) => e.f32Cached(r));
  return js.stmts`v = ${expr}; if (v === v) ${e.f32(regs[0]!)} = v; else ${cached ? e.bail() : viaHandler(e)};`;
}
function f64bin(e: Emit, o: unknown, op: ES.BinaryOperator): Stmts {
  const { dst, src1, src2 } = o as BinaryOperands;
  return f64set(e, dst, binary(op, e.f(src1), e.f(src2)), e.f(src1), e.f(src2));
}
function f32bin(e: Emit, o: unknown, op: ES.BinaryOperator): Stmts {
  const { dst, src1, src2 } = o as BinaryOperands;
  return f32set(e, [dst, src1, src2], math('fround', binary(op, e.f32(src1), e.f32(src2))));
}

/** Inline statements for `instr`, or undefined where the interpreter's handler must run it. */
export function inlineOp(instr: Instr, e: Emit): Stmts | undefined {
  const emitter = EMITTERS[instr.op.mnemonic];
  if (emitter) return emitter(e, instr.operands);
  return memoryOp(e) ?? branchOp(e) ?? vectorStatements(e);
}

/** Temporaries that each instruction's code assigns before it reads them (nothing carries over). */
export const SCRATCH_TEMPORARIES: readonly string[] = ['l', 'h', 'v', 'o', 'w', 'R', 'V', ...[0, 1, 2, 3].flatMap((i) => [`a${i}l`, `a${i}h`])];
/** The temporaries inline code assigns, declared once per function: the scratch ones and the heap's locals. */
export function inlineTemporaries(): ES.VariableDeclaration {
  const scratch = SCRATCH_TEMPORARIES.map((name) => [name, name === 'R' || name === 'V' ? undefined : 0] as const);
  return letDecl([
    ...scratch.slice(0, 7), ['MH', -1], ['MV'], ['MVB'], ['MU8'], ['MU8B'], ['MB', 0], ['MVL', -1], ['ML', -1], ...scratch.slice(7),
  ]);
}

/** Helpers the generated code calls; defined once per generated unit (see unit.ts). */
export const prelude = (): Stmts => js.stmts`
// The NaN an f64 op gives: the first NaN operand, quieted, else the negative default NaN
// (the interpreter's rule, runtime/ops/fmath.ts setNaNResultWords64, as on x86-64).
const NANF = new Float64Array(new ArrayBuffer(8)), NANW = new Int32Array(NANF.buffer);
function NAN64(a, b) {
  if (a !== a) { NANF[0] = a; NANW[1] |= 0x80000; return NANF[0]; }
  if (b !== b) { NANF[0] = b; NANW[1] |= 0x80000; return NANF[0]; }
  NANW[0] = 0; NANW[1] = -524288; return NANF[0];
}
let HI = 0;
// Bit counts: the interpreter's own functions (runtime/ops/int64.ts), passed in by the runtime.
const CTZ32 = rt.bits.ctz32, POPCNT32 = rt.bits.popcnt32;
function SHL64(l, h, n) {
  n &= 63;
  if (n === 0) { HI = h; return l; }
  if (n < 32) { HI = (h << n) | (l >>> (32 - n)); return l << n; }
  HI = l << (n - 32); return 0;
}
function SHR64(l, h, n) {
  n &= 63;
  if (n === 0) { HI = h; return l; }
  if (n < 32) { HI = h >>> n | 0; return (l >>> n) | (h << (32 - n)); }
  HI = 0; return (h >>> (n - 32)) | 0;
}
function SAR64(l, h, n) {
  n &= 63;
  if (n === 0) { HI = h; return l; }
  if (n < 32) { HI = h >> n; return (l >>> n) | (h << (32 - n)); }
  HI = h >> 31; return h >> (n - 32);
}
`;
