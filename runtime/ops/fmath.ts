// Float helpers with WebAssembly / Pulley semantics that JS's Math lacks: ties-to-even
// rounding, IEEE 754-2019 minimum/maximum, float-to-int conversions (trapping and
// saturating), correctly rounded int64-to-f32, and the NaN bits x86-64 produces.

import { TrapKind, TrapSignal } from '../machine.js';
import { setInt64FromNumber } from './int64.js';

/** Round to nearest, ties to even (Math.round breaks ties upward). Keeps -0. */
export function nearest(a: number): number {
  const r = Math.round(a);
  // A tie rounded up to an odd integer goes back down to the even one.
  return r - a === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** wasm_maximum: NaN if either is NaN, and +0 is greater than -0. */
export function maximum(a: number, b: number): number {
  if (a > b) return a;
  if (b > a) return b;
  if (a === b) return b === 0 && 1 / b < 0 ? a : b;
  return a + b;
}

/** wasm_minimum: NaN if either is NaN, and -0 is less than +0. */
export function minimum(a: number, b: number): number {
  if (a < b) return a;
  if (b < a) return b;
  if (a === b) return b === 0 && 1 / b > 0 ? a : b;
  return a + b;
}

// Exclusive bounds of a trapping float-to-int conversion (wasmtime_math's
// f32/f64_cvt_to_int_bounds): the truncated value must lie strictly between them. The
// f32 lower bounds are the first f32 values below the range, not MIN - 1.
export const F32_TO_I32 = [-2147483904, 2147483648] as const;
export const F32_TO_U32 = [-1, 4294967296] as const;
export const F32_TO_I64 = [-9223373136366403584, 9223372036854775808] as const;
export const F32_TO_U64 = [-1, 18446744073709551616] as const;
export const F64_TO_I32 = [-2147483649, 2147483648] as const;
export const F64_TO_U32 = [-1, 4294967296] as const;
export const F64_TO_I64 = [-9223372036854777856, 9223372036854775808] as const;
export const F64_TO_U64 = [-1, 18446744073709551616] as const;

/**
 * The truncated value of a trapping conversion: NaN traps BadConversionToInteger, a
 * value outside (lo, hi) traps IntegerOverflow.
 */
export function truncChecked(a: number, bounds: readonly [number, number]): number {
  if (a !== a) throw new TrapSignal(TrapKind.BadConversionToInteger);
  const t = Math.trunc(a);
  if (t <= bounds[0] || t >= bounds[1]) throw new TrapSignal(TrapKind.IntegerOverflow);
  return t;
}

/** Rust's saturating `as`: NaN is 0, out-of-range values clamp to [lo, hi]. */
export function truncSaturating(a: number, lo: number, hi: number): number {
  if (a !== a) return 0;
  const t = Math.trunc(a);
  return t < lo ? lo : t > hi ? hi : t;
}

/** Saturating f -> i64 into x register d: NaN is 0, the rest clamps to [-2^63, 2^63 - 1]. */
export function setSaturatedI64(x: Int32Array, d: number, a: number): void {
  if (a !== a) { x[2 * d] = 0; x[2 * d + 1] = 0; }
  else if (a >= 9223372036854775808) { x[2 * d] = -1; x[2 * d + 1] = 0x7fffffff; }
  else if (a <= -9223372036854775808) { x[2 * d] = 0; x[2 * d + 1] = -0x80000000; }
  else setInt64FromNumber(x, d, Math.trunc(a));
}

/** Saturating f -> u64 into x register d: NaN and negatives are 0, 2^64 and up all ones. */
export function setSaturatedU64(x: Int32Array, d: number, a: number): void {
  if (!(a > -1)) { x[2 * d] = 0; x[2 * d + 1] = 0; }
  else if (a >= 18446744073709551616) { x[2 * d] = -1; x[2 * d + 1] = -1; }
  else setInt64FromNumber(x, d, Math.trunc(a));
}

/** u64 (lo, hi) to f64, rounded once: hi * 2^32 is exact, so only the sum rounds. */
export function u64ToF64(lo: number, hi: number): number {
  return (hi >>> 0) * 4294967296 + (lo >>> 0);
}

/** i64 (lo, hi) to f64, rounded once. */
export function i64ToF64(lo: number, hi: number): number {
  return hi * 4294967296 + (lo >>> 0);
}

/**
 * u64 (lo, hi) to f32 with a single rounding. Going through f64 would round twice for
 * values of 2^53 and above, so their bits below bit 11 (all far under f32's rounding
 * bit) fold into one sticky bit first, which makes the f64 step exact.
 */
export function u64ToF32(lo: number, hi: number): number {
  if ((hi >>> 0) >= 0x200000 && (lo & 0x7ff) !== 0) lo = (lo & ~0x7ff) | 0x800;
  return Math.fround(u64ToF64(lo, hi));
}

/** i64 (lo, hi) to f32 with a single rounding: round the magnitude (ties-to-even is symmetric). */
export function i64ToF32(lo: number, hi: number): number {
  if (hi >= 0) return u64ToF32(lo, hi);
  return -u64ToF32(-lo | 0, (~hi + (lo === 0 ? 1 : 0)) | 0);
}

// ## NaN results as on x86-64 (SSE), the host of the reference vectors. They matter
// because a NaN's bits can reach memory. An arithmetic op returns its first NaN operand,
// quieted, or the negative default NaN when no operand is NaN (inf - inf, 0 / 0, ...).

function isNaN32(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000;
}

function isNaN64(lo: number, hi: number): boolean {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
}

/** The f32 NaN from operands with bits a, b (b = a for a unary op). */
export function nanResult32(a: number, b: number): number {
  return isNaN32(a) ? a | 0x400000 : isNaN32(b) ? b | 0x400000 : 0xffc00000 | 0;
}

/**
 * The f64 NaN from operands at word indices a, b of w (low word first; b = a for a unary
 * op), written to words d, d + 1.
 */
export function setNaNResultWords64(w: Int32Array, d: number, a: number, b: number): void {
  const alo = w[a], ahi = w[a + 1], blo = w[b], bhi = w[b + 1];
  if (isNaN64(alo, ahi)) { w[d] = alo; w[d + 1] = ahi | 0x80000; }
  else if (isNaN64(blo, bhi)) { w[d] = blo; w[d + 1] = bhi | 0x80000; }
  else { w[d] = 0; w[d + 1] = 0xfff80000 | 0; }
}
