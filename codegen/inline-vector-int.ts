// Inline JS for the integer lane ops of Pulley's vector set: wrapping and saturating
// add/sub, multiply, Q15 multiply, shifts, comparisons, min/max, abs/neg, popcount,
// rounding average, pairwise add, widening and narrowing, and the reductions into an x
// register (bitmask, all_true, any_true). Semantics: runtime/ops/vector-int.ts and
// vector-move.ts (the interpreter), after pulley/src/interp.rs at v35.0.0.

import type * as ES from 'estree';
import type { BinaryOperands } from '../src/isa/operands.js';
import { binary, chain, id, ifStmt, js, num, set } from './ast.js';
import { borrowOut, carryOut, mul64Words } from './inline-ops.js';
import {
  type Emitter, lane, lanes1, lanes2, lanes64, lanes64of1, lanesOf, laneCount, type Pair, type View, viaTemps, word,
  words2, WORDS, xLo,
} from './inline-vector-lanes.js';

type Expr = ES.Expression;

// ## Add and subtract

// Lanes of 8 or 16 bits added or subtracted four or two to a word (SWAR): the high bit of
// each lane is computed apart so that no carry or borrow crosses into the next lane.
const swarAdd = (high: number): Emitter => words2((a, b) =>
  js.expr`((${a} & ${~high}) + (${b} & ${~high})) ^ ((${a} ^ ${b}) & ${high | 0})`);
const swarSub = (high: number): Emitter => words2((a, b) =>
  js.expr`((${a} | ${high | 0}) - (${b} & ${~high})) ^ ((${a} ^ ~${b}) & ${high | 0})`);
const H8 = 0x80808080, H16 = 0x80008000;

/** The lane value in `l` clamped to [min, max] (an expression that assigns l first). */
const clamp = (value: Expr, min: number, max: number) =>
  js.expr`(l = ${value}) > ${max} ? ${max} : l < ${min} ? ${min} : l`;
const saturating = (view: View, op: '+' | '-', min: number, max: number): Emitter =>
  lanes2(view, (a, b) => clamp(binary(op, a, b), min, max));

/**
 * Rounding average of unsigned lanes, a word at a time: (a + b + 1) >> 1 = (a | b) - ((a ^ b) >> 1)
 * in each lane, which never borrows from the next; `low` masks off the bit shifted in from it.
 */
const swarAverage = (low: number): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return WORDS.flatMap((i) => js.stmts`
    l = ${word(src1, i)}; h = ${word(src2, i)}; ${word(dst, i)} = (l | h) - (((l ^ h) >>> 1) & ${low});`);
};

/** Pairwise add: [a0+a1, a2+a3, ..., b0+b1, ...], wrapping to the lane. */
const addPairwise = (view: 'I16' | 'I32'): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const half = laneCount(view) / 2;
  const sum = (k: number) => { // output lane k
    const r = k < half ? src1 : src2, j = 2 * (k % half);
    return binary('+', lane(view, r, j), lane(view, r, j + 1));
  };
  return viaTemps(dst, WORDS.map((w) => (view === 'I32' ? js.expr`${sum(w)} | 0`
    : js.expr`(${sum(2 * w)} & 0xffff) | (${sum(2 * w + 1)} << 16)`)));
};

// ## Shifts: the amount is x src2's low word masked to the lane width (as wrapping_shl/shr)

const shift = (view: View, op: ES.BinaryOperator): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return [
    js.stmt`l = ${xLo(e, src2)} & ${128 / laneCount(view) - 1};`,
    ...lanesOf(view).map((i) => set(lane(view, dst, i), binary(op, lane(view, src1, i), js.expr`l`))),
  ];
};
/** 64-bit lane shifts through the prelude's SHL64/SHR64/SAR64 (they mask the amount to 0..63). */
const shift64 = (helper: string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return [js.stmt`w = ${xLo(e, src2)};`, ...[0, 2].flatMap((i) => js.stmts`
    l = ${helper}(${word(src1, i)}, ${word(src1, i + 1)}, w); ${word(dst, i + 1)} = HI; ${word(dst, i)} = l;`)];
};

// ## Comparisons: an all-ones or zero lane

const compare = (view: View, op: ES.BinaryOperator, unsigned = false): Emitter => lanes2(view, (a, b) =>
  js.expr`${unsigned ? binary(op, js.expr`${a} >>> 0`, js.expr`${b} >>> 0`) : binary(op, a, b)} ? -1 : 0`);
/** 64-bit lanes: `test` is a condition on the (lo, hi) words of a and b. */
const compare64 = (test: (a: Pair, b: Pair) => Expr): Emitter =>
  lanes64(([dl, dh], a, b) => js.stmts`l = ${test(a, b)} ? -1 : 0; ${dl} = l; ${dh} = l;`);
const lessS64 = ([al, ah]: Pair, [bl, bh]: Pair) =>
  js.expr`${ah} < ${bh} || (${ah} === ${bh} && (${al} >>> 0) < (${bl} >>> 0))`;
const lessU64 = ([al, ah]: Pair, [bl, bh]: Pair) =>
  js.expr`(${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && (${al} >>> 0) < (${bl} >>> 0))`;

// ## Min, max, abs, neg

/** min/max of each lane pair: each source lane read once. */
const pick = (view: View, op: '<' | '>', unsigned = false): Emitter => lanes2(view, (a, b) => (unsigned
  ? js.expr`${binary(op, js.expr`(l = ${a}) >>> 0`, js.expr`(h = ${b}) >>> 0`)} ? l : h`
  : js.expr`${binary(op, js.expr`l = ${a}`, js.expr`h = ${b}`)} ? l : h`));

/** 64-bit negation of a into d: the low word's borrow goes to the high word. */
const neg64 = ([dl, dh]: Pair, [al, ah]: Pair) =>
  js.stmts`l = ${al}; ${dh} = (~${ah} + (l === 0 ? 1 : 0)) | 0; ${dl} = -l | 0;`;

// ## Widening and narrowing (lanes cross: computed into temporaries first)

/** Lanes `first`.. of `from` extended into words (two 16-bit lanes a word, or one 32-bit lane). */
const widen = (from: 'I8' | 'U8' | 'I16' | 'U16', high: boolean): Emitter => (_e, [d, s]) => {
  const count = laneCount(from) / 2, first = high ? count : 0;
  const src = (i: number) => lane(from, s as number, first + i);
  return viaTemps(d as number, WORDS.map((w) => (from.endsWith('16') ? src(w)
    : from === 'U8' ? js.expr`${src(2 * w)} | (${src(2 * w + 1)} << 16)` : js.expr`(${src(2 * w)} & 0xffff) | (${src(2 * w + 1)} << 16)`)));
};
/** 32-bit lanes to 64: the high word is the sign (or zero) extension. */
const widen32 = (signed: boolean, high: boolean): Emitter => (_e, [d, s]) => {
  const w0 = word(s as number, high ? 2 : 0), w1 = word(s as number, high ? 3 : 1);
  return viaTemps(d as number, signed ? [w0, js.expr`${w0} >> 31`, w1, js.expr`${w1} >> 31`] : [w0, num(0), w1, num(0)]);
};

/** Lanes of src1 then src2 saturated into the half-width lanes, `per` narrow lanes to a word. */
const narrow = (from: 'I16' | 'I32', min: number, max: number): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const count = laneCount(from), per = from === 'I16' ? 4 : 2, bits = 32 / per;
  const sat = (k: number) => clamp(lane(from, k < count ? src1 : src2, k % count), min, max);
  return viaTemps(dst, WORDS.map((w) => chain('|', [...Array(per).keys()].map((j) => {
    const value = j === per - 1 ? sat(per * w + j) : binary('&', sat(per * w + j), (1 << bits) - 1);
    return j === 0 ? value : binary('<<', value, bits * j);
  }))));
};
/** i64 lanes narrowed to 32 bits: `pickWord(lo, hi)` gives the saturated word. */
const narrow64 = (pickWord: (lo: Expr, hi: Expr) => Expr): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return viaTemps(dst, [[src1, 0], [src1, 2], [src2, 0], [src2, 2]].map(([r, i]) =>
    pickWord(word(r!, i!), word(r!, i! + 1))));
};

// ## Reductions into the low word of an x register

/** Bit i of the result is the top bit of lane i. */
const bitmask = (view: 'U8' | 'U16' | 'I32'): Emitter => (e, [d, s]) => {
  const top = 128 / laneCount(view) - 1;
  const bits = lanesOf(view).map((i) => (i === 0 ? js.expr`${lane(view, s as number, 0)} >>> ${top}`
    : js.expr`(${lane(view, s as number, i)} >>> ${top}) << ${i}`));
  return [set(xLo(e, d as number), chain('|', bits))];
};
const bitmask64: Emitter = (e, [d, s]) =>
  js.stmts`${xLo(e, d as number)} = (${word(s as number, 1)} >>> 31) | ((${word(s as number, 3)} >>> 31) << 1);`;

/** any_true: some bit set anywhere (whatever the lane width). */
const anyTrue: Emitter = (e, [d, s]) =>
  js.stmts`${xLo(e, d as number)} = ${chain('|', WORDS.map((i) => word(s as number, i)))} !== 0 ? 1 : 0;`;
/**
 * all_true: no zero lane. A word has a zero lane exactly when (w - ones) & ~w & high is
 * nonzero (`ones`, `high`: the low / high bit of every lane; the classic zero-byte test,
 * exact for whether there is one).
 */
const allTrue = (ones: number, high: number): Emitter => (e, [d, s]) => {
  const zeroLane = (w: Expr) => js.expr`(${w} - ${ones}) & ~${w} & ${high | 0}`;
  return js.stmts`${xLo(e, d as number)} = ${chain('|', WORDS.map((i) => zeroLane(word(s as number, i))))} === 0 ? 1 : 0;`;
};
const allTrue32: Emitter = (e, [d, s]) =>
  js.stmts`${xLo(e, d as number)} = ${chain('&&', WORDS.map((i) => js.expr`${word(s as number, i)} !== 0`))} ? 1 : 0;`;
const allTrue64: Emitter = (e, [d, s]) => js.stmts`${xLo(e, d as number)} =
  (${word(s as number, 0)} | ${word(s as number, 1)}) !== 0 && (${word(s as number, 2)} | ${word(s as number, 3)}) !== 0 ? 1 : 0;`;

// ## The table

export const VECTOR_INT_EMITTERS: Record<string, Emitter> = {
  vaddi8x16: swarAdd(H8),
  vaddi16x8: swarAdd(H16),
  vaddi32x4: words2((a, b) => js.expr`(${a} + ${b}) | 0`),
  vaddi64x2: lanes64(([dl, dh], [al, ah], [bl, bh]) =>
    js.stmts`l = (${al} + ${bl}) | 0; ${dh} = (${ah} + ${bh} + ${carryOut(al, bl, id('l'))}) | 0; ${dl} = l;`),
  vsubi8x16: swarSub(H8),
  vsubi16x8: swarSub(H16),
  vsubi32x4: words2((a, b) => js.expr`(${a} - ${b}) | 0`),
  vsubi64x2: lanes64(([dl, dh], [al, ah], [bl, bh]) =>
    js.stmts`l = (${al} - ${bl}) | 0; ${dh} = (${ah} - ${bh} - ${borrowOut(al, bl, id('l'))}) | 0; ${dl} = l;`),
  vaddi8x16_sat: saturating('I8', '+', -128, 127),
  vaddu8x16_sat: saturating('U8', '+', 0, 255),
  vaddi16x8_sat: saturating('I16', '+', -32768, 32767),
  vaddu16x8_sat: saturating('U16', '+', 0, 65535),
  vsubi8x16_sat: saturating('I8', '-', -128, 127),
  vsubu8x16_sat: saturating('U8', '-', 0, 255),
  vsubi16x8_sat: saturating('I16', '-', -32768, 32767),
  vsubu16x8_sat: saturating('U16', '-', 0, 65535),
  vaddpairwisei16x8_s: addPairwise('I16'),
  vaddpairwisei32x4_s: addPairwise('I32'),

  vmuli8x16: lanes2('I8', (a, b) => js.expr`Math.imul(${a}, ${b})`),
  vmuli16x8: lanes2('I16', (a, b) => js.expr`Math.imul(${a}, ${b})`),
  vmuli32x4: words2((a, b) => js.expr`Math.imul(${a}, ${b})`),
  vmuli64x2: lanes64(([dl, dh], [al, ah], [bl, bh]) => mul64Words(dl, dh, al, ah, bl, bh)),
  // (a * b + 2^14) >> 15 is exact in a double; only -2^15 * -2^15 goes past the top.
  vqmulrsi16x8: lanes2('I16', (a, b) => js.expr`(l = (${a} * ${b} + 0x4000) >> 15) > 32767 ? 32767 : l`),

  vshli8x16: shift('I8', '<<'),
  vshli16x8: shift('I16', '<<'),
  vshli32x4: shift('I32', '<<'),
  vshli64x2: shift64('SHL64'),
  vshri8x16_s: shift('I8', '>>'),
  vshri16x8_s: shift('I16', '>>'),
  vshri32x4_s: shift('I32', '>>'),
  vshri64x2_s: shift64('SAR64'),
  vshri8x16_u: shift('U8', '>>>'),
  vshri16x8_u: shift('U16', '>>>'),
  vshri32x4_u: shift('I32', '>>>'),
  vshri64x2_u: shift64('SHR64'),

  veq8x16: compare('I8', '==='),
  vneq8x16: compare('I8', '!=='),
  vslt8x16: compare('I8', '<'),
  vslteq8x16: compare('I8', '<='),
  vult8x16: compare('U8', '<'),
  vulteq8x16: compare('U8', '<='),
  veq16x8: compare('I16', '==='),
  vneq16x8: compare('I16', '!=='),
  vslt16x8: compare('I16', '<'),
  vslteq16x8: compare('I16', '<='),
  vult16x8: compare('U16', '<'),
  vulteq16x8: compare('U16', '<='),
  veq32x4: compare('I32', '==='),
  vneq32x4: compare('I32', '!=='),
  vslt32x4: compare('I32', '<'),
  vslteq32x4: compare('I32', '<='),
  vult32x4: compare('I32', '<', true),
  vulteq32x4: compare('I32', '<=', true),
  veq64x2: compare64(([al, ah], [bl, bh]) => js.expr`${al} === ${bl} && ${ah} === ${bh}`),
  vneq64x2: compare64(([al, ah], [bl, bh]) => js.expr`${al} !== ${bl} || ${ah} !== ${bh}`),
  vslt64x2: compare64(lessS64),
  vslteq64x2: compare64((a, b) => js.expr`!${lessS64(b, a)}`),
  vult64x2: compare64(lessU64),
  vulteq64x2: compare64((a, b) => js.expr`!${lessU64(b, a)}`),

  vmin8x16_s: pick('I8', '<'),
  vmin8x16_u: pick('U8', '<'),
  vmin16x8_s: pick('I16', '<'),
  vmin16x8_u: pick('U16', '<'),
  vmin32x4_s: pick('I32', '<'),
  vmin32x4_u: pick('I32', '<', true),
  vmax8x16_s: pick('I8', '>'),
  vmax8x16_u: pick('U8', '>'),
  vmax16x8_s: pick('I16', '>'),
  vmax16x8_u: pick('U16', '>'),
  vmax32x4_s: pick('I32', '>'),
  vmax32x4_u: pick('I32', '>', true),
  vavground8x16: swarAverage(0x7f7f7f7f),
  vavground16x8: swarAverage(0x7fff7fff),

  // The minimum value negated (or its abs) wraps back to itself on store, as in Pulley.
  vneg8x16: lanes1('I8', (a) => js.expr`-${a}`),
  vneg16x8: lanes1('I16', (a) => js.expr`-${a}`),
  vneg32x4: lanes1('I32', (a) => js.expr`-${a} | 0`),
  vneg64x2: lanes64of1(neg64),
  vabs8x16: lanes1('I8', (a) => js.expr`(l = ${a}) < 0 ? -l : l`),
  vabs16x8: lanes1('I16', (a) => js.expr`(l = ${a}) < 0 ? -l : l`),
  vabs32x4: lanes1('I32', (a) => js.expr`(l = ${a}) < 0 ? -l | 0 : l`),
  vabs64x2: lanes64of1((d, a) => [ifStmt(js.expr`${a[1]} < 0`, neg64(d, a), js.stmts`${d[0]} = ${a[0]}; ${d[1]} = ${a[1]};`)]),
  // Bit counts of the four bytes of each word at once (SWAR): no field overflows into the next.
  vpopcnt8x16: (_e, [d, s]) => WORDS.flatMap((i) => js.stmts`l = ${word(s as number, i)}; l = (l - ((l >>> 1) & 0x55555555)) | 0;
    l = (l & 0x33333333) + ((l >>> 2) & 0x33333333); ${word(d as number, i)} = (l + (l >>> 4)) & 0x0f0f0f0f;`),

  vwidenlow8x16_s: widen('I8', false),
  vwidenlow8x16_u: widen('U8', false),
  vwidenlow16x8_s: widen('I16', false),
  vwidenlow16x8_u: widen('U16', false),
  vwidenlow32x4_s: widen32(true, false),
  vwidenlow32x4_u: widen32(false, false),
  vwidenhigh8x16_s: widen('I8', true),
  vwidenhigh8x16_u: widen('U8', true),
  vwidenhigh16x8_s: widen('I16', true),
  vwidenhigh16x8_u: widen('U16', true),
  vwidenhigh32x4_s: widen32(true, true),
  vwidenhigh32x4_u: widen32(false, true),
  vnarrow16x8_s: narrow('I16', -128, 127),
  vnarrow16x8_u: narrow('I16', 0, 255),
  vnarrow32x4_s: narrow('I32', -32768, 32767),
  vnarrow32x4_u: narrow('I32', 0, 65535),
  vnarrow64x2_s: narrow64((lo, hi) => js.expr`(l = ${lo}, h = ${hi}) === l >> 31 ? l : h < 0 ? -2147483648 : 2147483647`),
  vnarrow64x2_u: narrow64((lo, hi) => js.expr`(h = ${hi}) < 0 ? 0 : h === 0 ? ${lo} : -1`),
  vunarrow64x2_u: narrow64((lo, hi) => js.expr`${hi} === 0 ? ${lo} : -1`),

  vbitmask8x16: bitmask('U8'),
  vbitmask16x8: bitmask('U16'),
  vbitmask32x4: bitmask('I32'),
  vbitmask64x2: bitmask64,
  vanytrue8x16: anyTrue,
  vanytrue16x8: anyTrue,
  vanytrue32x4: anyTrue,
  vanytrue64x2: anyTrue,
  valltrue8x16: allTrue(0x01010101, 0x80808080),
  valltrue16x8: allTrue(0x00010001, 0x80008000),
  valltrue32x4: allTrue32,
  valltrue64x2: allTrue64,
};

