// Inline JS for the float lane ops of Pulley's vector set: arithmetic, min/max, sqrt and
// rounding, sign ops, comparisons, and the conversions between float and integer lanes.
// Semantics: runtime/ops/vector-float.ts (the interpreter), after pulley/src/interp.rs at
// v35.0.0. A NaN result (or an f64 -> i64 lane out of range) runs the interpreter's
// handler before anything is written, so NaN bits and saturation are its own. vfma32x4
// and vfma64x2 (relaxed SIMD only; their rounding needs runtime/ops/vector-float-math.ts)
// stay with the handler.

import type * as ES from 'estree';
import type { BinaryOperands } from '../src/isa/operands.js';
import { binary, call, chain, dot, id, ifStmt, js, set } from './ast.js';
import {
  type Emitter, floatLanes1, floatLanes2, floatResults, lane, lanes1, lanes2, viaHandler, word,
} from './inline-vector-lanes.js';

type Expr = ES.Expression;

/** wasm `nearest` (ties to even, sign of zero kept) of a double expression read twice; as fmath.ts nearest. */
const nearest = (x: Expr) => js.expr`(v = Math.round(${x})) - ${x} === 0.5 && v % 2 !== 0 ? v - 1 : v`;
/** Math.<name>(a, ...) */
const mathOf = (name: string) => (...args: Expr[]) => call(dot(id('Math'), name), ...args);

/** f64 comparisons write a 64-bit all-ones / zero mask per lane. */
const compareF64 = (op: ES.BinaryOperator): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return [0, 1].flatMap((k) => js.stmts`
    l = ${binary(op, lane('F64', src1, k), lane('F64', src2, k))} ? -1 : 0;
    ${word(dst, 2 * k)} = l; ${word(dst, 2 * k + 1)} = l;`);
};
const compareF32 = (op: ES.BinaryOperator): Emitter => lanes2('F32', (a, b) => js.expr`${binary(op, a, b)} ? -1 : 0`, 'I32');

/** Sign ops on the bits (a NaN payload passes through): f32 lanes, or the high word of f64 lanes. */
const signF32 = (op: '^' | '&', mask: number): Emitter => lanes1('I32', (a) => binary(op, a, mask));
const signF64 = (op: '^' | '&', mask: number): Emitter => (_e, [d, s]) => [0, 2].flatMap((i) => [
  set(word(d as number, i), word(s as number, i)),
  set(word(d as number, i + 1), binary(op, word(s as number, i + 1), mask)),
]);

/** i64 lanes (lo, hi) to f64, rounded once: hi * 2^32 is exact, only the sum rounds. */
const fromI64 = (unsigned: boolean): Emitter => (_e, [d, s]) => [0, 1].map((k) => {
  const hi = word(s as number, 2 * k + 1);
  return js.stmt`${lane('F64', d as number, k)} = ${unsigned ? js.expr`(${hi} >>> 0)` : hi} * 4294967296 + (${word(s as number, 2 * k)} >>> 0);`;
});

/**
 * f64 lanes truncated to i64 when both are in range ([min, max) after truncation, so
 * never NaN); otherwise the handler saturates. v - hi * 2^32 is the exact low word.
 */
const toI64 = (aboveMin: (x: Expr) => Expr, max: Expr): Emitter => (e, [d, s]) => {
  const x = (k: number) => lane('F64', s as number, k);
  const inRange = chain('&&', [0, 1].flatMap((k) => [aboveMin(x(k)), binary('<', x(k), max)]));
  return [ifStmt(js.expr`!${inRange}`, viaHandler(e), [0, 1].flatMap((k) => js.stmts`
    v = Math.trunc(${x(k)}); h = Math.floor(v / 4294967296);
    ${word(d as number, 2 * k)} = v - h * 4294967296; ${word(d as number, 2 * k + 1)} = h;`))];
};

const add = (a: Expr, b: Expr) => binary('+', a, b);
const sub = (a: Expr, b: Expr) => binary('-', a, b);
const mul = (a: Expr, b: Expr) => binary('*', a, b);
const div = (a: Expr, b: Expr) => binary('/', a, b);

export const VECTOR_FLOAT_EMITTERS: Record<string, Emitter> = {
  vaddf32x4: floatLanes2('F32', add),
  vsubf32x4: floatLanes2('F32', sub),
  vmulf32x4: floatLanes2('F32', mul),
  vdivf32x4: floatLanes2('F32', div),
  vaddf64x2: floatLanes2('F64', add),
  vsubf64x2: floatLanes2('F64', sub),
  vmulf64x2: floatLanes2('F64', mul),
  vdivf64x2: floatLanes2('F64', div),
  // wasm min/max on non-NaN lanes are Math's (-0 below +0); a NaN goes to the handler.
  vmaximumf32x4: floatLanes2('F32', mathOf('max')),
  vmaximumf64x2: floatLanes2('F64', mathOf('max')),
  vminimumf32x4: floatLanes2('F32', mathOf('min')),
  vminimumf64x2: floatLanes2('F64', mathOf('min')),

  vsqrt32x4: floatLanes1('F32', mathOf('sqrt')),
  vsqrt64x2: floatLanes1('F64', mathOf('sqrt')),
  vtrunc32x4: floatLanes1('F32', mathOf('trunc')),
  vtrunc64x2: floatLanes1('F64', mathOf('trunc')),
  vfloor32x4: floatLanes1('F32', mathOf('floor')),
  vfloor64x2: floatLanes1('F64', mathOf('floor')),
  vceil32x4: floatLanes1('F32', mathOf('ceil')),
  vceil64x2: floatLanes1('F64', mathOf('ceil')),
  vnearest32x4: floatLanes1('F32', nearest),
  vnearest64x2: floatLanes1('F64', nearest),

  vnegf32x4: signF32('^', -2147483648),
  vabsf32x4: signF32('&', 2147483647),
  vnegf64x2: signF64('^', -2147483648),
  vabsf64x2: signF64('&', 2147483647),

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
  vf32x4_from_i32x4_u: lanes1('I32', (a) => js.expr`${a} >>> 0`, 'F32'),
  vf64x2_from_i64x2_s: fromI64(false),
  vf64x2_from_i64x2_u: fromI64(true),
  // Saturating truncation (NaN -> 0): `x | 0` and `x >>> 0` truncate and give 0 for NaN.
  vi32x4_from_f32x4_s: lanes1('F32', (a) => js.expr`(v = ${a}) >= 2147483648 ? 2147483647 : v < -2147483648 ? -2147483648 : v | 0`, 'I32'),
  vi32x4_from_f32x4_u: lanes1('F32', (a) => js.expr`(v = ${a}) >= 4294967296 ? -1 : v > -1 ? v >>> 0 : 0`, 'I32'),
  vi64x2_from_f64x2_s: toI64((x) => js.expr`${x} >= -9223372036854775808`, js.expr`9223372036854775808`),
  vi64x2_from_f64x2_u: toI64((x) => js.expr`${x} > -1`, js.expr`18446744073709551616`),

  // f32 <-> f64 lanes: exact / rounded once by the F32 store; a NaN keeps its payload in the handler.
  vfpromotelow: (e, [d, s]) => floatResults(e, 'F64', d as number, [lane('F32', s as number, 0), lane('F32', s as number, 1)]),
  vfdemote: (e, [d, s]) => floatResults(e, 'F32', d as number, [lane('F64', s as number, 0), lane('F64', s as number, 1)],
    js.stmts`${word(d as number, 2)} = 0; ${word(d as number, 3)} = 0;`),
};
