// Semantics of Pulley's scalar float ops (f registers) and the int/float conversions,
// bit-exact with pulley/src/interp.rs of Wasmtime 35 (all of them are extended ops).
//
// f register r: m.f64[F_F64 + r]; its f32 is m.f32[F_F32 + 2r] and its bit words are
// m.i32[F_I32 + 2r] (low) and m.i32[F_I32 + 2r + 1]. An f32 op writes only the low word,
// as Pulley's set_f32 does. Moves, selects, bitcasts, neg, abs and copysign go through
// the bit words, so they carry NaN payloads (and signalling NaNs) unchanged.
// Float32Array stores round the f64 result of + - * / sqrt once, which is exact for f32.
//
// NaN results get the bits the x86-64 host of the reference vectors gives, since they can
// reach memory: arithmetic returns its first NaN operand quieted, or the negative default
// NaN when no operand is NaN; trunc/floor/ceil/nearest return the positive canonical NaN.

import { opByMnemonic } from '../../src/isa/ops.js';
import { F_F32, F_F64, F_I32, type Machine } from '../machine.js';
import { binDst, binSrc1, binSrc2, type OpHandlers } from './handler.js';
import {
  F32_TO_I32, F32_TO_I64, F32_TO_U32, F32_TO_U64, F64_TO_I32, F64_TO_I64, F64_TO_U32, F64_TO_U64,
  i64ToF32, i64ToF64, maximum, minimum, nanResult32, nearest, setNaNResultWords64, setSaturatedI64,
  setSaturatedU64, truncChecked, truncSaturating, u64ToF32, u64ToF64,
} from './fmath.js';
import { setInt64FromNumber } from './int64.js';
import { demoteF64Bits, promoteF32Bits } from './vector-float-math.js';

// Byte offset of the first operand (from the op table); later operands are one byte each
// except the immediates of fconst32/64.
const A = opByMnemonic('fmov').operands[0]!.offset;

/** The BinaryOperands<FReg> u16. */
function bin(code: Uint8Array, pc: number): number {
  return code[pc + A] | (code[pc + A + 1] << 8);
}

const SIGN = -0x80000000;

/** f register d = the NaN x86-64 makes from f32 operands in registers s1, s2. */
function setNaNResult32(w: Int32Array, d: number, s1: number, s2: number): void {
  w[F_I32 + 2 * d] = nanResult32(w[F_I32 + 2 * s1], w[F_I32 + 2 * s2]);
}

/** f register d = the NaN x86-64 makes from f64 operands in registers s1, s2. */
function setNaNResult64(w: Int32Array, d: number, s1: number, s2: number): void {
  setNaNResultWords64(w, F_I32 + 2 * d, F_I32 + 2 * s1, F_I32 + 2 * s2);
}

/** Stores a rounded f32 (Rust's wasm_trunc & co. give the canonical NaN for any NaN). */
function setRounded32(m: Machine, d: number, r: number): void {
  if (r === r) m.f32[F_F32 + 2 * d] = r;
  else m.i32[F_I32 + 2 * d] = 0x7fc00000;
}

function setRounded64(m: Machine, d: number, r: number): void {
  if (r === r) m.f64[F_F64 + d] = r;
  else { m.i32[F_I32 + 2 * d] = 0; m.i32[F_I32 + 2 * d + 1] = 0x7ff80000; }
}

export const floatOps: OpHandlers = {
  // ## Moves, constants, bitcasts, selects
  fmov(m, pc, next) {
    const w = m.i32, d = F_I32 + 2 * m.code[pc + A], s = F_I32 + 2 * m.code[pc + A + 1];
    w[d] = w[s]; w[d + 1] = w[s + 1];
    return next;
  },
  fconst32(m, pc, next) {
    m.i32[F_I32 + 2 * m.code[pc + A]] = m.codeView.getInt32(pc + A + 1, true);
    return next;
  },
  fconst64(m, pc, next) {
    const d = F_I32 + 2 * m.code[pc + A];
    m.i32[d] = m.codeView.getInt32(pc + A + 1, true);
    m.i32[d + 1] = m.codeView.getInt32(pc + A + 5, true);
    return next;
  },
  bitcast_int_from_float_32(m, pc, next) {
    const w = m.i32;
    w[2 * m.code[pc + A]] = w[F_I32 + 2 * m.code[pc + A + 1]];
    return next;
  },
  bitcast_int_from_float_64(m, pc, next) {
    const w = m.i32, d = 2 * m.code[pc + A], s = F_I32 + 2 * m.code[pc + A + 1];
    w[d] = w[s]; w[d + 1] = w[s + 1];
    return next;
  },
  bitcast_float_from_int_32(m, pc, next) {
    const w = m.i32;
    w[F_I32 + 2 * m.code[pc + A]] = w[2 * m.code[pc + A + 1]];
    return next;
  },
  bitcast_float_from_int_64(m, pc, next) {
    const w = m.i32, d = F_I32 + 2 * m.code[pc + A], s = 2 * m.code[pc + A + 1];
    w[d] = w[s]; w[d + 1] = w[s + 1];
    return next;
  },
  fselect32(m, pc, next) {
    const c = m.code, w = m.i32;
    const s = w[2 * c[pc + A + 1]] !== 0 ? c[pc + A + 2] : c[pc + A + 3];
    w[F_I32 + 2 * c[pc + A]] = w[F_I32 + 2 * s];
    return next;
  },
  fselect64(m, pc, next) {
    const c = m.code, w = m.i32, d = F_I32 + 2 * c[pc + A];
    const s = F_I32 + 2 * (w[2 * c[pc + A + 1]] !== 0 ? c[pc + A + 2] : c[pc + A + 3]);
    w[d] = w[s]; w[d + 1] = w[s + 1];
    return next;
  },

  // ## Compares: 0/1 into the low word of an x register
  feq32(m, pc, next) {
    const c = m.code, f = m.f32;
    m.i32[2 * c[pc + A]] = f[F_F32 + 2 * c[pc + A + 1]] === f[F_F32 + 2 * c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  fneq32(m, pc, next) {
    const c = m.code, f = m.f32;
    m.i32[2 * c[pc + A]] = f[F_F32 + 2 * c[pc + A + 1]] !== f[F_F32 + 2 * c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  flt32(m, pc, next) {
    const c = m.code, f = m.f32;
    m.i32[2 * c[pc + A]] = f[F_F32 + 2 * c[pc + A + 1]] < f[F_F32 + 2 * c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  flteq32(m, pc, next) {
    const c = m.code, f = m.f32;
    m.i32[2 * c[pc + A]] = f[F_F32 + 2 * c[pc + A + 1]] <= f[F_F32 + 2 * c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  feq64(m, pc, next) {
    const c = m.code, f = m.f64;
    m.i32[2 * c[pc + A]] = f[F_F64 + c[pc + A + 1]] === f[F_F64 + c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  fneq64(m, pc, next) {
    const c = m.code, f = m.f64;
    m.i32[2 * c[pc + A]] = f[F_F64 + c[pc + A + 1]] !== f[F_F64 + c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  flt64(m, pc, next) {
    const c = m.code, f = m.f64;
    m.i32[2 * c[pc + A]] = f[F_F64 + c[pc + A + 1]] < f[F_F64 + c[pc + A + 2]] ? 1 : 0;
    return next;
  },
  flteq64(m, pc, next) {
    const c = m.code, f = m.f64;
    m.i32[2 * c[pc + A]] = f[F_F64 + c[pc + A + 1]] <= f[F_F64 + c[pc + A + 2]] ? 1 : 0;
    return next;
  },

  // ## Float <-> float, int -> float (each rounds once, to nearest even)
  // A NaN keeps its sign and the top of its payload and is quieted, as cvtsd2ss and
  // cvtss2sd do; built from the bits so no engine's NaN canonicalisation can interfere.
  f32_from_f64(m, pc, next) {
    const d = m.code[pc + A], s = m.code[pc + A + 1], v = m.f64[F_F64 + s], w = m.i32;
    if (v === v) m.f32[F_F32 + 2 * d] = v;
    else w[F_I32 + 2 * d] = demoteF64Bits(w[F_I32 + 2 * s], w[F_I32 + 2 * s + 1], v);
    return next;
  },
  f64_from_f32(m, pc, next) {
    const d = m.code[pc + A], s = m.code[pc + A + 1], v = m.f32[F_F32 + 2 * s], w = m.i32;
    if (v === v) m.f64[F_F64 + d] = v;
    else promoteF32Bits(w[F_I32 + 2 * s], w, F_I32 + 2 * d, v);
    return next;
  },
  f32_from_x32_s(m, pc, next) {
    m.f32[F_F32 + 2 * m.code[pc + A]] = m.i32[2 * m.code[pc + A + 1]];
    return next;
  },
  f32_from_x32_u(m, pc, next) {
    m.f32[F_F32 + 2 * m.code[pc + A]] = m.i32[2 * m.code[pc + A + 1]] >>> 0;
    return next;
  },
  f32_from_x64_s(m, pc, next) {
    const x = m.i32, s = m.code[pc + A + 1];
    m.f32[F_F32 + 2 * m.code[pc + A]] = i64ToF32(x[2 * s], x[2 * s + 1]);
    return next;
  },
  f32_from_x64_u(m, pc, next) {
    const x = m.i32, s = m.code[pc + A + 1];
    m.f32[F_F32 + 2 * m.code[pc + A]] = u64ToF32(x[2 * s], x[2 * s + 1]);
    return next;
  },
  f64_from_x32_s(m, pc, next) {
    m.f64[F_F64 + m.code[pc + A]] = m.i32[2 * m.code[pc + A + 1]];
    return next;
  },
  f64_from_x32_u(m, pc, next) {
    m.f64[F_F64 + m.code[pc + A]] = m.i32[2 * m.code[pc + A + 1]] >>> 0;
    return next;
  },
  f64_from_x64_s(m, pc, next) {
    const x = m.i32, s = m.code[pc + A + 1];
    m.f64[F_F64 + m.code[pc + A]] = i64ToF64(x[2 * s], x[2 * s + 1]);
    return next;
  },
  f64_from_x64_u(m, pc, next) {
    const x = m.i32, s = m.code[pc + A + 1];
    m.f64[F_F64 + m.code[pc + A]] = u64ToF64(x[2 * s], x[2 * s + 1]);
    return next;
  },

  // ## Float -> int, trapping: NaN is BadConversionToInteger, out of range IntegerOverflow
  x32_from_f32_s(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncChecked(m.f32[F_F32 + 2 * m.code[pc + A + 1]], F32_TO_I32);
    return next;
  },
  x32_from_f32_u(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncChecked(m.f32[F_F32 + 2 * m.code[pc + A + 1]], F32_TO_U32);
    return next;
  },
  x32_from_f64_s(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncChecked(m.f64[F_F64 + m.code[pc + A + 1]], F64_TO_I32);
    return next;
  },
  x32_from_f64_u(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncChecked(m.f64[F_F64 + m.code[pc + A + 1]], F64_TO_U32);
    return next;
  },
  x64_from_f32_s(m, pc, next) {
    setInt64FromNumber(m.i32, m.code[pc + A], truncChecked(m.f32[F_F32 + 2 * m.code[pc + A + 1]], F32_TO_I64));
    return next;
  },
  x64_from_f32_u(m, pc, next) {
    setInt64FromNumber(m.i32, m.code[pc + A], truncChecked(m.f32[F_F32 + 2 * m.code[pc + A + 1]], F32_TO_U64));
    return next;
  },
  x64_from_f64_s(m, pc, next) {
    setInt64FromNumber(m.i32, m.code[pc + A], truncChecked(m.f64[F_F64 + m.code[pc + A + 1]], F64_TO_I64));
    return next;
  },
  x64_from_f64_u(m, pc, next) {
    setInt64FromNumber(m.i32, m.code[pc + A], truncChecked(m.f64[F_F64 + m.code[pc + A + 1]], F64_TO_U64));
    return next;
  },

  // ## Float -> int, saturating (Rust's `as`)
  x32_from_f32_s_sat(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncSaturating(m.f32[F_F32 + 2 * m.code[pc + A + 1]], -2147483648, 2147483647);
    return next;
  },
  x32_from_f32_u_sat(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncSaturating(m.f32[F_F32 + 2 * m.code[pc + A + 1]], 0, 4294967295);
    return next;
  },
  x32_from_f64_s_sat(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncSaturating(m.f64[F_F64 + m.code[pc + A + 1]], -2147483648, 2147483647);
    return next;
  },
  x32_from_f64_u_sat(m, pc, next) {
    m.i32[2 * m.code[pc + A]] = truncSaturating(m.f64[F_F64 + m.code[pc + A + 1]], 0, 4294967295);
    return next;
  },
  x64_from_f32_s_sat(m, pc, next) {
    setSaturatedI64(m.i32, m.code[pc + A], m.f32[F_F32 + 2 * m.code[pc + A + 1]]);
    return next;
  },
  x64_from_f32_u_sat(m, pc, next) {
    setSaturatedU64(m.i32, m.code[pc + A], m.f32[F_F32 + 2 * m.code[pc + A + 1]]);
    return next;
  },
  x64_from_f64_s_sat(m, pc, next) {
    setSaturatedI64(m.i32, m.code[pc + A], m.f64[F_F64 + m.code[pc + A + 1]]);
    return next;
  },
  x64_from_f64_u_sat(m, pc, next) {
    setSaturatedU64(m.i32, m.code[pc + A], m.f64[F_F64 + m.code[pc + A + 1]]);
    return next;
  },

  // ## f32 arithmetic
  fadd32(m, pc, next) {
    const b = bin(m.code, pc), f = m.f32, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F32 + 2 * s1] + f[F_F32 + 2 * s2];
    if (r === r) f[F_F32 + 2 * binDst(b)] = r; else setNaNResult32(m.i32, binDst(b), s1, s2);
    return next;
  },
  fsub32(m, pc, next) {
    const b = bin(m.code, pc), f = m.f32, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F32 + 2 * s1] - f[F_F32 + 2 * s2];
    if (r === r) f[F_F32 + 2 * binDst(b)] = r; else setNaNResult32(m.i32, binDst(b), s1, s2);
    return next;
  },
  fmul32(m, pc, next) {
    const b = bin(m.code, pc), f = m.f32, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F32 + 2 * s1] * f[F_F32 + 2 * s2];
    if (r === r) f[F_F32 + 2 * binDst(b)] = r; else setNaNResult32(m.i32, binDst(b), s1, s2);
    return next;
  },
  fdiv32(m, pc, next) {
    const b = bin(m.code, pc), f = m.f32, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F32 + 2 * s1] / f[F_F32 + 2 * s2];
    if (r === r) f[F_F32 + 2 * binDst(b)] = r; else setNaNResult32(m.i32, binDst(b), s1, s2);
    return next;
  },
  fmaximum32(m, pc, next) {
    const b = bin(m.code, pc), f = m.f32, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = maximum(f[F_F32 + 2 * s1], f[F_F32 + 2 * s2]);
    if (r === r) f[F_F32 + 2 * binDst(b)] = r; else setNaNResult32(m.i32, binDst(b), s1, s2);
    return next;
  },
  fminimum32(m, pc, next) {
    const b = bin(m.code, pc), f = m.f32, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = minimum(f[F_F32 + 2 * s1], f[F_F32 + 2 * s2]);
    if (r === r) f[F_F32 + 2 * binDst(b)] = r; else setNaNResult32(m.i32, binDst(b), s1, s2);
    return next;
  },
  fcopysign32(m, pc, next) {
    const b = bin(m.code, pc), w = m.i32;
    w[F_I32 + 2 * binDst(b)] = (w[F_I32 + 2 * binSrc1(b)] & 0x7fffffff) | (w[F_I32 + 2 * binSrc2(b)] & SIGN);
    return next;
  },
  ftrunc32(m, pc, next) {
    setRounded32(m, m.code[pc + A], Math.trunc(m.f32[F_F32 + 2 * m.code[pc + A + 1]]));
    return next;
  },
  ffloor32(m, pc, next) {
    setRounded32(m, m.code[pc + A], Math.floor(m.f32[F_F32 + 2 * m.code[pc + A + 1]]));
    return next;
  },
  fceil32(m, pc, next) {
    setRounded32(m, m.code[pc + A], Math.ceil(m.f32[F_F32 + 2 * m.code[pc + A + 1]]));
    return next;
  },
  fnearest32(m, pc, next) {
    setRounded32(m, m.code[pc + A], nearest(m.f32[F_F32 + 2 * m.code[pc + A + 1]]));
    return next;
  },
  fsqrt32(m, pc, next) {
    const d = m.code[pc + A], s = m.code[pc + A + 1], r = Math.sqrt(m.f32[F_F32 + 2 * s]);
    if (r === r) m.f32[F_F32 + 2 * d] = r; else setNaNResult32(m.i32, d, s, s);
    return next;
  },
  fneg32(m, pc, next) {
    const w = m.i32;
    w[F_I32 + 2 * m.code[pc + A]] = w[F_I32 + 2 * m.code[pc + A + 1]] ^ SIGN;
    return next;
  },
  fabs32(m, pc, next) {
    const w = m.i32;
    w[F_I32 + 2 * m.code[pc + A]] = w[F_I32 + 2 * m.code[pc + A + 1]] & 0x7fffffff;
    return next;
  },

  // ## f64 arithmetic
  fadd64(m, pc, next) {
    const b = bin(m.code, pc), f = m.f64, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F64 + s1] + f[F_F64 + s2];
    if (r === r) f[F_F64 + binDst(b)] = r; else setNaNResult64(m.i32, binDst(b), s1, s2);
    return next;
  },
  fsub64(m, pc, next) {
    const b = bin(m.code, pc), f = m.f64, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F64 + s1] - f[F_F64 + s2];
    if (r === r) f[F_F64 + binDst(b)] = r; else setNaNResult64(m.i32, binDst(b), s1, s2);
    return next;
  },
  fmul64(m, pc, next) {
    const b = bin(m.code, pc), f = m.f64, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F64 + s1] * f[F_F64 + s2];
    if (r === r) f[F_F64 + binDst(b)] = r; else setNaNResult64(m.i32, binDst(b), s1, s2);
    return next;
  },
  fdiv64(m, pc, next) {
    const b = bin(m.code, pc), f = m.f64, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = f[F_F64 + s1] / f[F_F64 + s2];
    if (r === r) f[F_F64 + binDst(b)] = r; else setNaNResult64(m.i32, binDst(b), s1, s2);
    return next;
  },
  fmaximum64(m, pc, next) {
    const b = bin(m.code, pc), f = m.f64, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = maximum(f[F_F64 + s1], f[F_F64 + s2]);
    if (r === r) f[F_F64 + binDst(b)] = r; else setNaNResult64(m.i32, binDst(b), s1, s2);
    return next;
  },
  fminimum64(m, pc, next) {
    const b = bin(m.code, pc), f = m.f64, s1 = binSrc1(b), s2 = binSrc2(b);
    const r = minimum(f[F_F64 + s1], f[F_F64 + s2]);
    if (r === r) f[F_F64 + binDst(b)] = r; else setNaNResult64(m.i32, binDst(b), s1, s2);
    return next;
  },
  fcopysign64(m, pc, next) {
    const b = bin(m.code, pc), w = m.i32;
    const d = F_I32 + 2 * binDst(b), s1 = F_I32 + 2 * binSrc1(b), s2 = F_I32 + 2 * binSrc2(b);
    const hi = (w[s1 + 1] & 0x7fffffff) | (w[s2 + 1] & SIGN);
    w[d] = w[s1]; w[d + 1] = hi;
    return next;
  },
  ftrunc64(m, pc, next) {
    setRounded64(m, m.code[pc + A], Math.trunc(m.f64[F_F64 + m.code[pc + A + 1]]));
    return next;
  },
  ffloor64(m, pc, next) {
    setRounded64(m, m.code[pc + A], Math.floor(m.f64[F_F64 + m.code[pc + A + 1]]));
    return next;
  },
  fceil64(m, pc, next) {
    setRounded64(m, m.code[pc + A], Math.ceil(m.f64[F_F64 + m.code[pc + A + 1]]));
    return next;
  },
  fnearest64(m, pc, next) {
    setRounded64(m, m.code[pc + A], nearest(m.f64[F_F64 + m.code[pc + A + 1]]));
    return next;
  },
  fsqrt64(m, pc, next) {
    const d = m.code[pc + A], s = m.code[pc + A + 1], r = Math.sqrt(m.f64[F_F64 + s]);
    if (r === r) m.f64[F_F64 + d] = r; else setNaNResult64(m.i32, d, s, s);
    return next;
  },
  fneg64(m, pc, next) {
    const w = m.i32, d = F_I32 + 2 * m.code[pc + A], s = F_I32 + 2 * m.code[pc + A + 1];
    w[d] = w[s]; w[d + 1] = w[s + 1] ^ SIGN;
    return next;
  },
  fabs64(m, pc, next) {
    const w = m.i32, d = F_I32 + 2 * m.code[pc + A], s = F_I32 + 2 * m.code[pc + A + 1];
    w[d] = w[s]; w[d + 1] = w[s + 1] & 0x7fffffff;
    return next;
  },
};
