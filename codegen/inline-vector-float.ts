// Inline JS for the float lane ops of Pulley's vector set: arithmetic, min/max, sqrt and
// rounding, sign ops, comparisons, and the conversions between float and integer lanes.
// Semantics: runtime/ops/vector-float.ts (the interpreter), after pulley/src/interp.rs at
// v35.0.0. A NaN result (or an f64 -> i64 lane out of range) runs the interpreter's
// handler before anything is written, so NaN bits and saturation are its own. vfma32x4
// and vfma64x2 (relaxed SIMD only; their rounding needs runtime/ops/vector-float-math.ts)
// stay with the handler.

import { viaHandler } from './inline-ops.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import {
  each, type Emitter, floatLanes1, floatLanes2, floatResults, lane, lanes1, lanes2, word,
} from './inline-vector-lanes.js';

/** wasm `nearest` (ties to even, sign of zero kept) of a double expression read twice; as fmath.ts nearest. */
const nearest = (x: string) => `(v = Math.round(${x})) - ${x} === 0.5 && v % 2 !== 0 ? v - 1 : v`;

/** f64 comparisons write a 64-bit all-ones / zero mask per lane. */
const compareF64 = (op: string): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each([0, 1], (k) => `l = ${lane('F64', src1, k)} ${op} ${lane('F64', src2, k)} ? -1 : 0; ` +
    `${word(dst, 2 * k)} = l; ${word(dst, 2 * k + 1)} = l;`);
};
const compareF32 = (op: string): Emitter => lanes2('F32', (a, b) => `${a} ${op} ${b} ? -1 : 0`, 'I32');

/** Sign ops on the bits (a NaN payload passes through): f32 lanes, or the high word of f64 lanes. */
const signF32 = (op: string): Emitter => lanes1('I32', (a) => `${a} ${op}`);
const signF64 = (op: string): Emitter => (_e, [d, s]) => each([0, 2], (i) =>
  `${word(d as number, i)} = ${word(s as number, i)}; ${word(d as number, i + 1)} = ${word(s as number, i + 1)} ${op};`);

/** i64 lanes (lo, hi) to f64, rounded once: hi * 2^32 is exact, only the sum rounds. */
const fromI64 = (unsigned: boolean): Emitter => (_e, [d, s]) => each([0, 1], (k) =>
  `${lane('F64', d as number, k)} = ${unsigned ? `(${word(s as number, 2 * k + 1)} >>> 0)` : word(s as number, 2 * k + 1)} * 4294967296 + (${word(s as number, 2 * k)} >>> 0);`);

/**
 * f64 lanes truncated to i64 when both are in range ([min, max) after truncation, so
 * never NaN); otherwise the handler saturates. v - hi * 2^32 is the exact low word.
 */
const toI64 = (min: string, max: string): Emitter => (e, [d, s]) => {
  const x = (k: number) => lane('F64', s as number, k);
  const inRange = [0, 1].map((k) => `${x(k)} ${min} && ${x(k)} < ${max}`).join(' && ');
  return `if (!(${inRange})) ${viaHandler(e)} else { ${each([0, 1], (k) =>
    `v = Math.trunc(${x(k)}); h = Math.floor(v / 4294967296); ${word(d as number, 2 * k)} = v - h * 4294967296; ${word(d as number, 2 * k + 1)} = h;`)} }`;
};

export const VECTOR_FLOAT_EMITTERS: Record<string, Emitter> = {
  vaddf32x4: floatLanes2('F32', (a, b) => `${a} + ${b}`),
  vsubf32x4: floatLanes2('F32', (a, b) => `${a} - ${b}`),
  vmulf32x4: floatLanes2('F32', (a, b) => `${a} * ${b}`),
  vdivf32x4: floatLanes2('F32', (a, b) => `${a} / ${b}`),
  vaddf64x2: floatLanes2('F64', (a, b) => `${a} + ${b}`),
  vsubf64x2: floatLanes2('F64', (a, b) => `${a} - ${b}`),
  vmulf64x2: floatLanes2('F64', (a, b) => `${a} * ${b}`),
  vdivf64x2: floatLanes2('F64', (a, b) => `${a} / ${b}`),
  // wasm min/max on non-NaN lanes are Math's (-0 below +0); a NaN goes to the handler.
  vmaximumf32x4: floatLanes2('F32', (a, b) => `Math.max(${a}, ${b})`),
  vmaximumf64x2: floatLanes2('F64', (a, b) => `Math.max(${a}, ${b})`),
  vminimumf32x4: floatLanes2('F32', (a, b) => `Math.min(${a}, ${b})`),
  vminimumf64x2: floatLanes2('F64', (a, b) => `Math.min(${a}, ${b})`),

  vsqrt32x4: floatLanes1('F32', (a) => `Math.sqrt(${a})`),
  vsqrt64x2: floatLanes1('F64', (a) => `Math.sqrt(${a})`),
  vtrunc32x4: floatLanes1('F32', (a) => `Math.trunc(${a})`),
  vtrunc64x2: floatLanes1('F64', (a) => `Math.trunc(${a})`),
  vfloor32x4: floatLanes1('F32', (a) => `Math.floor(${a})`),
  vfloor64x2: floatLanes1('F64', (a) => `Math.floor(${a})`),
  vceil32x4: floatLanes1('F32', (a) => `Math.ceil(${a})`),
  vceil64x2: floatLanes1('F64', (a) => `Math.ceil(${a})`),
  vnearest32x4: floatLanes1('F32', nearest),
  vnearest64x2: floatLanes1('F64', nearest),

  vnegf32x4: signF32('^ -2147483648'),
  vabsf32x4: signF32('& 2147483647'),
  vnegf64x2: signF64('^ -2147483648'),
  vabsf64x2: signF64('& 2147483647'),

  veqf32x4: compareF32('==='),
  vneqf32x4: compareF32('!=='),
  vltf32x4: compareF32('<'),
  vlteqf32x4: compareF32('<='),
  veqf64x2: compareF64('==='),
  vneqf64x2: compareF64('!=='),
  vltf64x2: compareF64('<'),
  vlteqf64x2: compareF64('<='),

  // int32 -> f32: the double is exact, the F32 store rounds once.
  vf32x4_from_i32x4_s: lanes1('I32', (a) => a, 'F32'),
  vf32x4_from_i32x4_u: lanes1('I32', (a) => `${a} >>> 0`, 'F32'),
  vf64x2_from_i64x2_s: fromI64(false),
  vf64x2_from_i64x2_u: fromI64(true),
  // Saturating truncation (NaN -> 0): `x | 0` and `x >>> 0` truncate and give 0 for NaN.
  vi32x4_from_f32x4_s: lanes1('F32', (a) => `(v = ${a}) >= 2147483648 ? 2147483647 : v < -2147483648 ? -2147483648 : v | 0`, 'I32'),
  vi32x4_from_f32x4_u: lanes1('F32', (a) => `(v = ${a}) >= 4294967296 ? -1 : v > -1 ? v >>> 0 : 0`, 'I32'),
  vi64x2_from_f64x2_s: toI64('>= -9223372036854775808', '9223372036854775808'),
  vi64x2_from_f64x2_u: toI64('> -1', '18446744073709551616'),

  // f32 <-> f64 lanes: exact / rounded once by the F32 store; a NaN keeps its payload in the handler.
  vfpromotelow: (e, [d, s]) => floatResults(e, 'F64', d as number, [lane('F32', s as number, 0), lane('F32', s as number, 1)]),
  vfdemote: (e, [d, s]) => floatResults(e, 'F32', d as number, [lane('F64', s as number, 0), lane('F64', s as number, 1)],
    `${word(d as number, 2)} = 0; ${word(d as number, 3)} = 0;`),
};
