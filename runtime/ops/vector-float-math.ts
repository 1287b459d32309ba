// Float operations for the vector lanes, bit-exact with Wasmtime's `WasmFloat`
// (crates/math): fused multiply-add with a single rounding, rounding to integers with
// Rust's canonical NaN, and f32 <-> f64 conversions that keep a NaN's payload (as x86's
// cvtss2sd / cvtsd2ss do). The scalar helpers they share with the f ops are in ./fmath.ts.

import { nearest } from './fmath.js';

// Bit access to one double, for round-to-odd nudges and NaN payloads.
const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
const bitsF32 = new Float32Array(1);
const bitsF32Int = new Int32Array(bitsF32.buffer);

// ## Round to odd

/**
 * `s` is the round-to-nearest sum of two values and `err` the exact remainder
 * (value = s + err). Returns the same sum rounded to odd instead: if inexact, the
 * neighbour of the true value whose last mantissa bit is 1. Rounding a round-to-odd
 * result of at least p + 2 bits to p bits equals rounding the exact value once.
 */
function roundToOdd(s: number, err: number): number {
  if (err === 0) return s;
  bitsF64[0] = s;
  const lo = bitsU32[0]!;
  if (lo & 1) return s;
  if (err > 0 === s > 0) {
    bitsU32[0] = lo + 1; // away from zero; lo is even, so no carry
  } else if (lo !== 0) {
    bitsU32[0] = lo - 1; // toward zero
  } else {
    bitsU32[0] = 0xffffffff;
    bitsU32[1] = bitsU32[1]! - 1;
  }
  return bitsF64[0]!;
}

/** Error of the rounded sum s = fl(x + y): x + y = s + twoSumError(x, y, s) exactly. */
function twoSumError(x: number, y: number, s: number): number {
  const yPart = s - x;
  return (x - (s - yPart)) + (y - yPart);
}

// ## Fused multiply-add

/** f32 fma: a * b is exact in f64, the sum is rounded to odd in f64, then once to f32. */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  if (!Number.isFinite(s)) return Math.fround(s);
  return Math.fround(roundToOdd(s, twoSumError(p, c, s)));
}

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp splitting into two 26-bit halves
const FAST_MIN = 2 ** -500;
const FAST_MAX = 2 ** 500;
const SUM_MIN = 2 ** -900;
const SUM_MAX = 2 ** 900;

/**
 * f64 fma, correctly rounded. Fast path: Boldo & Melquiond's emulation (exact product
 * as uh + ul, exact sum c + uh as th + tl, then RN(th + RO(tl + ul))), valid when no
 * step can overflow or underflow; everything else goes through exact BigInt arithmetic.
 */
export function fmaF64(a: number, b: number, c: number): number {
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
    return a * b + c; // the product is exact (a zero, an infinity or a NaN): one rounding
  }
  if (!Number.isFinite(c)) return c; // a finite product (even one beyond f64) cannot change it
  const absA = Math.abs(a), absB = Math.abs(b), absC = Math.abs(c);
  const uh = a * b;
  const absP = Math.abs(uh);
  if (absA >= FAST_MIN && absA <= FAST_MAX && absB >= FAST_MIN && absB <= FAST_MAX &&
      absP >= SUM_MIN && absP <= SUM_MAX && (c === 0 || (absC >= SUM_MIN && absC <= SUM_MAX))) {
    let t = SPLITTER * a;
    const ah = t - (t - a), al = a - ah;
    t = SPLITTER * b;
    const bh = t - (t - b), bl = b - bh;
    const ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl;
    const th = c + uh;
    const tl = twoSumError(c, uh, th);
    const v = tl + ul;
    return th + roundToOdd(v, twoSumError(tl, ul, v));
  }
  return fmaF64Exact(a, b, c);
}

/** A finite nonzero double as mantissa * 2^exponent (mantissa signed, |mantissa| < 2^53). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  bitsF64[0] = x;
  const hi = bitsU32[1]!, lo = bitsU32[0]!;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (hi & 0xfffff) * 0x100000000 + lo;
  if (biased !== 0) mantissa += 2 ** 52;
  const big = BigInt(mantissa);
  return { mantissa: hi >>> 31 ? -big : big, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

/** f64 fma through exact BigInt arithmetic, for finite a, b, c with a, b nonzero. */
export function fmaF64Exact(a: number, b: number, c: number): number {
  const x = decompose(a), y = decompose(b);
  const product = x.mantissa * y.mantissa;
  const productExp = x.exponent + y.exponent;
  if (c === 0) return roundScaled(product, productExp);
  const z = decompose(c);
  const exp = Math.min(productExp, z.exponent);
  const sum = (product << BigInt(productExp - exp)) + (z.mantissa << BigInt(z.exponent - exp));
  if (sum === 0n) return 0; // exact cancellation of nonzero terms: +0 when rounding to nearest
  return roundScaled(sum, exp);
}

/** Rounds value * 2^exp (value a nonzero BigInt) to the nearest double, ties to even. */
function roundScaled(value: bigint, exp: number): number {
  const negative = value < 0n;
  let mag = negative ? -value : value;
  const bits = mag.toString(2).length;
  const top = exp + bits - 1; // exponent of the leading bit
  if (top > 1023) return negative ? -Infinity : Infinity;
  // Keep 53 significant bits, or fewer where the result is subnormal (last bit 2^-1074).
  const shift = top >= -1022 ? bits - 53 : -1074 - exp;
  if (shift > 0) {
    const s = BigInt(shift);
    let q = mag >> s;
    const rem = mag - (q << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    mag = q;
    exp += shift;
  }
  const result = scaleByPowerOfTwo(Number(mag), exp);
  return negative ? -result : result;
}

/** x * 2^k in steps that stay exact when the final result is representable. */
function scaleByPowerOfTwo(x: number, k: number): number {
  while (k > 1023) { x *= 2 ** 1023; k -= 1023; }
  while (k < -1022) { x *= 2 ** -1022; k += 1022; }
  return x * 2 ** k;
}

// ## Rounding to integers
// A NaN input gives the canonical NaN (Rust's f32::NAN / f64::NAN), not the input's payload.

export function wasmTrunc(x: number): number { return x !== x ? NaN : Math.trunc(x); }
export function wasmFloor(x: number): number { return x !== x ? NaN : Math.floor(x); }
export function wasmCeil(x: number): number { return x !== x ? NaN : Math.ceil(x); }

/** Round half to even (wasm `nearest`), keeping the sign of zero. */
export function wasmNearest(x: number): number { return x !== x ? NaN : nearest(x); }

// ## f32 <-> f64 with NaN payloads

/** Writes f32 bits `bits` promoted to f64 into words[at] (low), words[at + 1] (high). */
export function promoteF32Bits(bits: number, words: Int32Array, at: number, value: number): void {
  if (value === value) {
    bitsF64[0] = value;
    words[at] = bitsU32[0]!;
    words[at + 1] = bitsU32[1]!;
    return;
  }
  // NaN: same sign, payload moved to the top of the wider mantissa, quiet bit set.
  const payload = bits & 0x7fffff;
  words[at] = (payload & 7) << 29;
  words[at + 1] = (bits & 0x80000000) | 0x7ff80000 | (payload >>> 3);
}

/** The f32 bits of f64 words (lo, hi) demoted (round to nearest; NaN keeps its top payload). */
export function demoteF64Bits(lo: number, hi: number, value: number): number {
  if (value === value) {
    bitsF32[0] = value;
    return bitsF32Int[0]!;
  }
  return (hi & 0x80000000) | 0x7fc00000 | ((hi & 0xfffff) << 3) | (lo >>> 29);
}
