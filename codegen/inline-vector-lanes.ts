// The vocabulary of the inline vector ops (inline-vector*.ts): where a lane of a v
// register is in the generated code's typed arrays, and the shapes most ops share. Every
// emitter builds ESTree nodes (codegen/ast.ts).
//
// v register r is 16 bytes at V_BYTE + 16r of the register file, which the unit's
// prelude sees through I32, F32, F64 (inline-ops.ts) and U8, I8, U16, I16 (unit.ts).
// Typed arrays wrap (or round, for F32) a value on store, which gives the lane result of
// most integer ops for free.

import type * as ES from 'estree';
import { viaHandler, type Emit } from './inline-ops.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import { F_I32, V_BYTE } from '../runtime/machine.js';
import { binary, chain, id, ifStmt, index, set } from './ast.js';

export { viaHandler };
export type Emitter = (e: Emit, ops: readonly unknown[]) => ES.Statement[] | undefined;
type Expr = ES.Expression;

/** The locals of x register r's low and high words (as functions of the Emit, for the shapes below). */
export const xLo = (e: Emit, r: number): ES.Identifier => e.lo(r);
export const xHi = (e: Emit, r: number): ES.Identifier => e.hi(r);

// ## Where lanes are

/** Typed-array views of the register file available to generated code. */
export type View = 'U8' | 'I8' | 'U16' | 'I16' | 'I32' | 'F32' | 'F64';
const SHIFT: Record<View, number> = { U8: 0, I8: 0, U16: 1, I16: 1, I32: 2, F32: 2, F64: 3 };

/** Element `i` of v register `r` in `view`. */
export const lane = (view: View, r: number, i: number) => index(id(view), ((V_BYTE + 16 * r) >> SHIFT[view]) + i);
/** 32-bit word `i` (0..3) of v register `r`. */
export const word = (r: number, i: number) => lane('I32', r, i);
/** Word `i` of f register `r` (f registers named by vector ops are never cached in locals). */
export const fWord = (r: number, i: number) => index(id('I32'), F_I32 + 2 * r + i);
/** Temporaries for the four words of a result computed before it is written (inline-ops.ts declares them). */
export const TEMP = ['a0l', 'a1l', 'a2l', 'a3l'] as const;
export const temp = (i: number) => id(TEMP[i]!);

export const WORDS = [0, 1, 2, 3];
export const lanesOf = (view: View) => [...Array(16 >> SHIFT[view]).keys()];
export const laneCount = (view: View) => 16 >> SHIFT[view];

export const copy = (d: number, s: number): ES.Statement[] => (d === s ? [] : WORDS.map((i) => set(word(d, i), word(s, i))));
export const setWords = (d: number, values: readonly (Expr | number)[]) => WORDS.map((i) => set(word(d, i), values[i]!));
/** Four word expressions computed into the temporaries, then written: for ops whose lanes cross. */
export const viaTemps = (d: number, values: readonly Expr[]): ES.Statement[] =>
  [...WORDS.map((i) => set(temp(i), values[i]!)), ...setWords(d, WORDS.map(temp))];

// ## Lane-wise shapes: output lane i from input lanes i only, so dst may alias a source
// and each lane is written as soon as it is computed.

/** dst = f(src1, src2) word by word. */
export const words2 = (expr: (a: Expr, b: Expr) => Expr): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return WORDS.map((i) => set(word(dst, i), expr(word(src1, i), word(src2, i))));
};
/** dst = a op b word by word. */
export const wordsOp = (op: ES.BinaryOperator): Emitter => words2((a, b) => binary(op, a, b));
/** dst = f(src1, src2) lane by lane in `view`; the result is stored through `out` (default: the same view). */
export const lanes2 = (view: View, expr: (a: Expr, b: Expr) => Expr, out: View = view): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return lanesOf(view).map((i) => set(lane(out, dst, i), expr(lane(view, src1, i), lane(view, src2, i))));
};
/** dst = f(src) lane by lane for `dst:VReg src:VReg`. */
export const lanes1 = (view: View, expr: (a: Expr) => Expr, out: View = view): Emitter => (_e, [d, s]) =>
  lanesOf(view).map((i) => set(lane(out, d as number, i), expr(lane(view, s as number, i))));

/** The (lo, hi) words of a 64-bit lane. */
export type Pair = readonly [lo: Expr, hi: Expr];
const pairOf = (r: number, i: number): Pair => [word(r, i), word(r, i + 1)];
/** 64-bit lanes as (lo, hi) word pairs: `f` writes dst's words from the source words. */
export const lanes64 = (f: (d: Pair, a: Pair, b: Pair) => ES.Statement[]): Emitter => (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return [0, 2].flatMap((i) => f(pairOf(dst, i), pairOf(src1, i), pairOf(src2, i)));
};
/** Unary 64-bit lanes: `f` writes dst's words from the source words. */
export const lanes64of1 = (f: (d: Pair, a: Pair) => ES.Statement[]): Emitter => (_e, [d, s]) =>
  [0, 2].flatMap((i) => f(pairOf(d as number, i), pairOf(s as number, i)));

// ## Float lanes

/**
 * Float lane results: every result into a temporary; any NaN runs the handler on the
 * untouched registers (so NaN bits are the interpreter's), else the lanes are written
 * through `view` (an F32 store rounds the double result once, as the handler's does),
 * then the statements `after`.
 */
export const floatResults = (e: Emit, view: 'F32' | 'F64', d: number, results: readonly Expr[], after: ES.Statement[] = []): ES.Statement[] => {
  const temps = results.map((_, i) => temp(i));
  const nan = chain('||', temps.map((t) => binary('!==', t, t)));
  return [
    ...results.map((r, i) => set(temps[i]!, r)),
    ifStmt(nan, viaHandler(e), [...temps.map((t, i) => set(lane(view, d, i), t)), ...after]),
  ];
};
/** Binary float lanes through floatResults. */
export const floatLanes2 = (view: 'F32' | 'F64', expr: (a: Expr, b: Expr) => Expr): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return floatResults(e, view, dst, lanesOf(view).map((i) => expr(lane(view, src1, i), lane(view, src2, i))));
};
/** Unary float lanes through floatResults. */
export const floatLanes1 = (view: 'F32' | 'F64', expr: (a: Expr) => Expr): Emitter => (e, [d, s]) =>
  floatResults(e, view, d as number, lanesOf(view).map((i) => expr(lane(view, s as number, i))));
