// Integer lane arithmetic of Pulley 35's vector ops (interp.rs, v35.0.0): wrapping and
// saturating add/sub, multiply, Q15 rounding multiply, shifts (amount masked to the lane
// width, as Rust's wrapping_shl/shr), comparisons (all-ones masks), min/max, abs/neg,
// popcount, rounding average, pairwise add, narrowing with saturation and widening.
// 64-bit lanes are (lo, hi) int32 word pairs, so nothing here allocates or uses BigInt.

import type { Machine } from '../machine.js';
import {
  binaryLanes, binaryRegs, buildHandlers, commitScratch, type HandlerFactory, laneBase, type LaneViews,
  scratchI32, scratchU8, unaryLanes, unaryRegs, vword,
} from './vector-lanes.js';
import type { OpHandlers } from './handler.js';
import { add64, lessThanS64, lessThanU64, mul64, neg64, shl64, shrS64, shrU64, sub64 } from './int64.js';

// ## Lane helpers

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

const I8_MIN = -0x80, I8_MAX = 0x7f, U8_MAX = 0xff;
const I16_MIN = -0x8000, I16_MAX = 0x7fff, U16_MAX = 0xffff;

const satI8 = (x: number) => clamp(x, I8_MIN, I8_MAX);
const satU8 = (x: number) => clamp(x, 0, U8_MAX);
const satI16 = (x: number) => clamp(x, I16_MIN, I16_MAX);
const satU16 = (x: number) => clamp(x, 0, U16_MAX);

const mask = (cond: boolean) => (cond ? -1 : 0);

function popcount8(x: number): number {
  x = x - ((x >>> 1) & 0x55);
  x = (x & 0x33) + ((x >>> 2) & 0x33);
  return (x + (x >>> 4)) & 0x0f;
}

/** The shift amount in x register `r` (its low 32 bits), masked to a lane of `bits` bits. */
function shiftAmount(m: Machine, r: number, bits: number): number {
  return m.i32[2 * r]! & (bits - 1);
}

// ## 64-bit lanes as word pairs, through the scalar helpers of ./int64.ts
// Those write x register d's words 2d, 2d + 1; a v register's 64-bit lane starts at an
// even word of the register file, so lane word w is "register" w / 2 for them.

type Lane64Binary = (x: Int32Array, d: number, alo: number, ahi: number, blo: number, bhi: number) => void;
type Lane64Unary = (x: Int32Array, d: number, lo: number, hi: number) => void;

function binary64(f: Lane64Binary): HandlerFactory {
  return binaryRegs((views, d, a, b) => {
    const w = views.i32;
    const dw = vword(d), aw = vword(a), bw = vword(b);
    for (let i = 0; i < 4; i += 2) f(w, (dw + i) >> 1, w[aw + i]!, w[aw + i + 1]!, w[bw + i]!, w[bw + i + 1]!);
  });
}

function unary64(f: Lane64Unary): HandlerFactory {
  return unaryRegs((views, d, a) => {
    const w = views.i32;
    const dw = vword(d), aw = vword(a);
    for (let i = 0; i < 4; i += 2) f(w, (dw + i) >> 1, w[aw + i]!, w[aw + i + 1]!);
  });
}

function compare64(test: (alo: number, ahi: number, blo: number, bhi: number) => boolean): HandlerFactory {
  return binary64((x, d, alo, ahi, blo, bhi) => {
    const r = mask(test(alo, ahi, blo, bhi));
    x[2 * d] = r;
    x[2 * d + 1] = r;
  });
}

const eq64 = (alo: number, ahi: number, blo: number, bhi: number) => alo === blo && ahi === bhi;

/** Shifts each 64-bit lane of src1 by x src2 (masked to 0..63). */
function shift64(f: (x: Int32Array, d: number, lo: number, hi: number, s: number) => void): HandlerFactory {
  return binaryRegs((views, d, a, x, m) => {
    const s = shiftAmount(m, x, 64);
    const w = views.i32;
    const dw = vword(d), aw = vword(a);
    for (let i = 0; i < 4; i += 2) f(w, (dw + i) >> 1, w[aw + i]!, w[aw + i + 1]!, s);
  });
}

// ## Shifts of narrower lanes

function shiftLanes(lane: 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32', op: (a: number, s: number) => number): HandlerFactory {
  const bytes = lane.endsWith('8') ? 1 : lane.endsWith('16') ? 2 : 4;
  const shift = bytes >> 1;
  const count = 16 / bytes;
  return binaryRegs((views, d, a, x, m) => {
    const s = shiftAmount(m, x, bytes * 8);
    const v = views[lane];
    const dl = laneBase(d, shift), al = laneBase(a, shift);
    for (let i = 0; i < count; i++) v[dl + i] = op(v[al + i]!, s);
  });
}

const shl = (a: number, s: number) => a << s;
const shrS = (a: number, s: number) => a >> s;
const shrU = (a: number, s: number) => a >>> s;

// ## Lane-crossing ops: computed into scratch, then written (dst may alias a source)

/** Narrowing: the lanes of src1 then src2, each saturated into the half-width lane. */
function narrow(from: 'i16' | 'i32', to: 'i8' | 'u8' | 'i16' | 'u16', sat: (x: number) => number): HandlerFactory {
  const fromShift = from === 'i16' ? 1 : 2;
  const count = 16 >> fromShift;
  const toView = to.endsWith('8') ? new Int8Array(scratchU8.buffer) : new Int16Array(scratchU8.buffer);
  return binaryRegs((views, d, a, b) => {
    const v = views[from];
    const al = laneBase(a, fromShift), bl = laneBase(b, fromShift);
    for (let i = 0; i < count; i++) {
      toView[i] = sat(v[al + i]!);
      toView[count + i] = sat(v[bl + i]!);
    }
    commitScratch(views, d);
  });
}

/** i64 lanes narrowed to 32 bits: `pick(lo, hi)` gives the saturated word. */
function narrow64(pick: (lo: number, hi: number) => number): HandlerFactory {
  return binaryRegs((views, d, a, b) => {
    const w = views.i32;
    const aw = vword(a), bw = vword(b);
    scratchI32[0] = pick(w[aw]!, w[aw + 1]!);
    scratchI32[1] = pick(w[aw + 2]!, w[aw + 3]!);
    scratchI32[2] = pick(w[bw]!, w[bw + 1]!);
    scratchI32[3] = pick(w[bw + 2]!, w[bw + 3]!);
    commitScratch(views, d);
  });
}

const narrowI64toI32 = (lo: number, hi: number) => (hi === lo >> 31 ? lo : hi < 0 ? -0x80000000 : 0x7fffffff);
const narrowI64toU32 = (lo: number, hi: number) => (hi < 0 ? 0 : hi === 0 ? lo : -1);
const narrowU64toU32 = (lo: number, hi: number) => (hi === 0 ? lo : -1);

/** Widening: the low or high half of the lanes of `from`, extended into `to` lanes twice as wide. */
function widen(from: 'i8' | 'u8' | 'i16' | 'u16', to: 'i16' | 'i32', high: boolean): HandlerFactory {
  const fromShift = from.endsWith('8') ? 0 : 1;
  const count = 8 >> fromShift;
  const toView = to === 'i16' ? new Int16Array(scratchU8.buffer) : new Int32Array(scratchU8.buffer);
  return unaryRegs((views, d, a) => {
    const v = views[from];
    const al = laneBase(a, fromShift) + (high ? count : 0);
    for (let i = 0; i < count; i++) toView[i] = v[al + i]!;
    commitScratch(views, d);
  });
}

/** 32-bit lanes widened to 64: the high word is the sign (or zero) extension. */
function widen32(signed: boolean, high: boolean): HandlerFactory {
  return unaryRegs((views, d, a) => {
    const w = views.i32;
    const aw = vword(a) + (high ? 2 : 0);
    const x = w[aw]!, y = w[aw + 1]!;
    const dw = vword(d);
    w[dw] = x;
    w[dw + 1] = signed ? x >> 31 : 0;
    w[dw + 2] = y;
    w[dw + 3] = signed ? y >> 31 : 0;
  });
}

/** Pairwise add: [a0+a1, a2+a3, ..., b0+b1, ...], wrapping. */
function addPairwise(lane: 'i16' | 'i32'): HandlerFactory {
  const shift = lane === 'i16' ? 1 : 2;
  const count = 16 >> shift;
  const half = count >> 1;
  const out = lane === 'i16' ? new Int16Array(scratchU8.buffer) : new Int32Array(scratchU8.buffer);
  return binaryRegs((views: LaneViews, d, a, b) => {
    const v = views[lane];
    const al = laneBase(a, shift), bl = laneBase(b, shift);
    for (let i = 0; i < half; i++) {
      out[i] = v[al + 2 * i]! + v[al + 2 * i + 1]!;
      out[half + i] = v[bl + 2 * i]! + v[bl + 2 * i + 1]!;
    }
    commitScratch(views, d);
  });
}

// ## The ops

export const vectorIntOps: OpHandlers = buildHandlers({
  // Typed arrays wrap on store, so plain JS arithmetic gives the wrapping lane result.
  vaddi8x16: binaryLanes('i8', (a, b) => a + b),
  vaddi16x8: binaryLanes('i16', (a, b) => a + b),
  vaddi32x4: binaryLanes('i32', (a, b) => a + b),
  vaddi64x2: binary64(add64),
  vaddi8x16_sat: binaryLanes('i8', (a, b) => satI8(a + b)),
  vaddu8x16_sat: binaryLanes('u8', (a, b) => satU8(a + b)),
  vaddi16x8_sat: binaryLanes('i16', (a, b) => satI16(a + b)),
  vaddu16x8_sat: binaryLanes('u16', (a, b) => satU16(a + b)),
  vaddpairwisei16x8_s: addPairwise('i16'),
  vaddpairwisei32x4_s: addPairwise('i32'),

  vsubi8x16: binaryLanes('i8', (a, b) => a - b),
  vsubi16x8: binaryLanes('i16', (a, b) => a - b),
  vsubi32x4: binaryLanes('i32', (a, b) => a - b),
  vsubi64x2: binary64(sub64),
  vsubi8x16_sat: binaryLanes('i8', (a, b) => satI8(a - b)),
  vsubu8x16_sat: binaryLanes('u8', (a, b) => satU8(a - b)),
  vsubi16x8_sat: binaryLanes('i16', (a, b) => satI16(a - b)),
  vsubu16x8_sat: binaryLanes('u16', (a, b) => satU16(a - b)),

  vmuli8x16: binaryLanes('i8', (a, b) => Math.imul(a, b)),
  vmuli16x8: binaryLanes('i16', (a, b) => Math.imul(a, b)),
  vmuli32x4: binaryLanes('i32', (a, b) => Math.imul(a, b)),
  vmuli64x2: binary64(mul64),
  vqmulrsi16x8: binaryLanes('i16', (a, b) => satI16((a * b + 0x4000) >> 15)),

  vshli8x16: shiftLanes('i8', shl),
  vshli16x8: shiftLanes('i16', shl),
  vshli32x4: shiftLanes('i32', shl),
  vshli64x2: shift64(shl64),
  vshri8x16_s: shiftLanes('i8', shrS),
  vshri16x8_s: shiftLanes('i16', shrS),
  vshri32x4_s: shiftLanes('i32', shrS),
  vshri64x2_s: shift64(shrS64),
  vshri8x16_u: shiftLanes('u8', shrU),
  vshri16x8_u: shiftLanes('u16', shrU),
  vshri32x4_u: shiftLanes('u32', shrU),
  vshri64x2_u: shift64(shrU64),

  veq8x16: binaryLanes('i8', (a, b) => mask(a === b)),
  vneq8x16: binaryLanes('i8', (a, b) => mask(a !== b)),
  vslt8x16: binaryLanes('i8', (a, b) => mask(a < b)),
  vslteq8x16: binaryLanes('i8', (a, b) => mask(a <= b)),
  vult8x16: binaryLanes('u8', (a, b) => mask(a < b)),
  vulteq8x16: binaryLanes('u8', (a, b) => mask(a <= b)),
  veq16x8: binaryLanes('i16', (a, b) => mask(a === b)),
  vneq16x8: binaryLanes('i16', (a, b) => mask(a !== b)),
  vslt16x8: binaryLanes('i16', (a, b) => mask(a < b)),
  vslteq16x8: binaryLanes('i16', (a, b) => mask(a <= b)),
  vult16x8: binaryLanes('u16', (a, b) => mask(a < b)),
  vulteq16x8: binaryLanes('u16', (a, b) => mask(a <= b)),
  veq32x4: binaryLanes('i32', (a, b) => mask(a === b)),
  vneq32x4: binaryLanes('i32', (a, b) => mask(a !== b)),
  vslt32x4: binaryLanes('i32', (a, b) => mask(a < b)),
  vslteq32x4: binaryLanes('i32', (a, b) => mask(a <= b)),
  vult32x4: binaryLanes('u32', (a, b) => mask(a < b)),
  vulteq32x4: binaryLanes('u32', (a, b) => mask(a <= b)),
  veq64x2: compare64(eq64),
  vneq64x2: compare64((alo, ahi, blo, bhi) => !eq64(alo, ahi, blo, bhi)),
  vslt64x2: compare64(lessThanS64),
  vslteq64x2: compare64((alo, ahi, blo, bhi) => !lessThanS64(blo, bhi, alo, ahi)),
  vult64x2: compare64(lessThanU64),
  vulteq64x2: compare64((alo, ahi, blo, bhi) => !lessThanU64(blo, bhi, alo, ahi)),

  vmin8x16_s: binaryLanes('i8', Math.min),
  vmin8x16_u: binaryLanes('u8', Math.min),
  vmin16x8_s: binaryLanes('i16', Math.min),
  vmin16x8_u: binaryLanes('u16', Math.min),
  vmin32x4_s: binaryLanes('i32', Math.min),
  vmin32x4_u: binaryLanes('u32', Math.min),
  vmax8x16_s: binaryLanes('i8', Math.max),
  vmax8x16_u: binaryLanes('u8', Math.max),
  vmax16x8_s: binaryLanes('i16', Math.max),
  vmax16x8_u: binaryLanes('u16', Math.max),
  vmax32x4_s: binaryLanes('i32', Math.max),
  vmax32x4_u: binaryLanes('u32', Math.max),

  vavground8x16: binaryLanes('u8', (a, b) => (a + b + 1) >>> 1),
  vavground16x8: binaryLanes('u16', (a, b) => (a + b + 1) >>> 1),

  // Negating or taking abs of the minimum value wraps back to it on store.
  vneg8x16: unaryLanes('i8', (a) => -a),
  vneg16x8: unaryLanes('i16', (a) => -a),
  vneg32x4: unaryLanes('i32', (a) => -a),
  vneg64x2: unary64(neg64),
  vabs8x16: unaryLanes('i8', Math.abs),
  vabs16x8: unaryLanes('i16', Math.abs),
  vabs32x4: unaryLanes('i32', Math.abs),
  vabs64x2: unary64((x, d, lo, hi) => {
    if (hi < 0) neg64(x, d, lo, hi);
    else { x[2 * d] = lo; x[2 * d + 1] = hi; }
  }),
  vpopcnt8x16: unaryLanes('u8', popcount8),

  vnarrow16x8_s: narrow('i16', 'i8', satI8),
  vnarrow16x8_u: narrow('i16', 'u8', satU8),
  vnarrow32x4_s: narrow('i32', 'i16', satI16),
  vnarrow32x4_u: narrow('i32', 'u16', satU16),
  vnarrow64x2_s: narrow64(narrowI64toI32),
  vnarrow64x2_u: narrow64(narrowI64toU32),
  vunarrow64x2_u: narrow64(narrowU64toU32),

  vwidenlow8x16_s: widen('i8', 'i16', false),
  vwidenlow8x16_u: widen('u8', 'i16', false),
  vwidenlow16x8_s: widen('i16', 'i32', false),
  vwidenlow16x8_u: widen('u16', 'i32', false),
  vwidenlow32x4_s: widen32(true, false),
  vwidenlow32x4_u: widen32(false, false),
  vwidenhigh8x16_s: widen('i8', 'i16', true),
  vwidenhigh8x16_u: widen('u8', 'i16', true),
  vwidenhigh16x8_s: widen('i16', 'i32', true),
  vwidenhigh16x8_u: widen('u16', 'i32', true),
  vwidenhigh32x4_s: widen32(true, true),
  vwidenhigh32x4_u: widen32(false, true),
});
