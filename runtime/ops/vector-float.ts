// Float lane ops of Pulley 35 (interp.rs, v35.0.0): arithmetic, rounding, sqrt, fused
// multiply-add, wasm minimum/maximum, comparisons (all-ones masks), sign ops, and the
// conversions between float and integer lanes (float -> int saturates, NaN -> 0, as
// Rust's `as`). f32 lanes are read as doubles and stored through a Float32Array, which
// rounds once: exact for + - * / and sqrt, since f64 carries more than 2 * 24 + 2 bits.
// Sign ops (neg, abs) act on the bits so they never touch a NaN's payload.

import {
  binaryLanes, binaryRegs, buildHandlers, type HandlerFactory, laneBase, type LaneViews, operandAt,
  unaryLanes, unaryRegs, vword,
} from './vector-lanes.js';
import {
  demoteF64Bits, fmaF32, fmaF64, promoteF32Bits, wasmCeil, wasmFloor, wasmNearest, wasmTrunc,
} from './vector-float-math.js';
import {
  i64ToF64, maximum, minimum, setSaturatedI64, setSaturatedU64, truncSaturating, u64ToF64,
} from './fmath.js';
import type { OpHandlers } from './handler.js';

const mask = (cond: boolean) => (cond ? -1 : 0);

// ## Float <-> integer (float -> int saturates, NaN -> 0)

const truncSatI32 = (x: number) => truncSaturating(x, -0x80000000, 0x7fffffff);
const truncSatU32 = (x: number) => truncSaturating(x, 0, 0xffffffff);

function floatToInt64(signed: boolean): HandlerFactory {
  const set = signed ? setSaturatedI64 : setSaturatedU64;
  return unaryRegs((views, d, a) => {
    const fa = laneBase(a, 3);
    const x = views.f64[fa]!, y = views.f64[fa + 1]!;
    const dw = vword(d); // even: lane words dw, dw + 1 are "register" dw / 2 for the helpers
    set(views.i32, dw >> 1, x);
    set(views.i32, (dw >> 1) + 1, y);
  });
}

function int64ToFloat(signed: boolean): HandlerFactory {
  const convert = signed ? i64ToF64 : u64ToF64;
  return unaryRegs((views, d, a) => {
    const w = views.i32;
    const aw = vword(a);
    const x = convert(w[aw]!, w[aw + 1]!), y = convert(w[aw + 2]!, w[aw + 3]!);
    const fd = laneBase(d, 3);
    views.f64[fd] = x;
    views.f64[fd + 1] = y;
  });
}

// ## f64 lanes through their words

/** f64 comparisons write a 64-bit all-ones / zero mask per lane. */
function compareF64(test: (a: number, b: number) => boolean): HandlerFactory {
  return binaryRegs((views, d, a, b) => {
    const f = views.f64;
    const fa = laneBase(a, 3), fb = laneBase(b, 3);
    const r0 = mask(test(f[fa]!, f[fb]!)), r1 = mask(test(f[fa + 1]!, f[fb + 1]!));
    const dw = vword(d);
    views.i32[dw] = r0; views.i32[dw + 1] = r0;
    views.i32[dw + 2] = r1; views.i32[dw + 3] = r1;
  });
}

/** Applies `f` to the high word of each f64 lane (where the sign bit lives). */
function signOpF64(f: (hi: number) => number): HandlerFactory {
  return unaryRegs((views, d, a) => {
    const w = views.i32;
    const dw = vword(d), aw = vword(a);
    w[dw] = w[aw]!; w[dw + 1] = f(w[aw + 1]!);
    w[dw + 2] = w[aw + 2]!; w[dw + 3] = f(w[aw + 3]!);
  });
}

const flipSign = (w: number) => w ^ 0x80000000;
const clearSign = (w: number) => w & 0x7fffffff;

// ## f32 <-> f64

const promoteLow: HandlerFactory = unaryRegs((views: LaneViews, d, a) => {
  const fa = laneBase(a, 2);
  const x = views.f32[fa]!, y = views.f32[fa + 1]!;
  const xb = views.i32[fa]!, yb = views.i32[fa + 1]!;
  const dw = vword(d);
  promoteF32Bits(xb, views.i32, dw, x);
  promoteF32Bits(yb, views.i32, dw + 2, y);
});

const demote: HandlerFactory = unaryRegs((views, d, a) => {
  const w = views.i32;
  const aw = vword(a);
  const fa = laneBase(a, 3);
  const x = demoteF64Bits(w[aw]!, w[aw + 1]!, views.f64[fa]!);
  const y = demoteF64Bits(w[aw + 2]!, w[aw + 3]!, views.f64[fa + 1]!);
  const dw = vword(d);
  w[dw] = x; w[dw + 1] = y; w[dw + 2] = 0; w[dw + 3] = 0;
});

// ## NaN results of fma as Pulley's x86 host makes them
// The bits of a NaN can reach integer ops (bitcasts, integer compares), so they matter.
// Pulley's fma (libm fmaf / fma) yields the first NaN operand of a, b, c, quieted, and an
// invalid operation on non-NaN inputs (0 * inf, inf - inf) the negative default NaN.
// Other float ops leave NaN choice to the host's own arithmetic, which on x86 agrees.

const F32_QUIET = 0x400000, F32_DEFAULT_NAN = 0xffc00000 | 0;
const F64_QUIET_HI = 0x80000, F64_DEFAULT_NAN_HI = 0xfff80000 | 0;

function isNaNF32(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000;
}

function isNaNF64(lo: number, hi: number): boolean {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
}

/** The f32 NaN bits for a result whose operands (as i32 bits, in priority order) are given. */
function nanF32(a: number, b: number, c: number = 0): number {
  if (isNaNF32(a)) return a | F32_QUIET;
  if (isNaNF32(b)) return b | F32_QUIET;
  if (isNaNF32(c)) return c | F32_QUIET;
  return F32_DEFAULT_NAN;
}

/** Writes the f64 NaN for operands at i32 word indices a, b, c (in priority order; -1 = none). */
function writeNaNF64(w: Int32Array, at: number, a: number, b: number, c: number): void {
  for (const x of [a, b, c]) {
    if (x >= 0 && isNaNF64(w[x]!, w[x + 1]!)) {
      w[at] = w[x]!;
      w[at + 1] = w[x + 1]! | F64_QUIET_HI;
      return;
    }
  }
  w[at] = 0;
  w[at + 1] = F64_DEFAULT_NAN_HI;
}

// ## Fused multiply-add: dst = a * b + c, one rounding

function fma(lane: 'f32' | 'f64'): HandlerFactory {
  return (op) => {
    const dstAt = operandAt(op, 'dst'), aAt = operandAt(op, 'a'), bAt = operandAt(op, 'b'), cAt = operandAt(op, 'c');
    return (m, pc, next) => {
      const code = m.code;
      const iv = m.i32;
      const r = [code[pc + dstAt]!, code[pc + aAt]!, code[pc + bAt]!, code[pc + cAt]!];
      if (lane === 'f32') {
        const fv = m.f32;
        const [d, a, b, c] = r.map((x) => laneBase(x, 2)) as [number, number, number, number];
        for (let i = 0; i < 4; i++) {
          const x = fmaF32(fv[a + i]!, fv[b + i]!, fv[c + i]!);
          if (x === x) fv[d + i] = x;
          else iv[d + i] = nanF32(iv[a + i]!, iv[b + i]!, iv[c + i]!);
        }
      } else {
        const fv = m.f64;
        const [d, a, b, c] = r.map((x) => laneBase(x, 3)) as [number, number, number, number];
        for (let i = 0; i < 2; i++) {
          const x = fmaF64(fv[a + i]!, fv[b + i]!, fv[c + i]!);
          if (x === x) fv[d + i] = x;
          else writeNaNF64(iv, 2 * (d + i), 2 * (a + i), 2 * (b + i), 2 * (c + i));
        }
      }
      return next;
    };
  };
}

// ## The ops

export const vectorFloatOps: OpHandlers = buildHandlers({
  vaddf32x4: binaryLanes('f32', (a, b) => a + b),
  vsubf32x4: binaryLanes('f32', (a, b) => a - b),
  vmulf32x4: binaryLanes('f32', (a, b) => a * b),
  vdivf32x4: binaryLanes('f32', (a, b) => a / b),
  vaddf64x2: binaryLanes('f64', (a, b) => a + b),
  vsubf64x2: binaryLanes('f64', (a, b) => a - b),
  vmulf64x2: binaryLanes('f64', (a, b) => a * b),
  vdivf64x2: binaryLanes('f64', (a, b) => a / b),
  vmaximumf32x4: binaryLanes('f32', maximum),
  vmaximumf64x2: binaryLanes('f64', maximum),
  vminimumf32x4: binaryLanes('f32', minimum),
  vminimumf64x2: binaryLanes('f64', minimum),
  vfma32x4: fma('f32'),
  vfma64x2: fma('f64'),

  vsqrt32x4: unaryLanes('f32', Math.sqrt),
  vsqrt64x2: unaryLanes('f64', Math.sqrt),
  vtrunc32x4: unaryLanes('f32', wasmTrunc),
  vtrunc64x2: unaryLanes('f64', wasmTrunc),
  vfloor32x4: unaryLanes('f32', wasmFloor),
  vfloor64x2: unaryLanes('f64', wasmFloor),
  vceil32x4: unaryLanes('f32', wasmCeil),
  vceil64x2: unaryLanes('f64', wasmCeil),
  vnearest32x4: unaryLanes('f32', wasmNearest),
  vnearest64x2: unaryLanes('f64', wasmNearest),

  vnegf32x4: unaryLanes('i32', flipSign),
  vabsf32x4: unaryLanes('i32', clearSign),
  vnegf64x2: signOpF64(flipSign),
  vabsf64x2: signOpF64(clearSign),

  veqf32x4: binaryLanes('f32', (a, b) => mask(a === b), 'i32'),
  vneqf32x4: binaryLanes('f32', (a, b) => mask(a !== b), 'i32'),
  vltf32x4: binaryLanes('f32', (a, b) => mask(a < b), 'i32'),
  vlteqf32x4: binaryLanes('f32', (a, b) => mask(a <= b), 'i32'),
  veqf64x2: compareF64((a, b) => a === b),
  vneqf64x2: compareF64((a, b) => a !== b),
  vltf64x2: compareF64((a, b) => a < b),
  vlteqf64x2: compareF64((a, b) => a <= b),

  vf32x4_from_i32x4_s: unaryLanes('i32', (a) => a, 'f32'),
  vf32x4_from_i32x4_u: unaryLanes('u32', (a) => a, 'f32'),
  vf64x2_from_i64x2_s: int64ToFloat(true),
  vf64x2_from_i64x2_u: int64ToFloat(false),
  vi32x4_from_f32x4_s: unaryLanes('f32', truncSatI32, 'i32'),
  vi32x4_from_f32x4_u: unaryLanes('f32', truncSatU32, 'u32'),
  vi64x2_from_f64x2_s: floatToInt64(true),
  vi64x2_from_f64x2_u: floatToInt64(false),

  vfpromotelow: promoteLow,
  vfdemote: demote,
});
