// Control flow and frames: branches, jumps, calls, returns, br_table32, the frame ops
// (push_frame & co), stack_alloc32/stack_free32, trap, nop, call_indirect_host and
// xmov_fp/xmov_lr. Semantics as Pulley 35's interp.rs.
//
// Code addresses are real 64-bit addresses (code region id, byte offset): `call` puts
// one in lr, `xjump` / `call_indirect` / `ret` take one from a register and may land in
// another code region (another module's bytecode). PcRelOffset jumps are relative to
// the start of the branching instruction.

import {
  DONE, enterJit, FP_I32, LR_I32, type Machine, HOST_REGION, SP, TrapKind, TrapSignal, X_I32,
} from '../machine.js';
import { type Handler, type OpHandlers, operandOffsets, sharedLayout } from './handler.js';
import { load64, store64 } from './memory.js';

// ## Code addresses

/** Continues at the code address (lo, hi), switching code regions if it lies in another one. */
export function jumpToAddress(m: Machine, lo: number, hi: number): number {
  if (hi !== m.codeRegion.id) {
    const region = m.space.regions[hi >>> 0];
    if (region === undefined || !region.isCode) {
      throw new TrapSignal(TrapKind.MemoryOutOfBounds,
        `jump to 0x${(hi >>> 0).toString(16)}_${(lo >>> 0).toString(16).padStart(8, '0')}, which is not bytecode`);
    }
    m.enterCode(region);
  }
  return lo >>> 0;
}

function isHostSentinel(lo: number, hi: number): boolean {
  return lo === -1 && hi === (HOST_REGION | 0);
}

// ## 64-bit comparisons on (lo, hi) int32 pairs: negative, zero or positive

function cmpS64(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return ahi < bhi ? -1 : 1;
  return (alo >>> 0) - (blo >>> 0);
}

function cmpU64(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return (ahi >>> 0) < (bhi >>> 0) ? -1 : 1;
  return (alo >>> 0) - (blo >>> 0);
}

// ## Conditional branches, one layout per operand shape

const COND = sharedLayout(['br_if32', 'br_if_not32']);
const RR = sharedLayout([
  'br_if_xeq32', 'br_if_xneq32', 'br_if_xslt32', 'br_if_xslteq32', 'br_if_xult32', 'br_if_xulteq32',
  'br_if_xeq64', 'br_if_xneq64', 'br_if_xslt64', 'br_if_xslteq64', 'br_if_xult64', 'br_if_xulteq64',
]);
const RI8 = sharedLayout([
  'br_if_xeq32_i8', 'br_if_xneq32_i8', 'br_if_xslt32_i8', 'br_if_xsgt32_i8', 'br_if_xslteq32_i8', 'br_if_xsgteq32_i8',
  'br_if_xult32_u8', 'br_if_xulteq32_u8', 'br_if_xugt32_u8', 'br_if_xugteq32_u8',
  'br_if_xeq64_i8', 'br_if_xneq64_i8', 'br_if_xslt64_i8', 'br_if_xsgt64_i8', 'br_if_xslteq64_i8', 'br_if_xsgteq64_i8',
  'br_if_xult64_u8', 'br_if_xulteq64_u8', 'br_if_xugt64_u8', 'br_if_xugteq64_u8',
]);
const RI32 = sharedLayout([
  'br_if_xeq32_i32', 'br_if_xneq32_i32', 'br_if_xslt32_i32', 'br_if_xsgt32_i32', 'br_if_xslteq32_i32', 'br_if_xsgteq32_i32',
  'br_if_xult32_u32', 'br_if_xulteq32_u32', 'br_if_xugt32_u32', 'br_if_xugteq32_u32',
  'br_if_xeq64_i32', 'br_if_xneq64_i32', 'br_if_xslt64_i32', 'br_if_xsgt64_i32', 'br_if_xslteq64_i32', 'br_if_xsgteq64_i32',
  'br_if_xult64_u32', 'br_if_xulteq64_u32', 'br_if_xugt64_u32', 'br_if_xugteq64_u32',
]);

const COND_REG = COND['cond']!, COND_OFF = COND['offset']!;
const RR_A = RR['a']!, RR_B = RR['b']!, RR_OFF = RR['offset']!;
const RI8_A = RI8['a']!, RI8_B = RI8['b']!, RI8_OFF = RI8['offset']!;
const RI32_A = RI32['a']!, RI32_B = RI32['b']!, RI32_OFF = RI32['offset']!;

/** Target of a taken PcRelOffset branch whose offset operand sits at `at`. */
function rel(m: Machine, pc: number, at: number): number {
  return pc + m.codeView.getInt32(pc + at, true);
}

/** Branch conditions. Handlers capture one and switch on it: cheaper than calling a comparator. */
const enum Cond { Eq, Ne, Slt, Sle, Sgt, Sge, Ult, Ule, Ugt, Uge }

function holds32(cond: Cond, a: number, b: number): boolean {
  switch (cond) {
    case Cond.Eq: return a === b;
    case Cond.Ne: return a !== b;
    case Cond.Slt: return a < b;
    case Cond.Sle: return a <= b;
    case Cond.Sgt: return a > b;
    case Cond.Sge: return a >= b;
    case Cond.Ult: return (a >>> 0) < (b >>> 0);
    case Cond.Ule: return (a >>> 0) <= (b >>> 0);
    case Cond.Ugt: return (a >>> 0) > (b >>> 0);
    case Cond.Uge: return (a >>> 0) >= (b >>> 0);
  }
}

function holds64(cond: Cond, alo: number, ahi: number, blo: number, bhi: number): boolean {
  switch (cond) {
    case Cond.Eq: return alo === blo && ahi === bhi;
    case Cond.Ne: return alo !== blo || ahi !== bhi;
    case Cond.Slt: return cmpS64(alo, ahi, blo, bhi) < 0;
    case Cond.Sle: return cmpS64(alo, ahi, blo, bhi) <= 0;
    case Cond.Sgt: return cmpS64(alo, ahi, blo, bhi) > 0;
    case Cond.Sge: return cmpS64(alo, ahi, blo, bhi) >= 0;
    case Cond.Ult: return cmpU64(alo, ahi, blo, bhi) < 0;
    case Cond.Ule: return cmpU64(alo, ahi, blo, bhi) <= 0;
    case Cond.Ugt: return cmpU64(alo, ahi, blo, bhi) > 0;
    case Cond.Uge: return cmpU64(alo, ahi, blo, bhi) >= 0;
  }
}

// Register-register compares: the low words for 32-bit, both words for 64-bit.
function brRR32(cond: Cond): Handler {
  return (m, pc, next) => {
    const code = m.code, i32 = m.i32;
    return holds32(cond, i32[2 * code[pc + RR_A]!]!, i32[2 * code[pc + RR_B]!]!) ? rel(m, pc, RR_OFF) : next;
  };
}

function brRR64(cond: Cond): Handler {
  return (m, pc, next) => {
    const code = m.code, i32 = m.i32;
    const a = 2 * code[pc + RR_A]!, b = 2 * code[pc + RR_B]!;
    return holds64(cond, i32[a]!, i32[a + 1]!, i32[b]!, i32[b + 1]!) ? rel(m, pc, RR_OFF) : next;
  };
}

/** How an immediate is encoded; read already sign- or zero-extended to 32 bits. */
const enum Imm { I8, U8, I32, U32 }

function readImm(view: DataView, at: number, imm: Imm): number {
  switch (imm) {
    case Imm.I8: return view.getInt8(at);
    case Imm.U8: return view.getUint8(at);
    default: return view.getInt32(at, true); // a u32 is compared through its low word's bits
  }
}

function brRI32(cond: Cond, imm: Imm): Handler {
  const wide = imm === Imm.I32 || imm === Imm.U32;
  const aAt = wide ? RI32_A : RI8_A, bAt = wide ? RI32_B : RI8_B, offAt = wide ? RI32_OFF : RI8_OFF;
  return (m, pc, next) => {
    const a = m.i32[2 * m.code[pc + aAt]!]!;
    return holds32(cond, a, readImm(m.codeView, pc + bAt, imm)) ? rel(m, pc, offAt) : next;
  };
}

/** 64-bit compare against an immediate: i8/i32 sign-extend, u8/u32 zero-extend. */
function brRI64(cond: Cond, imm: Imm): Handler {
  const wide = imm === Imm.I32 || imm === Imm.U32;
  const signed = imm === Imm.I8 || imm === Imm.I32;
  const aAt = wide ? RI32_A : RI8_A, bAt = wide ? RI32_B : RI8_B, offAt = wide ? RI32_OFF : RI8_OFF;
  return (m, pc, next) => {
    const a = 2 * m.code[pc + aAt]!;
    const b = readImm(m.codeView, pc + bAt, imm);
    return holds64(cond, m.i32[a]!, m.i32[a + 1]!, b, signed ? b >> 31 : 0) ? rel(m, pc, offAt) : next;
  };
}

const branchOps: OpHandlers = {
  br_if32: (m, pc, next) => (m.i32[2 * m.code[pc + COND_REG]!] !== 0 ? rel(m, pc, COND_OFF) : next),
  br_if_not32: (m, pc, next) => (m.i32[2 * m.code[pc + COND_REG]!] === 0 ? rel(m, pc, COND_OFF) : next),

  br_if_xeq32: brRR32(Cond.Eq), br_if_xneq32: brRR32(Cond.Ne),
  br_if_xslt32: brRR32(Cond.Slt), br_if_xslteq32: brRR32(Cond.Sle),
  br_if_xult32: brRR32(Cond.Ult), br_if_xulteq32: brRR32(Cond.Ule),
  br_if_xeq64: brRR64(Cond.Eq), br_if_xneq64: brRR64(Cond.Ne),
  br_if_xslt64: brRR64(Cond.Slt), br_if_xslteq64: brRR64(Cond.Sle),
  br_if_xult64: brRR64(Cond.Ult), br_if_xulteq64: brRR64(Cond.Ule),

  br_if_xeq32_i8: brRI32(Cond.Eq, Imm.I8), br_if_xeq32_i32: brRI32(Cond.Eq, Imm.I32),
  br_if_xneq32_i8: brRI32(Cond.Ne, Imm.I8), br_if_xneq32_i32: brRI32(Cond.Ne, Imm.I32),
  br_if_xslt32_i8: brRI32(Cond.Slt, Imm.I8), br_if_xslt32_i32: brRI32(Cond.Slt, Imm.I32),
  br_if_xsgt32_i8: brRI32(Cond.Sgt, Imm.I8), br_if_xsgt32_i32: brRI32(Cond.Sgt, Imm.I32),
  br_if_xslteq32_i8: brRI32(Cond.Sle, Imm.I8), br_if_xslteq32_i32: brRI32(Cond.Sle, Imm.I32),
  br_if_xsgteq32_i8: brRI32(Cond.Sge, Imm.I8), br_if_xsgteq32_i32: brRI32(Cond.Sge, Imm.I32),
  br_if_xult32_u8: brRI32(Cond.Ult, Imm.U8), br_if_xult32_u32: brRI32(Cond.Ult, Imm.U32),
  br_if_xulteq32_u8: brRI32(Cond.Ule, Imm.U8), br_if_xulteq32_u32: brRI32(Cond.Ule, Imm.U32),
  br_if_xugt32_u8: brRI32(Cond.Ugt, Imm.U8), br_if_xugt32_u32: brRI32(Cond.Ugt, Imm.U32),
  br_if_xugteq32_u8: brRI32(Cond.Uge, Imm.U8), br_if_xugteq32_u32: brRI32(Cond.Uge, Imm.U32),

  br_if_xeq64_i8: brRI64(Cond.Eq, Imm.I8), br_if_xeq64_i32: brRI64(Cond.Eq, Imm.I32),
  br_if_xneq64_i8: brRI64(Cond.Ne, Imm.I8), br_if_xneq64_i32: brRI64(Cond.Ne, Imm.I32),
  br_if_xslt64_i8: brRI64(Cond.Slt, Imm.I8), br_if_xslt64_i32: brRI64(Cond.Slt, Imm.I32),
  br_if_xsgt64_i8: brRI64(Cond.Sgt, Imm.I8), br_if_xsgt64_i32: brRI64(Cond.Sgt, Imm.I32),
  br_if_xslteq64_i8: brRI64(Cond.Sle, Imm.I8), br_if_xslteq64_i32: brRI64(Cond.Sle, Imm.I32),
  br_if_xsgteq64_i8: brRI64(Cond.Sge, Imm.I8), br_if_xsgteq64_i32: brRI64(Cond.Sge, Imm.I32),
  br_if_xult64_u8: brRI64(Cond.Ult, Imm.U8), br_if_xult64_u32: brRI64(Cond.Ult, Imm.U32),
  br_if_xulteq64_u8: brRI64(Cond.Ule, Imm.U8), br_if_xulteq64_u32: brRI64(Cond.Ule, Imm.U32),
  br_if_xugt64_u8: brRI64(Cond.Ugt, Imm.U8), br_if_xugt64_u32: brRI64(Cond.Ugt, Imm.U32),
  br_if_xugteq64_u8: brRI64(Cond.Uge, Imm.U8), br_if_xugteq64_u32: brRI64(Cond.Uge, Imm.U32),
};

// ## Jumps, calls and returns

const JUMP_OFF = operandOffsets('jump')['offset']!;
const XJUMP_REG = operandOffsets('xjump')['reg']!;
const CALL_INDIRECT_REG = operandOffsets('call_indirect')['reg']!;
const BR_TABLE = operandOffsets('br_table32');
const HOST_ID = operandOffsets('call_indirect_host')['id']!;

/** Sets lr to the address of the instruction after the call. */
function linkReturn(m: Machine, next: number): void {
  m.setLr(next, m.codeRegion.id);
}

/** `call1`..`call4`: copies the argument registers into x0.. (all read before any write). */
function callWithArgs(count: number): Handler {
  const mnemonic = count === 1 ? 'call1' : `call${count}`;
  const layout = operandOffsets(mnemonic);
  const argAt = [1, 2, 3, 4].slice(0, count).map((i) => layout[`arg${i}`]!);
  const offAt = layout['offset']!;
  return (m, pc, next) => {
    const code = m.code, i64 = m.i64;
    const values = argAt.map((at) => i64[code[pc + at]!]!);
    for (let i = 0; i < count; i++) i64[i] = values[i]!;
    linkReturn(m, next);
    return enterJit(m, rel(m, pc, offAt));
  };
}

const callOps: OpHandlers = {
  ret: (m) => {
    const lo = m.i32[LR_I32]!, hi = m.i32[LR_I32 + 1]!;
    if (isHostSentinel(lo, hi)) {
      m.done = RETURN_TO_HOST;
      return DONE;
    }
    return jumpToAddress(m, lo, hi);
  },
  call: (m, pc, next) => {
    linkReturn(m, next);
    return enterJit(m, rel(m, pc, JUMP_OFF));
  },
  call1: callWithArgs(1),
  call2: callWithArgs(2),
  call3: callWithArgs(3),
  call4: callWithArgs(4),
  call_indirect: (m, pc, next) => {
    const reg = m.code[pc + CALL_INDIRECT_REG]!;
    const caller = m.codeRegion.id;
    const target = jumpToAddress(m, m.i32[2 * reg]!, m.i32[2 * reg + 1]!);
    m.setLr(next, caller);
    return target < 0 ? target : enterJit(m, target);
  },
  jump: (m, pc) => rel(m, pc, JUMP_OFF),
  xjump: (m, pc) => {
    const reg = m.code[pc + XJUMP_REG]!;
    return jumpToAddress(m, m.i32[2 * reg]!, m.i32[2 * reg + 1]!);
  },
  br_table32: (m, pc, next) => {
    const idx = m.u32[2 * m.code[pc + BR_TABLE['idx']!]!]!;
    const count = m.codeView.getUint32(pc + BR_TABLE['amt']!, true);
    if (count === 0) throw new TrapSignal(TrapKind.DisabledOpcode, 'br_table32 with an empty table');
    const entry = next + 4 * Math.min(idx, count - 1);
    return entry + m.codeView.getInt32(entry, true);
  },
  trap: () => {
    throw new TrapSignal(null);
  },
  nop: (_m, _pc, next) => next,
  call_indirect_host: (m, pc, next) => {
    m.done = { kind: 'callIndirectHost', id: m.code[pc + HOST_ID]!, resume: next, code: m.codeRegion };
    return DONE;
  },
};

const RETURN_TO_HOST = { kind: 'return' } as const;

// ## Stack pointer and frames

const STACK_ALLOC_AMT = operandOffsets('stack_alloc32')['amt']!;
const STACK_FREE_AMT = operandOffsets('stack_free32')['amt']!;
const FRAME_SAVE = sharedLayout(['push_frame_save', 'pop_frame_restore']);
const FRAME_AMT = FRAME_SAVE['amt']!, FRAME_REGS = FRAME_SAVE['regs']!;
const XMOV_FP_DST = operandOffsets('xmov_fp')['dst']!;
const XMOV_LR_DST = operandOffsets('xmov_lr')['dst']!;
const SP_I32 = X_I32 + 2 * SP;

/**
 * sp -= amount, trapping StackOverflow if sp would drop below the stack region's base
 * (regions are ordered by id, so "below" means a lower region id or a borrow out of it).
 */
function lowerSp(m: Machine, amount: number): void {
  const i32 = m.i32;
  let lo = (i32[SP_I32]! >>> 0) - amount;
  let hi = i32[SP_I32 + 1]! >>> 0;
  if (lo < 0) {
    lo += 0x100000000;
    hi = (hi - 1) >>> 0;
  }
  if (hi < m.stack.id || hi === 0xffffffff) throw new TrapSignal(TrapKind.StackOverflow);
  i32[SP_I32] = lo;
  i32[SP_I32 + 1] = hi;
}

/** sp += amount, unchecked (as in Pulley; any later access through it is still checked). */
function raiseSp(m: Machine, amount: number): void {
  const i32 = m.i32;
  const lo = (i32[SP_I32]! >>> 0) + amount;
  i32[SP_I32] = lo;
  if (lo > 0xffffffff) i32[SP_I32 + 1] = i32[SP_I32 + 1]! + 1;
}

function push64(m: Machine, reg: number): void {
  lowerSp(m, 8);
  store64(m, m.i32[SP_I32]!, m.i32[SP_I32 + 1]!, 0, reg);
}

function pop64(m: Machine, reg: number): void {
  load64(m, m.i32[SP_I32]!, m.i32[SP_I32 + 1]!, 0, reg);
  raiseSp(m, 8);
}

// An UpperRegSet is a u16 whose bit i stands for x(16 + i); Pulley visits the registers
// lowest first, each 8 bytes further below fp.

function popFrame(m: Machine): void {
  const i32 = m.i32;
  i32[SP_I32] = i32[FP_I32]!;
  i32[SP_I32 + 1] = i32[FP_I32 + 1]!;
  // Read both slots before writing fp, as Pulley does.
  const sp = m.resolve(i32[SP_I32]!, i32[SP_I32 + 1]!, 0, 16);
  const view = m.accessRegion.view;
  const fpLo = view.getInt32(sp, true), fpHi = view.getInt32(sp + 4, true);
  const lrLo = view.getInt32(sp + 8, true), lrHi = view.getInt32(sp + 12, true);
  raiseSp(m, 16);
  m.setFp(fpLo, fpHi);
  m.setLr(lrLo, lrHi);
}

const frameOps: OpHandlers = {
  push_frame: (m, _pc, next) => {
    push64(m, LR_I32);
    push64(m, FP_I32);
    m.setFp(m.i32[SP_I32]!, m.i32[SP_I32 + 1]!);
    return next;
  },
  pop_frame: (m, _pc, next) => {
    popFrame(m);
    return next;
  },
  push_frame_save: (m, pc, next) => {
    const view = m.codeView, i32 = m.i32;
    const amt = view.getUint16(pc + FRAME_AMT, true);
    const regs = view.getUint16(pc + FRAME_REGS, true);
    const full = amt + 16;
    lowerSp(m, full);
    const spLo = i32[SP_I32]!, spHi = i32[SP_I32 + 1]!;
    // One check for the whole frame, then plain stores: lr and fp at its top, as push_frame
    // would place them, and the saved registers below fp, lowest register first.
    const at = m.resolve(spLo, spHi, 0, full);
    const stack = m.accessRegion.view;
    stack.setInt32(at + full - 8, i32[LR_I32]!, true);
    stack.setInt32(at + full - 4, i32[LR_I32 + 1]!, true);
    stack.setInt32(at + full - 16, i32[FP_I32]!, true);
    stack.setInt32(at + full - 12, i32[FP_I32 + 1]!, true);
    m.setFp(spLo + amt, spHi); // cannot carry: lowerSp just made room for amt bytes
    let offset = at + amt;
    for (let bit = 0; bit < 16; bit++) {
      if ((regs & (1 << bit)) === 0) continue;
      if (offset - 8 < at) throw new TrapSignal(TrapKind.MemoryOutOfBounds, 'push_frame_save: registers do not fit in the frame');
      offset -= 8;
      const reg = X_I32 + 2 * (16 + bit);
      stack.setInt32(offset, i32[reg]!, true);
      stack.setInt32(offset + 4, i32[reg + 1]!, true);
    }
    return next;
  },
  pop_frame_restore: (m, pc, next) => {
    const view = m.codeView, i32 = m.i32;
    const amt = view.getUint16(pc + FRAME_AMT, true);
    const regs = view.getUint16(pc + FRAME_REGS, true);
    if (regs !== 0) {
      const at = m.resolve(i32[SP_I32]!, i32[SP_I32 + 1]!, 0, amt);
      const stack = m.accessRegion.view;
      let offset = at + amt;
      for (let bit = 0; bit < 16; bit++) {
        if ((regs & (1 << bit)) === 0) continue;
        if (offset - 8 < at) throw new TrapSignal(TrapKind.MemoryOutOfBounds, 'pop_frame_restore: registers do not fit in the frame');
        offset -= 8;
        const reg = X_I32 + 2 * (16 + bit);
        i32[reg] = stack.getInt32(offset, true);
        i32[reg + 1] = stack.getInt32(offset + 4, true);
      }
    }
    popFrame(m);
    return next;
  },
  stack_alloc32: (m, pc, next) => {
    lowerSp(m, m.codeView.getUint32(pc + STACK_ALLOC_AMT, true));
    return next;
  },
  stack_free32: (m, pc, next) => {
    raiseSp(m, m.codeView.getUint32(pc + STACK_FREE_AMT, true));
    return next;
  },
  xmov_fp: (m, pc, next) => {
    m.i64[m.code[pc + XMOV_FP_DST]!] = m.i64[FP_I32 / 2]!;
    return next;
  },
  xmov_lr: (m, pc, next) => {
    m.i64[m.code[pc + XMOV_LR_DST]!] = m.i64[LR_I32 / 2]!;
    return next;
  },
};

export const controlOps: OpHandlers = { ...branchOps, ...callOps, ...frameOps };
