// Inline JS for Pulley's vector (v128) ops. Ops not listed here run through the
// interpreter's handlers (translate.ts), which is always correct but slower.
//
// v registers stay in the register file: v register r is 16 bytes at V_BYTE + 16r, read
// and written through the prelude's typed arrays over the whole file (I32, F32, F64, and
// the lane views U8, I8, U16, I16 of unit.ts). Semantics are those of the interpreter's
// handlers (runtime/ops/vector-*.ts), which the shared Pulley vectors check:
// - lane-wise ops write output lane i from input lanes i only, so dst may alias a source
//   and lanes are written one by one; ops whose lanes cross (shuffle, swizzle, loads)
//   compute into temporaries first.
// - a float lane result that is NaN sends the whole instruction to the handler (before
//   anything is written), so NaN bits are the interpreter's own.
// - memory ops follow the scalar ones (inline-ops.ts): `at` = this pc, an access outside
//   its region throws and the interpreter re-executes it and traps; nothing is written
//   before every read succeeded, and stores are range-checked before the first write.

import { addressing, viaHandler, type Emit } from './inline-ops.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import { F_I32, V_BYTE } from '../runtime/machine.js';

type Emitter = (e: Emit, ops: readonly unknown[]) => string | undefined;

/** Typed-array views of the register file available to generated code, by lane shift. */
type View = 'U8' | 'I8' | 'U16' | 'I16' | 'I32' | 'F32' | 'F64';
const SHIFT: Record<View, number> = { U8: 0, I8: 0, U16: 1, I16: 1, I32: 2, F32: 2, F64: 3 };

/** Element `i` of v register `r` in `view`. */
const lane = (view: View, r: number, i: number) => `${view}[${((V_BYTE + 16 * r) >> SHIFT[view]) + i}]`;
/** 32-bit word `i` (0..3) of v register `r`. */
const word = (r: number, i: number) => lane('I32', r, i);
/** Word `i` of f register `r` (f registers named by vector ops are never cached in locals). */
const fWord = (r: number, i: number) => `I32[${F_I32 + 2 * r + i}]`;
/** Temporaries for the four words of a result computed before it is written (inline-ops.ts declares them). */
const TEMP = ['a0l', 'a1l', 'a2l', 'a3l'] as const;

const WORDS = [0, 1, 2, 3];
const lanesOf = (view: View) => [...Array(16 >> SHIFT[view]).keys()];
const each = <T>(xs: readonly T[], f: (x: T) => string) => xs.map(f).join(' ');

/** The interpreter's handler for this instruction (v registers live in the register file). */

const copy = (d: number, s: number) => (d === s ? '' : each(WORDS, (i) => `${word(d, i)} = ${word(s, i)};`));
const setWords = (d: number, values: readonly string[]) => each(WORDS, (i) => `${word(d, i)} = ${values[i]};`);

// ## Lane-wise shapes

/** dst = f(src1, src2) word by word (bitwise ops, 32-bit lanes, SWAR on 8/16-bit lanes). */
const words2 = (expr: (a: string, b: string) => string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each(WORDS, (i) => `${word(dst, i)} = ${expr(word(src1, i), word(src2, i))};`);
};
/** dst = f(src1, src2) lane by lane in `view` (the typed array wraps the result to the lane). */
const lanes2 = (view: View, expr: (a: string, b: string) => string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each(lanesOf(view), (i) => `${lane(view, dst, i)} = ${expr(lane(view, src1, i), lane(view, src2, i))};`);
};
/** Comparisons: an all-ones or zero lane. */
const compare = (view: View, op: string, unsigned = false): Emitter => lanes2(view, (a, b) =>
  unsigned ? `(${a} >>> 0) ${op} (${b} >>> 0) ? -1 : 0` : `${a} ${op} ${b} ? -1 : 0`);

// Lanes of 8 or 16 bits added or subtracted four or two to a word (SWAR): the high bit of
// each lane is computed apart so that no carry or borrow crosses into the next lane.
const swarAdd = (high: number): Emitter => words2((a, b) =>
  `((${a} & ${~high}) + (${b} & ${~high})) ^ ((${a} ^ ${b}) & ${high | 0})`);
const swarSub = (high: number): Emitter => words2((a, b) =>
  `((${a} | ${high | 0}) - (${b} & ${~high})) ^ ((${a} ^ ~${b}) & ${high | 0})`);

/** 64-bit lanes as (lo, hi) word pairs: `f` writes dst's words from the source words. */
const lanes64 = (f: (dl: string, dh: string, al: string, ah: string, bl: string, bh: string) => string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return each([0, 2], (i) => f(word(dst, i), word(dst, i + 1), word(src1, i), word(src1, i + 1), word(src2, i), word(src2, i + 1)));
};

/** Shifts: the amount is x src2's low word masked to the lane width (as wrapping_shl/shr). */
const shift = (view: View, op: string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const bits = 8 << SHIFT[view];
  return `l = ${e.lo(src2)} & ${bits - 1}; ` + each(lanesOf(view), (i) => `${lane(view, dst, i)} = ${lane(view, src1, i)} ${op} l;`);
};
/** 64-bit lane shifts through the prelude's SHL64/SHR64/SAR64 (they mask the amount to 0..63). */
const shift64 = (helper: string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return `w = ${e.lo(src2)}; ` + each([0, 2], (i) =>
    `l = ${helper}(${word(src1, i)}, ${word(src1, i + 1)}, w); ${word(dst, i + 1)} = HI; ${word(dst, i)} = l;`);
};

/**
 * Float lanes: every result into a temporary; any NaN runs the handler on the untouched
 * registers, else the lanes are written (an f32 store rounds the double result once, as
 * the handler's Float32Array store does).
 */
const floatLanes = (view: 'F32' | 'F64', op: string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const lanes = lanesOf(view);
  const results = lanes.map((i) => `${TEMP[i]} = ${lane(view, src1, i)} ${op} ${lane(view, src2, i)};`);
  const nan = lanes.map((i) => `${TEMP[i]} !== ${TEMP[i]}`).join(' || ');
  return `${results.join(' ')} if (${nan}) ${viaHandler(e)} else { ${each(lanes, (i) => `${lane(view, dst, i)} = ${TEMP[i]};`)} }`;
};

// ## Moves, constants, splats, lanes

/**
 * vconst128 reads its immediate from the bytecode (the code region's view) rather than
 * writing it into the JS: modules that differ only in constants (the spec harness makes
 * thousands) then get the same source, which V8 compiles once and caches.
 */
const vconst128: Emitter = (e, [d]) => {
  const at = e.pc + e.instr.op.operands.find((o) => o.name === 'imm')!.offset;
  return `V = CODE.view; ${setWords(d as number, WORDS.map((i) => `V.getInt32(${at + 4 * i}, true)`))}`;
};

/** Splat of the low `bytes` bytes of a 32-bit word expression (all four words alike). */
const splat = (bytes: 1 | 2 | 4, source: (e: Emit, s: number) => string): Emitter => (e, [d, s]) => {
  const value = bytes === 4 ? source(e, s as number)
    : bytes === 2 ? `Math.imul(${source(e, s as number)} & 0xffff, 0x10001)` : `Math.imul(${source(e, s as number)} & 0xff, 0x1010101)`;
  return `l = ${value}; ${setWords(d as number, ['l', 'l', 'l', 'l'])}`;
};
const splat64 = (lo: (e: Emit, s: number) => string, hi: (e: Emit, s: number) => string): Emitter => (e, [d, s]) =>
  `l = ${lo(e, s as number)}; h = ${hi(e, s as number)}; ${setWords(d as number, ['l', 'h', 'l', 'h'])}`;
const xLo = (e: Emit, s: number) => e.lo(s);
const xHi = (e: Emit, s: number) => e.hi(s);
const fLo = (_e: Emit, s: number) => fWord(s, 0);
const fHi = (_e: Emit, s: number) => fWord(s, 1);

/** Lane (index modulo the lane count) into the low word of x register dst: the high word is kept. */
const extractX = (view: View): Emitter => (e, [d, s, i]) =>
  `${e.lo(d as number)} = ${lane(view, s as number, (i as number) & ((16 >> SHIFT[view]) - 1))};`;

/** dst = src1 with one lane replaced by the low bits of x or f register src2. */
const insert = (view: View, from: 'x' | 'f'): Emitter => (e, [o, i]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const k = (i as number) & ((16 >> SHIFT[view]) - 1);
  const lo = from === 'x' ? e.lo(src2) : fWord(src2, 0);
  return `${copy(dst, src1)} ${lane(view, dst, k)} = ${lo};`;
};
const insert64 = (from: 'x' | 'f'): Emitter => (e, [o, i]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const k = 2 * ((i as number) & 1);
  const [lo, hi] = from === 'x' ? [e.lo(src2), e.hi(src2)] : [fWord(src2, 0), fWord(src2, 1)];
  return `${copy(dst, src1)} ${word(dst, k)} = ${lo}; ${word(dst, k + 1)} = ${hi};`;
};

/** A byte of the result as an expression: byte `sel` (0..31) of src1 then src2. */
const pickByte = (a: number, b: number, sel: number) => (sel < 16 ? lane('U8', a, sel) : lane('U8', b, sel - 16));

/** Word j of a shuffle: one aligned word read where the mask picks one, else four bytes. */
function shuffleWord(a: number, b: number, sel: readonly number[], j: number): string {
  const s = sel.slice(4 * j, 4 * j + 4);
  if (s[0]! % 4 === 0 && s.every((x, k) => x === s[0]! + k)) {
    return s[0]! < 16 ? word(a, s[0]! / 4) : word(b, (s[0]! - 16) / 4);
  }
  return s.map((x, k) => (k === 0 ? pickByte(a, b, x) : `(${pickByte(a, b, x)} << ${8 * k})`)).join(' | ');
}

const vshuffle: Emitter = (_e, [d, a, b, mask]) => {
  // Pulley panics on a selector >= 32; the encoder never emits one (the handler masks it too).
  const sel = [...Array(16).keys()].map((i) => Number(((mask as bigint) >> BigInt(8 * i)) & 31n));
  const words = WORDS.map((j) => shuffleWord(a as number, b as number, sel, j));
  return `${each(WORDS, (j) => `${TEMP[j]} = ${words[j]};`)} ${setWords(d as number, TEMP)}`;
};

/** Byte i = src1[src2[i]] for an index below 16 (unsigned), else 0. */
const vswizzle: Emitter = (_e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  const byte = (i: number) => `((l = ${lane('U8', src2, i)}) < 16 ? U8[${V_BYTE + 16 * src1} + l] : 0)`;
  const words = WORDS.map((j) => [0, 1, 2, 3].map((k) => (k === 0 ? byte(4 * j) : `(${byte(4 * j + k)} << ${8 * k})`)).join(' | '));
  return `${each(WORDS, (j) => `${TEMP[j]} = ${words[j]};`)} ${setWords(dst, TEMP)}`;
};

// ## Memory

/** The view and byte offset of a 16-byte access, and its mode's explicit checks. */
const address = (e: Emit, type: string, addr: unknown) => addressing(e, type, addr, 16);

const VECTOR_MEMORY = /^v(load|store)128le_(o32|z|g32)$/;

function memoryOp(e: Emit): string | undefined {
  const { op, operands } = e.instr;
  const match = VECTOR_MEMORY.exec(op.mnemonic);
  if (!match) return undefined;
  const addrIndex = op.operands.findIndex((o) => o.type.startsWith('Addr'));
  const reg = operands[addrIndex === 0 ? 1 : 0] as number;
  const a = address(e, op.operands[addrIndex]!.type, operands[addrIndex]);
  if (a === undefined) return undefined;
  const prefix = `at = ${e.pc}; ${a.checks} V = ${a.view}; o = ${a.offset};`;
  if (match[1] === 'load') {
    return `${prefix} ${each(WORDS, (i) => `${TEMP[i]} = V.getInt32(o + ${4 * i}, true);`)} ${setWords(reg, TEMP)}`;
  }
  return `${prefix} if (o + 16 > V.byteLength) ${e.bail()} ${each(WORDS, (i) => `V.setInt32(o + ${4 * i}, ${word(reg, i)}, true);`)}`;
}

// ## The table

const H8 = 0x80808080, H16 = 0x80008000;

const EMITTERS: Record<string, Emitter> = {
  vmov: (_e, [d, s]) => copy(d as number, s as number),
  vconst128,
  vselect: (e, [d, c, yes, no]) =>
    `if (${e.lo(c as number)} !== 0) { ${copy(d as number, yes as number)} } else { ${copy(d as number, no as number)} }`,
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
    return `${e.lo(d as number)} = ${word(s as number, k)}; ${e.hi(d as number)} = ${word(s as number, k + 1)};`;
  },
  fextractv32x4: (_e, [d, s, i]) => `${fWord(d as number, 0)} = ${word(s as number, (i as number) & 3)};`,
  fextractv64x2: (_e, [d, s, i]) => {
    const k = 2 * ((i as number) & 1);
    return `${fWord(d as number, 0)} = ${word(s as number, k)}; ${fWord(d as number, 1)} = ${word(s as number, k + 1)};`;
  },
  vinsertx8: insert('U8', 'x'),
  vinsertx16: insert('U16', 'x'),
  vinsertx32: insert('I32', 'x'),
  vinsertx64: insert64('x'),
  vinsertf32: insert('I32', 'f'),
  vinsertf64: insert64('f'),
  vshuffle,
  vswizzlei8x16: vswizzle,

  vband128: words2((a, b) => `${a} & ${b}`),
  vbor128: words2((a, b) => `${a} | ${b}`),
  vbxor128: words2((a, b) => `${a} ^ ${b}`),
  vbnot128: (_e, [d, s]) => each(WORDS, (i) => `${word(d as number, i)} = ~${word(s as number, i)};`),
  vbitselect128: (_e, [d, c, x, y]) => each(WORDS, (i) => {
    const cw = word(c as number, i);
    return `${word(d as number, i)} = (${cw} & ${word(x as number, i)}) | (~${cw} & ${word(y as number, i)});`;
  }),

  vaddi8x16: swarAdd(H8),
  vaddi16x8: swarAdd(H16),
  vaddi32x4: words2((a, b) => `(${a} + ${b}) | 0`),
  vaddi64x2: lanes64((dl, dh, al, ah, bl, bh) =>
    `l = (${al} + ${bl}) | 0; ${dh} = (${ah} + ${bh} + ((l >>> 0) < (${al} >>> 0) ? 1 : 0)) | 0; ${dl} = l;`),
  vsubi8x16: swarSub(H8),
  vsubi16x8: swarSub(H16),
  vsubi32x4: words2((a, b) => `(${a} - ${b}) | 0`),
  vsubi64x2: lanes64((dl, dh, al, ah, bl, bh) =>
    `l = (${al} - ${bl}) | 0; ${dh} = (${ah} - ${bh} - ((${al} >>> 0) < (${bl} >>> 0) ? 1 : 0)) | 0; ${dl} = l;`),
  vmuli8x16: lanes2('I8', (a, b) => `Math.imul(${a}, ${b})`),
  vmuli16x8: lanes2('I16', (a, b) => `Math.imul(${a}, ${b})`),
  vmuli32x4: words2((a, b) => `Math.imul(${a}, ${b})`),
  vmuli64x2: lanes64((dl, dh, al, ah, bl, bh) => `l = MUL64(${al}, ${ah}, ${bl}, ${bh}); ${dh} = HI; ${dl} = l;`),

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
  veq64x2: lanes64((dl, dh, al, ah, bl, bh) => `l = ${al} === ${bl} && ${ah} === ${bh} ? -1 : 0; ${dl} = l; ${dh} = l;`),
  vneq64x2: lanes64((dl, dh, al, ah, bl, bh) => `l = ${al} !== ${bl} || ${ah} !== ${bh} ? -1 : 0; ${dl} = l; ${dh} = l;`),

  vaddf32x4: floatLanes('F32', '+'),
  vsubf32x4: floatLanes('F32', '-'),
  vmulf32x4: floatLanes('F32', '*'),
  vdivf32x4: floatLanes('F32', '/'),
  vaddf64x2: floatLanes('F64', '+'),
  vsubf64x2: floatLanes('F64', '-'),
  vmulf64x2: floatLanes('F64', '*'),
  vdivf64x2: floatLanes('F64', '/'),
};

/** Inline JS for a vector op, or undefined to use the interpreter's handler. */
export function vectorOp(e: Emit): string | undefined {
  const emitter = EMITTERS[e.instr.op.mnemonic];
  if (emitter) return emitter(e, e.instr.operands);
  return memoryOp(e);
}
