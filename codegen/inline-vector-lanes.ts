// The vocabulary of the inline vector ops (inline-vector*.ts): where a lane of a v
// register is in the generated code's typed arrays, and the shapes most ops share.
//
// v register r is 16 bytes at V_BYTE + 16r of the register file, which the unit's
// prelude sees through I32, F32, F64 (inline-ops.ts) and U8, I8, U16, I16 (unit.ts).
// Typed arrays wrap (or round, for F32) a value on store, which gives the lane result of
// most integer ops for free.

import { viaHandler, type Emit } from './inline-ops.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import { F_I32, V_BYTE } from '../runtime/machine.js';

export type Emitter = (e: Emit, ops: readonly unknown[]) => string | undefined;

/** Typed-array views of the register file available to generated code. */
export type View = 'U8' | 'I8' | 'U16' | 'I16' | 'I32' | 'F32' | 'F64';
const SHIFT: Record<View, number> = { U8: 0, I8: 0, U16: 1, I16: 1, I32: 2, F32: 2, F64: 3 };

/** Element `i` of v register `r` in `view`. */
export const lane = (view: View, r: number, i: number) => `${view}[${((V_BYTE + 16 * r) >> SHIFT[view]) + i}]`;
/** 32-bit word `i` (0..3) of v register `r`. */
export const word = (r: number, i: number) => lane('I32', r, i);
/** Word `i` of f register `r` (f registers named by vector ops are never cached in locals). */
export const fWord = (r: number, i: number) => `I32[${F_I32 + 2 * r + i}]`;
/** Temporaries for the four words of a result computed before it is written (inline-ops.ts declares them). */
export const TEMP = ['a0l', 'a1l', 'a2l', 'a3l'] as const;

export const WORDS = [0, 1, 2, 3];
export const lanesOf = (view: View) => [...Array(16 >> SHIFT[view]).keys()];
export const laneCount = (view: View) => 16 >> SHIFT[view];
export const each = <T>(xs: readonly T[], f: (x: T, i: number) => string) => xs.map(f).join(' ');

export const copy = (d: number, s: number) => (d === s ? '' : each(WORDS, (i) => `${word(d, i)} = ${word(s, i)};`));
export const setWords = (d: number, values: readonly string[]) => each(WORDS, (i) => `${word(d, i)} = ${values[i]};`);
/** Four word expressions computed into the temporaries, then written: for ops whose lanes cross. */
export const viaTemps = (d: number, values: readonly string[]) =>
  `${each(WORDS, (i) => `${TEMP[i]} = ${values[i]};`)} ${setWords(d, TEMP)}`;

// ## Lane-wise shapes: output lane i from input lanes i only, so dst may alias a source
// and each lane is written as soon as it is computed.

/** dst = f(src1, src2) word by word. */
export const words2 = (expr: (a: string, b: string) => string): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each(WORDS, (i) => `${word(dst, i)} = ${expr(word(src1, i), word(src2, i))};`);
};
/** dst = f(src1, src2) lane by lane in `view`; the result is stored through `out` (default: the same view). */
export const lanes2 = (view: View, expr: (a: string, b: string) => string, out: View = view): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each(lanesOf(view), (i) => `${lane(out, dst, i)} = ${expr(lane(view, src1, i), lane(view, src2, i))};`);
};
/** dst = f(src) lane by lane for `dst:VReg src:VReg`. */
export const lanes1 = (view: View, expr: (a: string) => string, out: View = view): Emitter => (_e, [d, s]) =>
  each(lanesOf(view), (i) => `${lane(out, d as number, i)} = ${expr(lane(view, s as number, i))};`);

/** 64-bit lanes as (lo, hi) word pairs: `f` writes dst's words from the source words. */
export const lanes64 = (f: (dl: string, dh: string, al: string, ah: string, bl: string, bh: string) => string): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each([0, 2], (i) => f(word(dst, i), word(dst, i + 1), word(src1, i), word(src1, i + 1), word(src2, i), word(src2, i + 1)));
};
/** Unary 64-bit lanes: `f` writes dst's words (dl, dh) from the source words (al, ah). */
export const lanes64of1 = (f: (dl: string, dh: string, al: string, ah: string) => string): Emitter => (_e, [d, s]) =>
  each([0, 2], (i) => f(word(d as number, i), word(d as number, i + 1), word(s as number, i), word(s as number, i + 1)));

// ## Float lanes

/**
 * Float lane results: every result into a temporary; any NaN runs the handler on the
 * untouched registers (so NaN bits are the interpreter's), else the lanes are written
 * through `view` (an F32 store rounds the double result once, as the handler's does),
 * then the statements `after`.
 */
export const floatResults = (e: Emit, view: 'F32' | 'F64', d: number, results: readonly string[], after = '') => {
  const temps = results.map((_, i) => TEMP[i]!);
  const nan = temps.map((t) => `${t} !== ${t}`).join(' || ');
  return `${each(results, (r, i) => `${temps[i]} = ${r};`)} if (${nan}) ${viaHandler(e)} ` +
    `else { ${each(temps, (t, i) => `${lane(view, d, i)} = ${t};`)}${after ? ` ${after}` : ''} }`;
};
/** Binary float lanes through floatResults. */
export const floatLanes2 = (view: 'F32' | 'F64', expr: (a: string, b: string) => string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return floatResults(e, view, dst, lanesOf(view).map((i) => expr(lane(view, src1, i), lane(view, src2, i))));
};
/** Unary float lanes through floatResults. */
export const floatLanes1 = (view: 'F32' | 'F64', expr: (a: string) => string): Emitter => (e, [d, s]) =>
  floatResults(e, view, d as number, lanesOf(view).map((i) => expr(lane(view, s as number, i))));
