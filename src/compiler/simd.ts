// WebAssembly SIMD (the 0xfd ops) → Pulley vector ops. Most wasm ops are one Pulley op
// (SIMD_BINARY / SIMD_UNARY); the rest are short sequences through the V_TEMPS
// registers. Facts about the pairings follow Cranelift's Pulley lowering: gt/ge are lt/le
// with the operands swapped, extmul is widen + mul, dot is widen + mul + pairwise add,
// the narrowing float→int conversions saturate to i64 then narrow against zero.
//
// Every sequence reads all its operands before it writes the result register (that may
// be a local's register the next local.set was folded into, and an operand may be that
// local): intermediate values go to V_TEMPS, X_SCRATCH2 and F_SCRATCH2 only.

import type { BytecodeWriter } from '../isa/encode.js';
import { opByMnemonic, type OpInfo } from '../isa/ops.js';
import { Operator, OperatorReader } from '../wasm/operators.js';
import { SIMD_PREFIX } from '../wasm/opcodes.js';
import { F32, F64, I32, I64, V128, type ValType, type WasmModule } from '../wasm/types.js';
import { REG_HEAP_BASE, REG_HEAP_BOUND } from './abi.js';
import { F_SCRATCH1, V_SCRATCH1, V_SCRATCH2, V_TEMPS, X_SCRATCH1, X_SCRATCH2, type RegClass } from './frame.js';

/** The parts of the function compiler a SIMD lowering uses. */
export interface SimdHost {
  readonly w: BytecodeWriter;
  readonly bytes: Uint8Array;
  /** Current operand-stack height. */
  sp(): number;
  /** A register holding stack entry d (its home, its local's register, or `scratch` loaded). */
  use(d: number, scratch: number): number;
  /** Where to compute a result that will sit at depth d. */
  resultReg(d: number, cls: RegClass): { reg: number; local: number; tee: boolean };
  /** Pops to `height`, then pushes the result computed into `dst`. */
  finish(height: number, type: ValType, dst: { reg: number; local: number; tee: boolean }): void;
  pushConst(type: ValType, value: bigint): void;
  popTo(height: number): void;
  /** Bounds-checkable address operands (see FunctionCompiler.heapAddress); clobbers X_SCRATCH1. */
  heapAddress(addr: number, offset: number, bytes: number): { reg: number; offset: number };
  fail(reason: string, offset: number): never;
}

const op = opByMnemonic;
const [T1, T2, T3] = V_TEMPS;

interface OneOp { readonly op: OpInfo; readonly swap: boolean }
/** wasm `vv:v` ops done by one Pulley op (optionally with the operands swapped). */
const SIMD_BINARY: Record<string, OneOp> = {};
/** wasm `v:v` ops done by one Pulley op. */
const SIMD_UNARY: Record<string, OpInfo> = {};
const bin = (wasm: string, pulley: string, swap = false): void => { SIMD_BINARY[wasm] = { op: op(pulley), swap }; };
const un = (wasm: string, pulley: string): void => { SIMD_UNARY[wasm] = op(pulley); };

bin('v128.and', 'vband128'); bin('v128.or', 'vbor128'); bin('v128.xor', 'vbxor128'); un('v128.not', 'vbnot128');
bin('i8x16.swizzle', 'vswizzlei8x16');

const INT_SHAPES = [['i8x16', '8x16'], ['i16x8', '16x8'], ['i32x4', '32x4'], ['i64x2', '64x2']] as const;
for (const [shape, suffix] of INT_SHAPES) {
  bin(`${shape}.add`, `vaddi${suffix}`);
  bin(`${shape}.sub`, `vsubi${suffix}`);
  un(`${shape}.abs`, `vabs${suffix}`);
  un(`${shape}.neg`, `vneg${suffix}`);
  bin(`${shape}.eq`, `veq${suffix}`);
  bin(`${shape}.ne`, `vneq${suffix}`);
  bin(`${shape}.lt_s`, `vslt${suffix}`);
  bin(`${shape}.gt_s`, `vslt${suffix}`, true);
  bin(`${shape}.le_s`, `vslteq${suffix}`);
  bin(`${shape}.ge_s`, `vslteq${suffix}`, true);
  if (shape !== 'i64x2') {
    bin(`${shape}.lt_u`, `vult${suffix}`);
    bin(`${shape}.gt_u`, `vult${suffix}`, true);
    bin(`${shape}.le_u`, `vulteq${suffix}`);
    bin(`${shape}.ge_u`, `vulteq${suffix}`, true);
    for (const m of ['min', 'max']) for (const s of ['s', 'u']) bin(`${shape}.${m}_${s}`, `v${m}${suffix}_${s}`);
  }
  if (shape !== 'i8x16') bin(`${shape}.mul`, `vmuli${suffix}`);
}
for (const [shape, suffix] of [['i8x16', '8x16'], ['i16x8', '16x8']] as const) {
  bin(`${shape}.add_sat_s`, `vaddi${suffix}_sat`);
  bin(`${shape}.add_sat_u`, `vaddu${suffix}_sat`);
  bin(`${shape}.sub_sat_s`, `vsubi${suffix}_sat`);
  bin(`${shape}.sub_sat_u`, `vsubu${suffix}_sat`);
  bin(`${shape}.avgr_u`, `vavground${suffix}`);
}
un('i8x16.popcnt', 'vpopcnt8x16');
bin('i16x8.q15mulr_sat_s', 'vqmulrsi16x8');
bin('i8x16.narrow_i16x8_s', 'vnarrow16x8_s'); bin('i8x16.narrow_i16x8_u', 'vnarrow16x8_u');
bin('i16x8.narrow_i32x4_s', 'vnarrow32x4_s'); bin('i16x8.narrow_i32x4_u', 'vnarrow32x4_u');
for (const [wide, narrow, suffix] of [['i16x8', 'i8x16', '8x16'], ['i32x4', 'i16x8', '16x8'], ['i64x2', 'i32x4', '32x4']] as const) {
  for (const half of ['low', 'high']) for (const s of ['s', 'u']) un(`${wide}.extend_${half}_${narrow}_${s}`, `vwiden${half}${suffix}_${s}`);
}
for (const [shape, bits] of [['f32x4', '32x4'], ['f64x2', '64x2']] as const) {
  for (const name of ['add', 'sub', 'mul', 'div']) bin(`${shape}.${name}`, `v${name}f${bits}`);
  bin(`${shape}.min`, `vminimumf${bits}`);
  bin(`${shape}.max`, `vmaximumf${bits}`);
  for (const name of ['ceil', 'floor', 'trunc', 'nearest', 'sqrt']) un(`${shape}.${name}`, `v${name}${bits}`);
  un(`${shape}.abs`, `vabsf${bits}`);
  un(`${shape}.neg`, `vnegf${bits}`);
  bin(`${shape}.eq`, `veqf${bits}`);
  bin(`${shape}.ne`, `vneqf${bits}`);
  bin(`${shape}.lt`, `vltf${bits}`);
  bin(`${shape}.gt`, `vltf${bits}`, true);
  bin(`${shape}.le`, `vlteqf${bits}`);
  bin(`${shape}.ge`, `vlteqf${bits}`, true);
}
un('f32x4.convert_i32x4_s', 'vf32x4_from_i32x4_s'); un('f32x4.convert_i32x4_u', 'vf32x4_from_i32x4_u');
un('i32x4.trunc_sat_f32x4_s', 'vi32x4_from_f32x4_s'); un('i32x4.trunc_sat_f32x4_u', 'vi32x4_from_f32x4_u');
un('f32x4.demote_f64x2_zero', 'vfdemote'); un('f64x2.promote_low_f32x4', 'vfpromotelow');

/** extadd_pairwise: widen the low and high halves, then add adjacent lanes of the two. */
interface Pairwise { widenLow: OpInfo; widenHigh: OpInfo; add: OpInfo }
const PAIRWISE: Record<string, Pairwise> = {};
for (const s of ['s', 'u']) {
  PAIRWISE[`i16x8.extadd_pairwise_i8x16_${s}`] = { widenLow: op(`vwidenlow8x16_${s}`), widenHigh: op(`vwidenhigh8x16_${s}`), add: op('vaddpairwisei16x8_s') };
  PAIRWISE[`i32x4.extadd_pairwise_i16x8_${s}`] = { widenLow: op(`vwidenlow16x8_${s}`), widenHigh: op(`vwidenhigh16x8_${s}`), add: op('vaddpairwisei32x4_s') };
}

/** extmul: widen both operands' low (or high) halves, multiply. */
const EXTMUL: Record<string, { widen: OpInfo; mul: OpInfo }> = {};
for (const [wide, narrow, suffix, mulSuffix] of [['i16x8', 'i8x16', '8x16', '16x8'], ['i32x4', 'i16x8', '16x8', '32x4'], ['i64x2', 'i32x4', '32x4', '64x2']] as const) {
  for (const half of ['low', 'high']) for (const s of ['s', 'u']) {
    EXTMUL[`${wide}.extmul_${half}_${narrow}_${s}`] = { widen: op(`vwiden${half}${suffix}_${s}`), mul: op(`vmuli${mulSuffix}`) };
  }
}

const SHIFTS: Record<string, OpInfo> = {};
for (const [shape, suffix] of INT_SHAPES) {
  SHIFTS[`${shape}.shl`] = op(`vshli${suffix}`);
  SHIFTS[`${shape}.shr_s`] = op(`vshri${suffix}_s`);
  SHIFTS[`${shape}.shr_u`] = op(`vshri${suffix}_u`);
}

/** v:i reductions. */
const TO_SCALAR: Record<string, OpInfo> = { 'v128.any_true': op('vanytrue8x16') };
for (const [shape, suffix] of INT_SHAPES) {
  TO_SCALAR[`${shape}.all_true`] = op(`valltrue${suffix}`);
  TO_SCALAR[`${shape}.bitmask`] = op(`vbitmask${suffix}`);
}

const SPLAT: Record<string, { op: OpInfo; cls: RegClass }> = {
  'i8x16.splat': { op: op('vsplatx8'), cls: 'x' }, 'i16x8.splat': { op: op('vsplatx16'), cls: 'x' },
  'i32x4.splat': { op: op('vsplatx32'), cls: 'x' }, 'i64x2.splat': { op: op('vsplatx64'), cls: 'x' },
  'f32x4.splat': { op: op('vsplatf32'), cls: 'f' }, 'f64x2.splat': { op: op('vsplatf64'), cls: 'f' },
};

/** extract_lane: the Pulley extract (zero-extending), then a sign extension for _s. */
const EXTRACT: Record<string, { op: OpInfo; type: ValType; sext?: OpInfo }> = {
  'i8x16.extract_lane_s': { op: op('xextractv8x16'), type: I32, sext: op('sext8') },
  'i8x16.extract_lane_u': { op: op('xextractv8x16'), type: I32 },
  'i16x8.extract_lane_s': { op: op('xextractv16x8'), type: I32, sext: op('sext16') },
  'i16x8.extract_lane_u': { op: op('xextractv16x8'), type: I32 },
  'i32x4.extract_lane': { op: op('xextractv32x4'), type: I32 },
  'i64x2.extract_lane': { op: op('xextractv64x2'), type: I64 },
  'f32x4.extract_lane': { op: op('fextractv32x4'), type: F32 },
  'f64x2.extract_lane': { op: op('fextractv64x2'), type: F64 },
};
const REPLACE: Record<string, { op: OpInfo; cls: RegClass }> = {
  'i8x16.replace_lane': { op: op('vinsertx8'), cls: 'x' }, 'i16x8.replace_lane': { op: op('vinsertx16'), cls: 'x' },
  'i32x4.replace_lane': { op: op('vinsertx32'), cls: 'x' }, 'i64x2.replace_lane': { op: op('vinsertx64'), cls: 'x' },
  'f32x4.replace_lane': { op: op('vinsertf32'), cls: 'f' }, 'f64x2.replace_lane': { op: op('vinsertf64'), cls: 'f' },
};

/** Scalar bounds-checked loads and stores by access width, and the lane insert/extract of that width. */
const SCALAR_LOAD: Record<number, OpInfo> = { 1: op('xload8_u32_g32'), 2: op('xload16le_u32_g32'), 4: op('xload32le_g32'), 8: op('xload64le_g32') };
const SCALAR_STORE: Record<number, OpInfo> = { 1: op('xstore8_g32'), 2: op('xstore16le_g32'), 4: op('xstore32le_g32'), 8: op('xstore64le_g32') };
const INSERT_X: Record<number, OpInfo> = { 1: op('vinsertx8'), 2: op('vinsertx16'), 4: op('vinsertx32'), 8: op('vinsertx64') };
const EXTRACT_X: Record<number, OpInfo> = { 1: op('xextractv8x16'), 2: op('xextractv16x8'), 4: op('xextractv32x4'), 8: op('xextractv64x2') };
const SPLAT_X: Record<number, OpInfo> = { 1: op('vsplatx8'), 2: op('vsplatx16'), 4: op('vsplatx32'), 8: op('vsplatx64') };
/** load8x8_s etc.: a 64-bit load, splat, widen the low half. */
const LOAD_EXTEND: Record<string, OpInfo> = {};
for (const [name, suffix] of [['8x8', '8x16'], ['16x4', '16x8'], ['32x2', '32x4']] as const) {
  for (const s of ['s', 'u']) LOAD_EXTEND[`v128.load${name}_${s}`] = op(`vwidenlow${suffix}_${s}`);
}

const VLOAD = op('vload128le_g32'), VSTORE = op('vstore128le_g32'), VCONST = op('vconst128');
const VBNOT = op('vbnot128'), VBAND = op('vband128'), VBITSELECT = op('vbitselect128'), VSHUFFLE = op('vshuffle');
const PMIN_MAX: Record<string, OpInfo> = {
  'f32x4.pmin': op('vltf32x4'), 'f32x4.pmax': op('vltf32x4'), 'f64x2.pmin': op('vltf64x2'), 'f64x2.pmax': op('vltf64x2'),
};
const DOT_WIDEN_LOW = op('vwidenlow16x8_s'), DOT_WIDEN_HIGH = op('vwidenhigh16x8_s');
const DOT_MUL = op('vmuli32x4'), DOT_ADD = op('vaddpairwisei32x4_s');
const TRUNC_SAT_ZERO: Record<string, { convert: OpInfo; narrow: OpInfo }> = {
  'i32x4.trunc_sat_f64x2_s_zero': { convert: op('vi64x2_from_f64x2_s'), narrow: op('vnarrow64x2_s') },
  'i32x4.trunc_sat_f64x2_u_zero': { convert: op('vi64x2_from_f64x2_u'), narrow: op('vunarrow64x2_u') },
};
const CONVERT_LOW: Record<string, { widen: OpInfo; convert: OpInfo }> = {
  'f64x2.convert_low_i32x4_s': { widen: op('vwidenlow32x4_s'), convert: op('vf64x2_from_i64x2_s') },
  'f64x2.convert_low_i32x4_u': { widen: op('vwidenlow32x4_u'), convert: op('vf64x2_from_i64x2_u') },
};

/** The 16 immediate bytes of v128.const / i8x16.shuffle as a little-endian u128. */
function immediate128(bytes: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]!);
  return v;
}

/** Emits code for one SIMD operator (already validated). */
export function compileSimd(h: SimdHost, o: Operator): void {
  const name = o.info.name;
  const w = h.w;
  const top = h.sp() - 1;

  const one = SIMD_BINARY[name];
  if (one) {
    const a = top - 1;
    const dst = h.resultReg(a, 'v');
    let ra = h.use(a, V_SCRATCH1);
    let rb = h.use(top, V_SCRATCH2);
    if (one.swap) [ra, rb] = [rb, ra];
    w.emitFields(one.op, dst.reg, ra, rb);
    h.finish(a, V128, dst);
    return;
  }
  const unary = SIMD_UNARY[name];
  if (unary) {
    const dst = h.resultReg(top, 'v');
    w.emitFields(unary, dst.reg, h.use(top, V_SCRATCH1));
    h.finish(top, V128, dst);
    return;
  }
  if (name in SHIFTS) {
    const a = top - 1;
    const dst = h.resultReg(a, 'v');
    w.emitFields(SHIFTS[name]!, dst.reg, h.use(a, V_SCRATCH1), h.use(top, X_SCRATCH1));
    h.finish(a, V128, dst);
    return;
  }
  if (name in TO_SCALAR) {
    const dst = h.resultReg(top, 'x');
    w.emitFields(TO_SCALAR[name]!, dst.reg, h.use(top, V_SCRATCH1));
    h.finish(top, I32, dst);
    return;
  }
  if (name in SPLAT) {
    const s = SPLAT[name]!;
    const dst = h.resultReg(top, 'v');
    w.emitFields(s.op, dst.reg, h.use(top, s.cls === 'x' ? X_SCRATCH1 : F_SCRATCH1));
    h.finish(top, V128, dst);
    return;
  }
  if (name in EXTRACT) {
    const e = EXTRACT[name]!;
    const dst = h.resultReg(top, e.type === F32 || e.type === F64 ? 'f' : 'x');
    w.emitFields(e.op, dst.reg, h.use(top, V_SCRATCH1), o.lane);
    if (e.sext) w.emitFields(e.sext, dst.reg, dst.reg);
    h.finish(top, e.type, dst);
    return;
  }
  if (name in REPLACE) {
    const r = REPLACE[name]!;
    const a = top - 1;
    const dst = h.resultReg(a, 'v');
    w.emitFields(r.op, dst.reg, h.use(a, V_SCRATCH1), h.use(top, r.cls === 'x' ? X_SCRATCH1 : F_SCRATCH1), o.lane);
    h.finish(a, V128, dst);
    return;
  }
  if (name in PAIRWISE) {
    const p = PAIRWISE[name]!;
    const dst = h.resultReg(top, 'v');
    const ra = h.use(top, V_SCRATCH1);
    w.emitFields(p.widenLow, T1, ra);
    w.emitFields(p.widenHigh, T2, ra);
    w.emitFields(p.add, dst.reg, T1, T2);
    h.finish(top, V128, dst);
    return;
  }
  if (name in EXTMUL) {
    const e = EXTMUL[name]!;
    const a = top - 1;
    const dst = h.resultReg(a, 'v');
    w.emitFields(e.widen, T1, h.use(a, V_SCRATCH1));
    w.emitFields(e.widen, T2, h.use(top, V_SCRATCH2));
    w.emitFields(e.mul, dst.reg, T1, T2);
    h.finish(a, V128, dst);
    return;
  }
  if (name in PMIN_MAX) {
    // pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a.
    const a = top - 1;
    const dst = h.resultReg(a, 'v');
    const ra = h.use(a, V_SCRATCH1);
    const rb = h.use(top, V_SCRATCH2);
    if (name.endsWith('pmin')) w.emitFields(PMIN_MAX[name]!, T1, rb, ra);
    else w.emitFields(PMIN_MAX[name]!, T1, ra, rb);
    w.emitFields(VBITSELECT, dst.reg, T1, rb, ra);
    h.finish(a, V128, dst);
    return;
  }
  if (name in TRUNC_SAT_ZERO) {
    const t = TRUNC_SAT_ZERO[name]!;
    const dst = h.resultReg(top, 'v');
    w.emitFields(t.convert, T1, h.use(top, V_SCRATCH1));
    w.emitFields(VCONST, T2, 0n);
    w.emitFields(t.narrow, dst.reg, T1, T2);
    h.finish(top, V128, dst);
    return;
  }
  if (name in CONVERT_LOW) {
    const c = CONVERT_LOW[name]!;
    const dst = h.resultReg(top, 'v');
    w.emitFields(c.widen, T1, h.use(top, V_SCRATCH1));
    w.emitFields(c.convert, dst.reg, T1);
    h.finish(top, V128, dst);
    return;
  }
  switch (name) {
    case 'v128.const': h.pushConst(V128, immediate128(h.bytes, o.immOffset)); return;
    case 'i8x16.shuffle': {
      const a = top - 1;
      const dst = h.resultReg(a, 'v');
      w.emitFields(VSHUFFLE, dst.reg, h.use(a, V_SCRATCH1), h.use(top, V_SCRATCH2), immediate128(h.bytes, o.immOffset));
      h.finish(a, V128, dst);
      return;
    }
    case 'v128.andnot': {
      const a = top - 1;
      const dst = h.resultReg(a, 'v');
      const ra = h.use(a, V_SCRATCH1);
      w.emitFields(VBNOT, T1, h.use(top, V_SCRATCH2));
      w.emitFields(VBAND, dst.reg, ra, T1);
      h.finish(a, V128, dst);
      return;
    }
    case 'v128.bitselect': {
      // bitselect(v1, v2, c) = (v1 & c) | (v2 & ~c).
      const a = top - 2;
      const dst = h.resultReg(a, 'v');
      const v1 = h.use(a, V_SCRATCH1);
      const v2 = h.use(a + 1, V_SCRATCH2);
      const c = h.use(top, T1);
      w.emitFields(VBITSELECT, dst.reg, c, v1, v2);
      h.finish(a, V128, dst);
      return;
    }
    case 'i32x4.dot_i16x8_s': {
      const a = top - 1;
      const dst = h.resultReg(a, 'v');
      const ra = h.use(a, V_SCRATCH1);
      const rb = h.use(top, V_SCRATCH2);
      w.emitFields(DOT_WIDEN_LOW, T1, ra);
      w.emitFields(DOT_WIDEN_LOW, T2, rb);
      w.emitFields(DOT_MUL, T1, T1, T2);
      w.emitFields(DOT_WIDEN_HIGH, T2, ra);
      w.emitFields(DOT_WIDEN_HIGH, T3, rb);
      w.emitFields(DOT_MUL, T2, T2, T3);
      w.emitFields(DOT_ADD, dst.reg, T1, T2);
      h.finish(a, V128, dst);
      return;
    }
  }
  if (name.startsWith('v128.load') || name.startsWith('v128.store')) { memory(h, o, name); return; }
  h.fail(`the compiler does not handle ${name}`, o.offset);
}

/** v128 loads and stores; everything but whole-vector ones goes through a scalar *_g32 access. */
function memory(h: SimdHost, o: Operator, name: string): void {
  const w = h.w;
  const top = h.sp() - 1;
  const bytes = o.info.immArg;
  const g32 = (at: { reg: number; offset: number }): [number, number, number, number] => [REG_HEAP_BASE, REG_HEAP_BOUND, at.reg, at.offset];

  if (name === 'v128.store') {
    const val = h.use(top, V_SCRATCH1);
    const at = h.heapAddress(h.use(top - 1, X_SCRATCH1), o.memOffset, 16);
    w.emitFields(VSTORE, ...g32(at), val);
    h.popTo(top - 1);
    return;
  }
  if (name.startsWith('v128.store')) {
    // store{8,16,32,64}_lane: extract into X_SCRATCH2, scalar store.
    const val = h.use(top, V_SCRATCH1);
    w.emitFields(EXTRACT_X[bytes]!, X_SCRATCH2, val, o.lane);
    const at = h.heapAddress(h.use(top - 1, X_SCRATCH1), o.memOffset, bytes);
    w.emitFields(SCALAR_STORE[bytes]!, ...g32(at), X_SCRATCH2);
    h.popTo(top - 1);
    return;
  }
  if (name.endsWith('_lane')) {
    const a = top - 1;
    const dst = h.resultReg(a, 'v');
    const at = h.heapAddress(h.use(a, X_SCRATCH1), o.memOffset, bytes);
    w.emitFields(SCALAR_LOAD[bytes]!, X_SCRATCH2, ...g32(at));
    w.emitFields(INSERT_X[bytes]!, dst.reg, h.use(top, V_SCRATCH1), X_SCRATCH2, o.lane);
    h.finish(a, V128, dst);
    return;
  }
  // Loads with the address as their only operand: dst is written only after it is read.
  const dst = h.resultReg(top, 'v');
  const at = h.heapAddress(h.use(top, X_SCRATCH1), o.memOffset, bytes);
  if (name === 'v128.load') {
    w.emitFields(VLOAD, dst.reg, ...g32(at));
  } else {
    w.emitFields(SCALAR_LOAD[bytes]!, X_SCRATCH2, ...g32(at));
    if (name.endsWith('_splat')) {
      w.emitFields(SPLAT_X[bytes]!, dst.reg, X_SCRATCH2);
    } else if (name.endsWith('_zero')) {
      w.emitFields(VCONST, dst.reg, 0n);
      w.emitFields(INSERT_X[bytes]!, dst.reg, dst.reg, X_SCRATCH2, 0);
    } else {
      const widen = LOAD_EXTEND[name];
      if (!widen) h.fail(`the compiler does not handle ${name}`, o.offset);
      w.emitFields(SPLAT_X[8]!, dst.reg, X_SCRATCH2);
      w.emitFields(widen, dst.reg, dst.reg);
    }
  }
  h.finish(top, V128, dst);
}

const moduleHasV128 = new WeakMap<WasmModule, boolean>();

/**
 * Bytes per frame slot of a function: 16 when it may hold a v128 (a v128 local, a SIMD
 * op in its body, or a v128 in some signature or global of the module), else 8.
 */
export function slotBytesFor(module: WasmModule, body: { codeStart: number; end: number }, localTypes: readonly ValType[]): 8 | 16 {
  let any = moduleHasV128.get(module);
  if (any === undefined) {
    any = module.types.some((t) => t.params.includes(V128) || t.results.includes(V128))
      || module.globalTypes.some((g) => g.type === V128);
    moduleHasV128.set(module, any);
  }
  if (any || localTypes.includes(V128)) return 16;
  return module.bytes.subarray(body.codeStart, body.end).includes(SIMD_PREFIX) && hasSimdOp(module.bytes, body) ? 16 : 8;
}

/** Whether the body has a SIMD op (a 0xfd byte may also be part of an immediate). */
function hasSimdOp(bytes: Uint8Array, body: { codeStart: number; end: number }): boolean {
  const r = new OperatorReader(bytes, body.codeStart, body.end);
  const o = new Operator();
  try {
    while (!r.atEnd) {
      r.read(o);
      if (o.info.prefix === SIMD_PREFIX) return true;
    }
    return false;
  } catch {
    // Malformed: the compiling pass reports it; until then assume the worst.
    return true;
  }
}
