// 64-bit integer arithmetic on (lo, hi) int32 pairs. Results go straight into an
// Int32Array (the register file: x register d is words 2d and 2d+1), so the hot path
// allocates nothing and stays clear of BigInt. Every helper reads all of its inputs
// before it writes, so the destination may alias a source.

/** High 32 bits of the unsigned 64-bit product of two 32-bit values (as an int32). */
export function mulHighU32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const low = a0 * b0, cross1 = a1 * b0, cross2 = a0 * b1;
  // Carry out of bit 31 from the low partial products (all terms < 2^18, exact).
  const carry = ((low >>> 16) + (cross1 & 0xffff) + (cross2 & 0xffff)) >>> 16;
  return (a1 * b1 + (cross1 >>> 16) + (cross2 >>> 16) + carry) | 0;
}

export function add64(x: Int32Array, d: number, alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo + blo) | 0;
  x[2 * d] = lo;
  x[2 * d + 1] = (ahi + bhi + ((lo >>> 0) < (alo >>> 0) ? 1 : 0)) | 0;
}

export function sub64(x: Int32Array, d: number, alo: number, ahi: number, blo: number, bhi: number): void {
  x[2 * d] = (alo - blo) | 0;
  x[2 * d + 1] = (ahi - bhi - ((alo >>> 0) < (blo >>> 0) ? 1 : 0)) | 0;
}

/** The low 64 bits of a * b (the same for signed and unsigned operands). */
export function mul64(x: Int32Array, d: number, alo: number, ahi: number, blo: number, bhi: number): void {
  x[2 * d] = Math.imul(alo, blo);
  x[2 * d + 1] = (mulHighU32(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

/** Shift left by `s` in 0..63. */
export function shl64(x: Int32Array, d: number, lo: number, hi: number, s: number): void {
  if (s === 0) { x[2 * d] = lo; x[2 * d + 1] = hi; }
  else if (s < 32) { x[2 * d] = lo << s; x[2 * d + 1] = (hi << s) | (lo >>> (32 - s)); }
  else { x[2 * d] = 0; x[2 * d + 1] = lo << (s - 32); }
}

/** Logical shift right by `s` in 0..63. */
export function shrU64(x: Int32Array, d: number, lo: number, hi: number, s: number): void {
  if (s === 0) { x[2 * d] = lo; x[2 * d + 1] = hi; }
  else if (s < 32) { x[2 * d] = (lo >>> s) | (hi << (32 - s)); x[2 * d + 1] = hi >>> s; }
  else { x[2 * d] = hi >>> (s - 32); x[2 * d + 1] = 0; }
}

/** Arithmetic shift right by `s` in 0..63. */
export function shrS64(x: Int32Array, d: number, lo: number, hi: number, s: number): void {
  if (s === 0) { x[2 * d] = lo; x[2 * d + 1] = hi; }
  else if (s < 32) { x[2 * d] = (lo >>> s) | (hi << (32 - s)); x[2 * d + 1] = hi >> s; }
  else { x[2 * d] = hi >> (s - 32); x[2 * d + 1] = hi >> 31; }
}

/** Rotate left by `s` in 0..63 (rotate right by s is rotate left by (64 - s) & 63). */
export function rotl64(x: Int32Array, d: number, lo: number, hi: number, s: number): void {
  if (s >= 32) { const t = lo; lo = hi; hi = t; s -= 32; }
  if (s === 0) { x[2 * d] = lo; x[2 * d + 1] = hi; }
  else { x[2 * d] = (lo << s) | (hi >>> (32 - s)); x[2 * d + 1] = (hi << s) | (lo >>> (32 - s)); }
}

export function neg64(x: Int32Array, d: number, lo: number, hi: number): void {
  x[2 * d] = -lo | 0;
  x[2 * d + 1] = (~hi + (lo === 0 ? 1 : 0)) | 0;
}

export function lessThanS64(alo: number, ahi: number, blo: number, bhi: number): boolean {
  return ahi < bhi || (ahi === bhi && (alo >>> 0) < (blo >>> 0));
}

export function lessThanU64(alo: number, ahi: number, blo: number, bhi: number): boolean {
  return (ahi >>> 0) < (bhi >>> 0) || (ahi === bhi && (alo >>> 0) < (blo >>> 0));
}

export function ctz32(v: number): number {
  return v === 0 ? 32 : 31 - Math.clz32(v & -v);
}

export function popcnt32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

export function bswap32(v: number): number {
  return ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/**
 * Writes an integer-valued double t (within [-2^63, 2^64)) as a 64-bit two's complement
 * value; both halves are exact because dividing by 2^32 is.
 */
export function setInt64FromNumber(x: Int32Array, d: number, t: number): void {
  const hi = Math.floor(t / 4294967296);
  x[2 * d] = (t - hi * 4294967296) | 0;
  x[2 * d + 1] = hi | 0;
}
