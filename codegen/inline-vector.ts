// Inline JS for Pulley's vector (v128) ops: moves, constants, splats, lanes, shuffles,
// bitwise logic and memory here; integer lane arithmetic in inline-vector-int.ts, float
// lanes in inline-vector-float.ts, the shared vocabulary in inline-vector-lanes.ts. An op
// with no emitter (only vfma32x4 / vfma64x2) runs through the interpreter's handler
// (translate.ts), which is always correct but slower.
//
// v registers stay in the register file: v register r is 16 bytes at V_BYTE + 16r, read
// and written through the prelude's typed arrays over the whole file (I32, F32, F64, and
// the lane views U8, I8, U16, I16 of unit.ts). Semantics are those of the interpreter's
// handlers (runtime/ops/vector-*.ts), which the shared Pulley vectors check:
// - lane-wise ops write output lane i from input lanes i only, so dst may alias a source
//   and lanes are written one by one; ops whose lanes cross (shuffle, swizzle, widen,
//   narrow, pairwise, loads) compute into temporaries first.
// - a float lane result that is NaN sends the whole instruction to the handler (before
//   anything is written), so NaN bits are the interpreter's own.
// - memory ops follow the scalar ones (inline-ops.ts): `at` = this pc, an access outside
//   its region throws and the interpreter re-executes it and traps; nothing is written
//   before every read succeeded, and stores are range-checked before the first write.

import type * as ES from 'estree';
import { addressing, wholeStoreCheck, type Emit } from './inline-ops.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import { V_BYTE } from '../runtime/machine.js';
import { binary, chain, ifStmt, js, set } from './ast.js';
import {
  copy, type Emitter, fWord, lane, laneCount, setWords, temp, type View, viaTemps, word, wordsOp, WORDS, xHi, xLo,
} from './inline-vector-lanes.js';
import { VECTOR_INT_EMITTERS } from './inline-vector-int.js';
import { VECTOR_FLOAT_EMITTERS } from './inline-vector-float.js';

type Expr = ES.Expression;

// ## Moves, constants, splats, lanes

/**
 * vconst128 reads its immediate from the bytecode (the code region's view) rather than
 * writing it into the JS: modules that differ only in constants (the spec harness makes
 * thousands) then get the same source, which V8 compiles once and caches.
 */
const vconst128: Emitter = (e, [d]) => {
  const at = e.pc + e.instr.op.operands.find((o) => o.name === 'imm')!.offset;
  return [js.stmt`V = CODE.view;`, ...setWords(d as number, WORDS.map((i) => js.expr`V.getInt32(${at + 4 * i}, true)`))];
};

/** Splat of the low `bytes` bytes of a 32-bit word expression (all four words alike). */
const splat = (bytes: 1 | 2 | 4, source: (e: Emit, s: number) => Expr): Emitter => (e, [d, s]) => {
  const x = source(e, s as number);
  const value = bytes === 4 ? x : bytes === 2 ? js.expr`Math.imul(${x} & 0xffff, 0x10001)` : js.expr`Math.imul(${x} & 0xff, 0x1010101)`;
  return [js.stmt`l = ${value};`, ...setWords(d as number, WORDS.map(() => js.expr`l`))];
};
const splat64 = (lo: (e: Emit, s: number) => Expr, hi: (e: Emit, s: number) => Expr): Emitter => (e, [d, s]) => [
  js.stmt`l = ${lo(e, s as number)};`, js.stmt`h = ${hi(e, s as number)};`,
  ...setWords(d as number, [js.expr`l`, js.expr`h`, js.expr`l`, js.expr`h`]),
];
const fLo = (_e: Emit, s: number) => fWord(s, 0);
const fHi = (_e: Emit, s: number) => fWord(s, 1);

/** Lane (index modulo the lane count) into the low word of x register dst: the high word is kept. */
const extractX = (view: View): Emitter => (e, [d, s, i]) =>
  [set(xLo(e, d as number), lane(view, s as number, (i as number) & (laneCount(view) - 1)))];

/** dst = src1 with one lane replaced by the low bits of x or f register src2. */
const insert = (view: View, from: 'x' | 'f'): Emitter => (e, [o, i]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const k = (i as number) & (laneCount(view) - 1);
  const lo = from === 'x' ? xLo(e, src2) : fWord(src2, 0);
  return [...copy(dst, src1), set(lane(view, dst, k), lo)];
};
const insert64 = (from: 'x' | 'f'): Emitter => (e, [o, i]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const k = 2 * ((i as number) & 1);
  const [lo, hi] = from === 'x' ? [xLo(e, src2), xHi(e, src2)] : [fWord(src2, 0), fWord(src2, 1)];
  return [...copy(dst, src1), set(word(dst, k), lo), set(word(dst, k + 1), hi)];
};

/** A byte of the result as an expression: byte `sel` (0..31) of src1 then src2. */
const pickByte = (a: number, b: number, sel: number) => (sel < 16 ? lane('U8', a, sel) : lane('U8', b, sel - 16));

/** Word j of a shuffle: one aligned word read where the mask picks one, else four bytes. */
function shuffleWord(a: number, b: number, sel: readonly number[], j: number): Expr {
  const s = sel.slice(4 * j, 4 * j + 4);
  if (s[0]! % 4 === 0 && s.every((x, k) => x === s[0]! + k)) {
    return s[0]! < 16 ? word(a, s[0]! / 4) : word(b, (s[0]! - 16) / 4);
  }
  return chain('|', s.map((x, k) => (k === 0 ? pickByte(a, b, x) : binary('<<', pickByte(a, b, x), 8 * k))));
}

const vshuffle: Emitter = (_e, [d, a, b, mask]) => {
  // Pulley panics on a selector >= 32; the encoder never emits one (the handler masks it too).
  const sel = [...Array(16).keys()].map((i) => Number(((mask as bigint) >> BigInt(8 * i)) & 31n));
  const words = WORDS.map((j) => shuffleWord(a as number, b as number, sel, j));
  return viaTemps(d as number, words);
};

/** Byte i = src1[src2[i]] for an index below 16 (unsigned), else 0. */
const vswizzle: Emitter = (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const byte = (i: number) => js.expr`(l = ${lane('U8', src2, i)}) < 16 ? U8[${V_BYTE + 16 * src1} + l] : 0`;
  const words = WORDS.map((j) => chain('|', [0, 1, 2, 3].map((k) => (k === 0 ? byte(4 * j) : binary('<<', byte(4 * j + k), 8 * k)))));
  return viaTemps(dst, words);
};

// ## Memory

const VECTOR_MEMORY = /^v(load|store)128le_(o32|z|g32)$/;
/** The extending loads: 8 bytes as 8x8, 16x4 or 32x2 lanes, each extended to twice its width. */
const EXTENDING_LOAD = /^vload(8x8|16x4le|32x2le)_([su])_(o32|z|g32)$/;

/** Words of an extending load from the 8 bytes read as the little-endian words l, h. */
function extendedWords(lanes: string, signed: boolean): Expr[] {
  if (lanes === '32x2le') return signed ? [js.expr`l`, js.expr`l >> 31`, js.expr`h`, js.expr`h >> 31`] : [js.expr`l`, js.expr`0`, js.expr`h`, js.expr`0`];
  if (lanes === '16x4le') {
    return signed ? [js.expr`(l << 16) >> 16`, js.expr`l >> 16`, js.expr`(h << 16) >> 16`, js.expr`h >> 16`]
      : [js.expr`l & 0xffff`, js.expr`l >>> 16`, js.expr`h & 0xffff`, js.expr`h >>> 16`];
  }
  // 8x8: two bytes of the source to a word, each extended to 16 bits.
  const pair = (w: string, at: number) => (signed
    ? js.expr`(((${w} << ${24 - at}) >> 24) & 0xffff) | (((${w} << ${16 - at}) >> 24) << 16)`
    : js.expr`((${w} >>> ${at}) & 0xff) | (((${w} >>> ${at + 8}) & 0xff) << 16)`);
  return [pair('l', 0), pair('l', 16), pair('h', 0), pair('h', 16)];
}

function memoryOp(e: Emit): ES.Statement[] | undefined {
  const { op, operands } = e.instr;
  const match = VECTOR_MEMORY.exec(op.mnemonic);
  const extending = EXTENDING_LOAD.exec(op.mnemonic);
  if (!match && !extending) return undefined;
  const addrIndex = op.operands.findIndex((o) => o.type.startsWith('Addr'));
  const reg = operands[addrIndex === 0 ? 1 : 0] as number;
  const a = addressing(e, op.operands[addrIndex]!.type, operands[addrIndex], extending ? 8 : 16);
  if (a === undefined) return undefined;
  const prefix = [...a.checks, js.stmt`V = ${a.view};`, js.stmt`o = ${a.offset};`];
  if (extending) {
    // Both words are read (the second read fails first if the end is out of bounds) before any write.
    return [...prefix, ...js.stmts`l = V.getInt32(o, true); h = V.getInt32(o + 4, true);`,
      ...setWords(reg, extendedWords(extending[1]!, extending[2] === 's'))];
  }
  if (match![1] === 'load') {
    return [...prefix, ...WORDS.map((i) => set(temp(i), js.expr`V.getInt32(o + ${4 * i}, true)`)), ...setWords(reg, WORDS.map(temp))];
  }
  return [...prefix, ...wholeStoreCheck(e, a, 16), ...WORDS.map((i) => js.stmt`V.setInt32(o + ${4 * i}, ${word(reg, i)}, true);`)];
}

// ## The table

const MOVE_EMITTERS: Record<string, Emitter> = {
  vmov: (_e, [d, s]) => copy(d as number, s as number),
  vconst128,
  vselect: (e, [d, c, yes, no]) =>
    [ifStmt(js.expr`${xLo(e, c as number)} !== 0`, copy(d as number, yes as number), copy(d as number, no as number))],
  vsplatx8: splat(1, xLo),
  vsplatx16: splat(2, xLo),
  vsplatx32: splat(4, xLo),
  vsplatx64: splat64(xLo, xHi),
  vsplatf32: splat(4, fLo),
  vsplatf64: splat64(fLo, fHi),

  xextractv8x16: extractX('U8'),
  xextractv16x8: extractX('U16'),
  xextractv32x4: extractX('I32'),
  xextractv64x2: (e, [d, s, i]) => {
    const k = 2 * ((i as number) & 1);
    return [set(xLo(e, d as number), word(s as number, k)), set(xHi(e, d as number), word(s as number, k + 1))];
  },
  fextractv32x4: (_e, [d, s, i]) => [set(fWord(d as number, 0), word(s as number, (i as number) & 3))],
  fextractv64x2: (_e, [d, s, i]) => {
    const k = 2 * ((i as number) & 1);
    return [set(fWord(d as number, 0), word(s as number, k)), set(fWord(d as number, 1), word(s as number, k + 1))];
  },
  vinsertx8: insert('U8', 'x'),
  vinsertx16: insert('U16', 'x'),
  vinsertx32: insert('I32', 'x'),
  vinsertx64: insert64('x'),
  vinsertf32: insert('I32', 'f'),
  vinsertf64: insert64('f'),
  vshuffle,
  vswizzlei8x16: vswizzle,

  vband128: wordsOp('&'),
  vbor128: wordsOp('|'),
  vbxor128: wordsOp('^'),
  vbnot128: (_e, [d, s]) => WORDS.map((i) => set(word(d as number, i), js.expr`~${word(s as number, i)}`)),
  vbitselect128: (_e, [d, c, x, y]) => WORDS.map((i) => {
    const cw = word(c as number, i);
    return set(word(d as number, i), js.expr`(${cw} & ${word(x as number, i)}) | (~${cw} & ${word(y as number, i)})`);
  }),
};

const VECTOR_EMITTERS: Record<string, Emitter> = { ...MOVE_EMITTERS, ...VECTOR_INT_EMITTERS, ...VECTOR_FLOAT_EMITTERS };

/** Inline statements for a vector op, or undefined to use the interpreter's handler. */
export function vectorStatements(e: Emit): ES.Statement[] | undefined {
  const emitter = VECTOR_EMITTERS[e.instr.op.mnemonic];
  if (emitter) return emitter(e, e.instr.operands);
  return memoryOp(e);
}
