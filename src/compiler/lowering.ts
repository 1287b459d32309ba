// Which Pulley op implements each plain wasm numeric instruction: the one place the
// compiler pairs wasm op names with Pulley mnemonics. Ops needing more than a table
// lookup (control, memory, calls, comparisons fused into branches) are in function.ts.

import { opByMnemonic, type OpInfo } from '../isa/ops.js';

/** A wasm binary op done by one Pulley op, optionally with immediate forms for a constant rhs. */
export interface BinaryLowering {
  readonly op: OpInfo;
  /** Register class of the operands: 'x' or 'f'. */
  readonly cls: 'x' | 'f';
  /** Immediate forms: small (u8/i8) and wide (u32/i32), and whether the immediate is signed. */
  readonly imm8?: OpInfo;
  readonly imm32?: OpInfo;
  readonly immSigned?: boolean;
  /** For shifts: the u6 immediate form (the amount is masked to the width). */
  readonly immU6?: OpInfo;
  /** Operands swapped (gt = lt with the operands exchanged). */
  readonly swap?: boolean;
  /** The result is an x register even though the operands are f (float comparisons). */
  readonly resultX?: boolean;
}

export interface UnaryLowering {
  readonly op: OpInfo;
  readonly src: 'x' | 'f';
  readonly dst: 'x' | 'f';
}

const BINARY: Record<string, BinaryLowering> = {};
const UNARY: Record<string, UnaryLowering> = {};

function bin(wasm: string, pulley: string, cls: 'x' | 'f', extra: Partial<Record<'imm8' | 'imm32' | 'immU6', string>> & { signed?: boolean; swap?: boolean; resultX?: boolean } = {}): void {
  BINARY[wasm] = {
    op: opByMnemonic(pulley), cls,
    imm8: extra.imm8 ? opByMnemonic(extra.imm8) : undefined,
    imm32: extra.imm32 ? opByMnemonic(extra.imm32) : undefined,
    immSigned: extra.signed,
    immU6: extra.immU6 ? opByMnemonic(extra.immU6) : undefined,
    swap: extra.swap, resultX: extra.resultX,
  };
}
function un(wasm: string, pulley: string, src: 'x' | 'f', dst: 'x' | 'f'): void {
  UNARY[wasm] = { op: opByMnemonic(pulley), src, dst };
}

for (const w of [32, 64] as const) {
  const t = `i${w}`;
  bin(`${t}.add`, `xadd${w}`, 'x', { imm8: `xadd${w}_u8`, imm32: `xadd${w}_u32`, signed: false });
  bin(`${t}.sub`, `xsub${w}`, 'x', { imm8: `xsub${w}_u8`, imm32: `xsub${w}_u32`, signed: false });
  bin(`${t}.mul`, `xmul${w}`, 'x', { imm8: `xmul${w}_s8`, imm32: `xmul${w}_s32`, signed: true });
  bin(`${t}.and`, `xband${w}`, 'x', { imm8: `xband${w}_s8`, imm32: `xband${w}_s32`, signed: true });
  bin(`${t}.or`, `xbor${w}`, 'x', { imm8: `xbor${w}_s8`, imm32: `xbor${w}_s32`, signed: true });
  bin(`${t}.xor`, `xbxor${w}`, 'x', { imm8: `xbxor${w}_s8`, imm32: `xbxor${w}_s32`, signed: true });
  bin(`${t}.div_s`, `xdiv${w}_s`, 'x');
  bin(`${t}.div_u`, `xdiv${w}_u`, 'x');
  bin(`${t}.rem_s`, `xrem${w}_s`, 'x');
  bin(`${t}.rem_u`, `xrem${w}_u`, 'x');
  bin(`${t}.shl`, `xshl${w}`, 'x', { immU6: `xshl${w}_u6` });
  bin(`${t}.shr_s`, `xshr${w}_s`, 'x', { immU6: `xshr${w}_s_u6` });
  bin(`${t}.shr_u`, `xshr${w}_u`, 'x', { immU6: `xshr${w}_u_u6` });
  bin(`${t}.rotl`, `xrotl${w}`, 'x');
  bin(`${t}.rotr`, `xrotr${w}`, 'x');
  un(`${t}.clz`, `xclz${w}`, 'x', 'x');
  un(`${t}.ctz`, `xctz${w}`, 'x', 'x');
  un(`${t}.popcnt`, `xpopcnt${w}`, 'x', 'x');
  un(`${t}.extend8_s`, 'sext8', 'x', 'x');
  un(`${t}.extend16_s`, 'sext16', 'x', 'x');

  const f = `f${w}`;
  bin(`${f}.add`, `fadd${w}`, 'f');
  bin(`${f}.sub`, `fsub${w}`, 'f');
  bin(`${f}.mul`, `fmul${w}`, 'f');
  bin(`${f}.div`, `fdiv${w}`, 'f');
  bin(`${f}.min`, `fminimum${w}`, 'f');
  bin(`${f}.max`, `fmaximum${w}`, 'f');
  bin(`${f}.copysign`, `fcopysign${w}`, 'f');
  for (const [name, op] of [['abs', 'fabs'], ['neg', 'fneg'], ['ceil', 'fceil'], ['floor', 'ffloor'],
    ['trunc', 'ftrunc'], ['nearest', 'fnearest'], ['sqrt', 'fsqrt']] as const) {
    un(`${f}.${name}`, `${op}${w}`, 'f', 'f');
  }
  bin(`${f}.eq`, `feq${w}`, 'f', { resultX: true });
  bin(`${f}.ne`, `fneq${w}`, 'f', { resultX: true });
  bin(`${f}.lt`, `flt${w}`, 'f', { resultX: true });
  bin(`${f}.le`, `flteq${w}`, 'f', { resultX: true });
  bin(`${f}.gt`, `flt${w}`, 'f', { resultX: true, swap: true });
  bin(`${f}.ge`, `flteq${w}`, 'f', { resultX: true, swap: true });

  for (const s of ['s', 'u'] as const) {
    for (const fw of [32, 64] as const) {
      un(`${t}.trunc_f${fw}_${s}`, `x${w}_from_f${fw}_${s}`, 'f', 'x');
      un(`${t}.trunc_sat_f${fw}_${s}`, `x${w}_from_f${fw}_${s}_sat`, 'f', 'x');
      un(`f${fw}.convert_${t}_${s}`, `f${fw}_from_x${w}_${s}`, 'x', 'f');
    }
  }
}
un('i64.extend32_s', 'sext32', 'x', 'x');
un('i64.extend_i32_s', 'sext32', 'x', 'x');
un('i64.extend_i32_u', 'zext32', 'x', 'x');
un('i32.wrap_i64', 'xmov', 'x', 'x');
un('f32.demote_f64', 'f32_from_f64', 'f', 'f');
un('f64.promote_f32', 'f64_from_f32', 'f', 'f');
un('i32.reinterpret_f32', 'bitcast_int_from_float_32', 'f', 'x');
un('i64.reinterpret_f64', 'bitcast_int_from_float_64', 'f', 'x');
un('f32.reinterpret_i32', 'bitcast_float_from_int_32', 'x', 'f');
un('f64.reinterpret_i64', 'bitcast_float_from_int_64', 'x', 'f');

export const BINARY_LOWERINGS: Readonly<Record<string, BinaryLowering>> = BINARY;
export const UNARY_LOWERINGS: Readonly<Record<string, UnaryLowering>> = UNARY;

/** Integer comparison conditions; `compare` names the materializing op (register forms only). */
export type Cond = 'eq' | 'ne' | 'slt' | 'sle' | 'sgt' | 'sge' | 'ult' | 'ule' | 'ugt' | 'uge';

export const NEGATED: Readonly<Record<Cond, Cond>> = {
  eq: 'ne', ne: 'eq', slt: 'sge', sge: 'slt', sle: 'sgt', sgt: 'sle', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule',
};
/** The condition with its operands exchanged: a < b  ⇔  b > a. */
export const SWAPPED: Readonly<Record<Cond, Cond>> = {
  eq: 'eq', ne: 'ne', slt: 'sgt', sgt: 'slt', sle: 'sge', sge: 'sle', ult: 'ugt', ugt: 'ult', ule: 'uge', uge: 'ule',
};

/** wasm comparison op name suffix → condition. */
export const WASM_COND: Readonly<Record<string, Cond>> = {
  eq: 'eq', ne: 'ne', lt_s: 'slt', lt_u: 'ult', gt_s: 'sgt', gt_u: 'ugt', le_s: 'sle', le_u: 'ule', ge_s: 'sge', ge_u: 'uge',
};

// Pulley's mnemonic spellings of each condition.
const REG_NAME: Partial<Record<Cond, string>> = { eq: 'eq', ne: 'neq', slt: 'slt', sle: 'slteq', ult: 'ult', ule: 'ulteq' };
const IMM_NAME: Record<Cond, string> = {
  eq: 'eq', ne: 'neq', slt: 'slt', sgt: 'sgt', sle: 'slteq', sge: 'sgteq', ult: 'ult', ule: 'ulteq', ugt: 'ugt', uge: 'ugteq',
};
const UNSIGNED: Record<Cond, boolean> = {
  eq: false, ne: false, slt: false, sgt: false, sle: false, sge: false, ult: true, ule: true, ugt: true, uge: true,
};

/**
 * Compare-and-branch with two registers. Pulley has only eq/ne/lt/le forms, so gt/ge
 * come back with `swap` set: branch on (b, a).
 */
export function regBranch(cond: Cond, width: 32 | 64): { op: OpInfo; swap: boolean } {
  const direct = REG_NAME[cond];
  if (direct) return { op: opByMnemonic(`br_if_x${direct}${width}`), swap: false };
  return { op: opByMnemonic(`br_if_x${REG_NAME[SWAPPED[cond]]!}${width}`), swap: true };
}

/** Compare-with-immediate-and-branch for `value`, or undefined if it does not fit. */
export function immBranch(cond: Cond, width: 32 | 64, value: bigint): OpInfo | undefined {
  const unsigned = UNSIGNED[cond];
  // i32 immediates compare against the low 32 bits; the immediate is the operand's value.
  const v = width === 32 ? (unsigned ? BigInt.asUintN(32, value) : BigInt.asIntN(32, value)) : (unsigned ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value));
  let suffix: string | undefined;
  if (unsigned) suffix = v <= 0xffn ? 'u8' : v <= 0xffffffffn ? 'u32' : undefined;
  else suffix = v >= -128n && v <= 127n ? 'i8' : v >= -0x80000000n && v <= 0x7fffffffn ? 'i32' : undefined;
  if (suffix === undefined) return undefined;
  return opByMnemonic(`br_if_x${IMM_NAME[cond]}${width}_${suffix}`);
}

/** The materializing comparison op (register forms); gt/ge are lt/le swapped. */
export function compareOp(cond: Cond, width: 32 | 64): { op: OpInfo; swap: boolean } {
  const direct = REG_NAME[cond];
  if (direct) return { op: opByMnemonic(`x${direct}${width}`), swap: false };
  return { op: opByMnemonic(`x${REG_NAME[SWAPPED[cond]]!}${width}`), swap: true };
}

/** Memory accesses: wasm op → Pulley guarded op, register class, and a widening op for i64 narrow loads. */
export interface MemLowering {
  readonly g32: OpInfo;
  readonly o32: OpInfo;
  readonly cls: 'x' | 'f';
  readonly bytes: number;
  readonly store: boolean;
  readonly extend?: OpInfo;
}

const MEM: Record<string, MemLowering> = {};
function mem(wasm: string, pulley: string, cls: 'x' | 'f', bytes: number, store: boolean, extend?: string): void {
  MEM[wasm] = {
    g32: opByMnemonic(`${pulley}_g32`), o32: opByMnemonic(`${pulley}_o32`), cls, bytes, store,
    extend: extend ? opByMnemonic(extend) : undefined,
  };
}
mem('i32.load', 'xload32le', 'x', 4, false);
mem('i64.load', 'xload64le', 'x', 8, false);
mem('f32.load', 'fload32le', 'f', 4, false);
mem('f64.load', 'fload64le', 'f', 8, false);
mem('i32.load8_s', 'xload8_s32', 'x', 1, false);
mem('i32.load8_u', 'xload8_u32', 'x', 1, false);
mem('i32.load16_s', 'xload16le_s32', 'x', 2, false);
mem('i32.load16_u', 'xload16le_u32', 'x', 2, false);
mem('i64.load8_s', 'xload8_s32', 'x', 1, false, 'sext32');
mem('i64.load8_u', 'xload8_u32', 'x', 1, false, 'zext32');
mem('i64.load16_s', 'xload16le_s32', 'x', 2, false, 'sext32');
mem('i64.load16_u', 'xload16le_u32', 'x', 2, false, 'zext32');
mem('i64.load32_s', 'xload32le', 'x', 4, false, 'sext32');
mem('i64.load32_u', 'xload32le', 'x', 4, false, 'zext32');
mem('i32.store', 'xstore32le', 'x', 4, true);
mem('i64.store', 'xstore64le', 'x', 8, true);
mem('f32.store', 'fstore32le', 'f', 4, true);
mem('f64.store', 'fstore64le', 'f', 8, true);
mem('i32.store8', 'xstore8', 'x', 1, true);
mem('i32.store16', 'xstore16le', 'x', 2, true);
mem('i64.store8', 'xstore8', 'x', 1, true);
mem('i64.store16', 'xstore16le', 'x', 2, true);
mem('i64.store32', 'xstore32le', 'x', 4, true);

export const MEM_LOWERINGS: Readonly<Record<string, MemLowering>> = MEM;
