// Semantics of Pulley's scalar integer ops (x registers), bit-exact with
// pulley/src/interp.rs of Wasmtime 35.
//
// x register r is words 2r (low) and 2r+1 (high) of m.i32. A 32-bit op writes only the
// low word of its destination, as Pulley's set_u32/set_i32 do; 64-bit ops write both.
// Add/sub/logic/compare/shift/mul on 64 bits use int32 pairs (./int64.ts); division,
// remainder and the 128-bit results use BigInt through m.i64 / m.u64.

import { opByMnemonic } from '../../src/isa/ops.js';
import { TrapKind, TrapSignal } from '../machine.js';
import { binDst, binSrc1, binSrc2, binU6, type OpHandlers } from './handler.js';
import {
  add64, bswap32, ctz32, lessThanS64, lessThanU64, mul64, neg64, popcnt32, rotl64, shl64, shrS64,
  shrU64, sub64,
} from './int64.js';

// Byte offset of the first operand, from the op table: base ops have one opcode byte,
// extended ops three. Later operands follow at their sizes (a register is one byte).
const A = opByMnemonic('xmov').operands[0]!.offset;
const XA = opByMnemonic('bswap32').operands[0]!.offset;

/** A little-endian u16 operand (BinaryOperands) at byte `at`. */
function code16(code: Uint8Array, at: number): number {
  return code[at] | (code[at + 1] << 8);
}

/** The BinaryOperands of a base op (its first operand). */
function bin(code: Uint8Array, pc: number): number {
  return code16(code, pc + A);
}

const I64_MIN = -(2n ** 63n);

function divideByZero(): never {
  throw new TrapSignal(TrapKind.DivideByZero);
}

export const intOps: OpHandlers = {
  // ## Moves and constants (set_i64: all 64 bits)
  xmov(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], s = m.code[pc + A + 1];
    x[2 * d] = x[2 * s]; x[2 * d + 1] = x[2 * s + 1];
    return next;
  },
  xzero(m, pc, next) {
    const d = m.code[pc + A];
    m.i32[2 * d] = 0; m.i32[2 * d + 1] = 0;
    return next;
  },
  xone(m, pc, next) {
    const d = m.code[pc + A];
    m.i32[2 * d] = 1; m.i32[2 * d + 1] = 0;
    return next;
  },
  xconst8(m, pc, next) {
    const d = m.code[pc + A], v = (m.code[pc + A + 1] << 24) >> 24;
    m.i32[2 * d] = v; m.i32[2 * d + 1] = v >> 31;
    return next;
  },
  xconst16(m, pc, next) {
    const d = m.code[pc + A], v = m.codeView.getInt16(pc + A + 1, true);
    m.i32[2 * d] = v; m.i32[2 * d + 1] = v >> 31;
    return next;
  },
  xconst32(m, pc, next) {
    const d = m.code[pc + A], v = m.codeView.getInt32(pc + A + 1, true);
    m.i32[2 * d] = v; m.i32[2 * d + 1] = v >> 31;
    return next;
  },
  xconst64(m, pc, next) {
    const d = m.code[pc + A];
    m.i32[2 * d] = m.codeView.getInt32(pc + A + 1, true);
    m.i32[2 * d + 1] = m.codeView.getInt32(pc + A + 5, true);
    return next;
  },

  // ## Add, subtract, multiply. The _u8/_u32 immediates are zero-extended, the
  // _s8/_s32 ones sign-extended, to the op's width.
  xadd32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = (x[2 * binSrc1(b)] + x[2 * binSrc2(b)]) | 0;
    return next;
  },
  xadd32_u8(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = (x[2 * c[pc + A + 1]] + c[pc + A + 2]) | 0;
    return next;
  },
  xadd32_u32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = (x[2 * c[pc + A + 1]] + m.codeView.getInt32(pc + A + 2, true)) | 0;
    return next;
  },
  xadd64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    add64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]);
    return next;
  },
  xadd64_u8(m, pc, next) {
    const c = m.code, x = m.i32, s = c[pc + A + 1];
    add64(x, c[pc + A], x[2 * s], x[2 * s + 1], c[pc + A + 2], 0);
    return next;
  },
  xadd64_u32(m, pc, next) {
    const c = m.code, x = m.i32, s = c[pc + A + 1];
    add64(x, c[pc + A], x[2 * s], x[2 * s + 1], m.codeView.getInt32(pc + A + 2, true), 0);
    return next;
  },
  xmadd32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = (Math.imul(x[2 * c[pc + A + 1]], x[2 * c[pc + A + 2]]) + x[2 * c[pc + A + 3]]) | 0;
    return next;
  },
  xmadd64(m, pc, next) {
    const c = m.code, x = m.i32;
    const d = c[pc + A], s1 = c[pc + A + 1], s2 = c[pc + A + 2], s3 = c[pc + A + 3];
    const clo = x[2 * s3], chi = x[2 * s3 + 1];
    mul64(x, d, x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]);
    add64(x, d, x[2 * d], x[2 * d + 1], clo, chi);
    return next;
  },
  xsub32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = (x[2 * binSrc1(b)] - x[2 * binSrc2(b)]) | 0;
    return next;
  },
  xsub32_u8(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = (x[2 * c[pc + A + 1]] - c[pc + A + 2]) | 0;
    return next;
  },
  xsub32_u32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = (x[2 * c[pc + A + 1]] - m.codeView.getInt32(pc + A + 2, true)) | 0;
    return next;
  },
  xsub64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    sub64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]);
    return next;
  },
  xsub64_u8(m, pc, next) {
    const c = m.code, x = m.i32, s = c[pc + A + 1];
    sub64(x, c[pc + A], x[2 * s], x[2 * s + 1], c[pc + A + 2], 0);
    return next;
  },
  xsub64_u32(m, pc, next) {
    const c = m.code, x = m.i32, s = c[pc + A + 1];
    sub64(x, c[pc + A], x[2 * s], x[2 * s + 1], m.codeView.getInt32(pc + A + 2, true), 0);
    return next;
  },
  xmul32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = Math.imul(x[2 * binSrc1(b)], x[2 * binSrc2(b)]);
    return next;
  },
  xmul32_s8(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = Math.imul(x[2 * c[pc + A + 1]], (c[pc + A + 2] << 24) >> 24);
    return next;
  },
  xmul32_s32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = Math.imul(x[2 * c[pc + A + 1]], m.codeView.getInt32(pc + A + 2, true));
    return next;
  },
  xmul64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    mul64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]);
    return next;
  },
  xmul64_s8(m, pc, next) {
    const c = m.code, x = m.i32, s = c[pc + A + 1], k = (c[pc + A + 2] << 24) >> 24;
    mul64(x, c[pc + A], x[2 * s], x[2 * s + 1], k, k >> 31);
    return next;
  },
  xmul64_s32(m, pc, next) {
    const c = m.code, x = m.i32, s = c[pc + A + 1], k = m.codeView.getInt32(pc + A + 2, true);
    mul64(x, c[pc + A], x[2 * s], x[2 * s + 1], k, k >> 31);
    return next;
  },
  // xmulhi64_s/u are extended ops: their operands start at XA.
  xmulhi64_s(m, pc, next) {
    const b = code16(m.code, pc + XA);
    m.i64[binDst(b)] = (m.i64[binSrc1(b)] * m.i64[binSrc2(b)]) >> 64n;
    return next;
  },
  xmulhi64_u(m, pc, next) {
    const b = code16(m.code, pc + XA);
    m.u64[binDst(b)] = (m.u64[binSrc1(b)] * m.u64[binSrc2(b)]) >> 64n;
    return next;
  },
  xneg32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + A]] = -x[2 * m.code[pc + A + 1]] | 0;
    return next;
  },
  xneg64(m, pc, next) {
    const x = m.i32, s = m.code[pc + A + 1];
    neg64(x, m.code[pc + A], x[2 * s], x[2 * s + 1]);
    return next;
  },
  xabs32(m, pc, next) {
    const x = m.i32, v = x[2 * m.code[pc + A + 1]];
    x[2 * m.code[pc + A]] = v < 0 ? -v | 0 : v;
    return next;
  },
  xabs64(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], s = m.code[pc + A + 1], lo = x[2 * s], hi = x[2 * s + 1];
    if (hi < 0) neg64(x, d, lo, hi);
    else { x[2 * d] = lo; x[2 * d + 1] = hi; }
    return next;
  },

  // ## Division and remainder: x / 0 traps DivideByZero, MIN / -1 IntegerOverflow,
  // MIN % -1 is 0.
  xdiv32_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, n = x[2 * binSrc1(b)], q = x[2 * binSrc2(b)];
    if (q === 0) divideByZero();
    if (n === -0x80000000 && q === -1) throw new TrapSignal(TrapKind.IntegerOverflow);
    x[2 * binDst(b)] = (n / q) | 0;
    return next;
  },
  xdiv32_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, q = x[2 * binSrc2(b)] >>> 0;
    if (q === 0) divideByZero();
    x[2 * binDst(b)] = ((x[2 * binSrc1(b)] >>> 0) / q) | 0;
    return next;
  },
  xrem32_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, q = x[2 * binSrc2(b)];
    if (q === 0) divideByZero();
    x[2 * binDst(b)] = (x[2 * binSrc1(b)] % q) | 0;
    return next;
  },
  xrem32_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, q = x[2 * binSrc2(b)] >>> 0;
    if (q === 0) divideByZero();
    x[2 * binDst(b)] = ((x[2 * binSrc1(b)] >>> 0) % q) | 0;
    return next;
  },
  xdiv64_s(m, pc, next) {
    const b = bin(m.code, pc), n = m.i64[binSrc1(b)], q = m.i64[binSrc2(b)];
    if (q === 0n) divideByZero();
    if (q === -1n && n === I64_MIN) throw new TrapSignal(TrapKind.IntegerOverflow);
    m.i64[binDst(b)] = n / q;
    return next;
  },
  xdiv64_u(m, pc, next) {
    const b = bin(m.code, pc), q = m.u64[binSrc2(b)];
    if (q === 0n) divideByZero();
    m.u64[binDst(b)] = m.u64[binSrc1(b)] / q;
    return next;
  },
  xrem64_s(m, pc, next) {
    const b = bin(m.code, pc), q = m.i64[binSrc2(b)];
    if (q === 0n) divideByZero();
    m.i64[binDst(b)] = m.i64[binSrc1(b)] % q;
    return next;
  },
  xrem64_u(m, pc, next) {
    const b = bin(m.code, pc), q = m.u64[binSrc2(b)];
    if (q === 0n) divideByZero();
    m.u64[binDst(b)] = m.u64[binSrc1(b)] % q;
    return next;
  },

  // ## Bit logic
  xband32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] & x[2 * binSrc2(b)];
    return next;
  },
  xband32_s8(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = x[2 * c[pc + A + 1]] & ((c[pc + A + 2] << 24) >> 24);
    return next;
  },
  xband32_s32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = x[2 * c[pc + A + 1]] & m.codeView.getInt32(pc + A + 2, true);
    return next;
  },
  xband64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * d] = x[2 * s1] & x[2 * s2]; x[2 * d + 1] = x[2 * s1 + 1] & x[2 * s2 + 1];
    return next;
  },
  xband64_s8(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A], s = c[pc + A + 1], k = (c[pc + A + 2] << 24) >> 24;
    x[2 * d] = x[2 * s] & k; x[2 * d + 1] = x[2 * s + 1] & (k >> 31);
    return next;
  },
  xband64_s32(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A], s = c[pc + A + 1], k = m.codeView.getInt32(pc + A + 2, true);
    x[2 * d] = x[2 * s] & k; x[2 * d + 1] = x[2 * s + 1] & (k >> 31);
    return next;
  },
  xbor32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] | x[2 * binSrc2(b)];
    return next;
  },
  xbor32_s8(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = x[2 * c[pc + A + 1]] | ((c[pc + A + 2] << 24) >> 24);
    return next;
  },
  xbor32_s32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = x[2 * c[pc + A + 1]] | m.codeView.getInt32(pc + A + 2, true);
    return next;
  },
  xbor64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * d] = x[2 * s1] | x[2 * s2]; x[2 * d + 1] = x[2 * s1 + 1] | x[2 * s2 + 1];
    return next;
  },
  xbor64_s8(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A], s = c[pc + A + 1], k = (c[pc + A + 2] << 24) >> 24;
    x[2 * d] = x[2 * s] | k; x[2 * d + 1] = x[2 * s + 1] | (k >> 31);
    return next;
  },
  xbor64_s32(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A], s = c[pc + A + 1], k = m.codeView.getInt32(pc + A + 2, true);
    x[2 * d] = x[2 * s] | k; x[2 * d + 1] = x[2 * s + 1] | (k >> 31);
    return next;
  },
  xbxor32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] ^ x[2 * binSrc2(b)];
    return next;
  },
  xbxor32_s8(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = x[2 * c[pc + A + 1]] ^ ((c[pc + A + 2] << 24) >> 24);
    return next;
  },
  xbxor32_s32(m, pc, next) {
    const c = m.code, x = m.i32;
    x[2 * c[pc + A]] = x[2 * c[pc + A + 1]] ^ m.codeView.getInt32(pc + A + 2, true);
    return next;
  },
  xbxor64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * d] = x[2 * s1] ^ x[2 * s2]; x[2 * d + 1] = x[2 * s1 + 1] ^ x[2 * s2 + 1];
    return next;
  },
  xbxor64_s8(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A], s = c[pc + A + 1], k = (c[pc + A + 2] << 24) >> 24;
    x[2 * d] = x[2 * s] ^ k; x[2 * d + 1] = x[2 * s + 1] ^ (k >> 31);
    return next;
  },
  xbxor64_s32(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A], s = c[pc + A + 1], k = m.codeView.getInt32(pc + A + 2, true);
    x[2 * d] = x[2 * s] ^ k; x[2 * d + 1] = x[2 * s + 1] ^ (k >> 31);
    return next;
  },
  xbnot32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + A]] = ~x[2 * m.code[pc + A + 1]];
    return next;
  },
  xbnot64(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], s = m.code[pc + A + 1];
    x[2 * d] = ~x[2 * s]; x[2 * d + 1] = ~x[2 * s + 1];
    return next;
  },

  // ## Bit counts (the 64-bit ones write a zero high word)
  xctz32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + A]] = ctz32(x[2 * m.code[pc + A + 1]]);
    return next;
  },
  xctz64(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], s = m.code[pc + A + 1], lo = x[2 * s];
    x[2 * d] = lo !== 0 ? ctz32(lo) : 32 + ctz32(x[2 * s + 1]); x[2 * d + 1] = 0;
    return next;
  },
  xclz32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + A]] = Math.clz32(x[2 * m.code[pc + A + 1]]);
    return next;
  },
  xclz64(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], s = m.code[pc + A + 1], hi = x[2 * s + 1];
    x[2 * d] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(x[2 * s]); x[2 * d + 1] = 0;
    return next;
  },
  xpopcnt32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + A]] = popcnt32(x[2 * m.code[pc + A + 1]]);
    return next;
  },
  xpopcnt64(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], s = m.code[pc + A + 1];
    x[2 * d] = popcnt32(x[2 * s]) + popcnt32(x[2 * s + 1]); x[2 * d + 1] = 0;
    return next;
  },

  // ## Shifts and rotates: the amount is taken modulo the width (Rust's wrapping_shl/shr,
  // rotate_left/right), for register amounts and u6 immediates alike.
  xrotl32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, v = x[2 * binSrc1(b)], s = x[2 * binSrc2(b)];
    x[2 * binDst(b)] = (v << s) | (v >>> (32 - s));
    return next;
  },
  xrotr32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, v = x[2 * binSrc1(b)], s = x[2 * binSrc2(b)];
    x[2 * binDst(b)] = (v >>> s) | (v << (32 - s));
    return next;
  },
  xrotl64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    rotl64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * binSrc2(b)] & 63);
    return next;
  },
  xrotr64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    rotl64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], -x[2 * binSrc2(b)] & 63);
    return next;
  },
  xshl32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] << x[2 * binSrc2(b)];
    return next;
  },
  xshr32_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] >> x[2 * binSrc2(b)];
    return next;
  },
  xshr32_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] >>> x[2 * binSrc2(b)];
    return next;
  },
  xshl64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    shl64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * binSrc2(b)] & 63);
    return next;
  },
  xshr64_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    shrS64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * binSrc2(b)] & 63);
    return next;
  },
  xshr64_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    shrU64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], x[2 * binSrc2(b)] & 63);
    return next;
  },
  xshl32_u6(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] << binU6(b);
    return next;
  },
  xshr32_s_u6(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] >> binU6(b);
    return next;
  },
  xshr32_u_u6(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] >>> binU6(b);
    return next;
  },
  xshl64_u6(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    shl64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], binU6(b));
    return next;
  },
  xshr64_s_u6(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    shrS64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], binU6(b));
    return next;
  },
  xshr64_u_u6(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b);
    shrU64(x, binDst(b), x[2 * s1], x[2 * s1 + 1], binU6(b));
    return next;
  },

  // ## Compares: the 0/1 result goes to the low word only (set_u32), for 64-bit too.
  xeq64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * binDst(b)] = x[2 * s1] === x[2 * s2] && x[2 * s1 + 1] === x[2 * s2 + 1] ? 1 : 0;
    return next;
  },
  xneq64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * binDst(b)] = x[2 * s1] !== x[2 * s2] || x[2 * s1 + 1] !== x[2 * s2 + 1] ? 1 : 0;
    return next;
  },
  xslt64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * binDst(b)] = lessThanS64(x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]) ? 1 : 0;
    return next;
  },
  xslteq64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * binDst(b)] = lessThanS64(x[2 * s2], x[2 * s2 + 1], x[2 * s1], x[2 * s1 + 1]) ? 0 : 1;
    return next;
  },
  xult64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * binDst(b)] = lessThanU64(x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]) ? 1 : 0;
    return next;
  },
  xulteq64(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    x[2 * binDst(b)] = lessThanU64(x[2 * s2], x[2 * s2 + 1], x[2 * s1], x[2 * s1 + 1]) ? 0 : 1;
    return next;
  },
  xeq32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] === x[2 * binSrc2(b)] ? 1 : 0;
    return next;
  },
  xneq32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] !== x[2 * binSrc2(b)] ? 1 : 0;
    return next;
  },
  xslt32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] < x[2 * binSrc2(b)] ? 1 : 0;
    return next;
  },
  xslteq32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = x[2 * binSrc1(b)] <= x[2 * binSrc2(b)] ? 1 : 0;
    return next;
  },
  xult32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = (x[2 * binSrc1(b)] >>> 0) < (x[2 * binSrc2(b)] >>> 0) ? 1 : 0;
    return next;
  },
  xulteq32(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32;
    x[2 * binDst(b)] = (x[2 * binSrc1(b)] >>> 0) <= (x[2 * binSrc2(b)] >>> 0) ? 1 : 0;
    return next;
  },

  // ## Min, max, select
  xmin32_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, p = x[2 * binSrc1(b)], q = x[2 * binSrc2(b)];
    x[2 * binDst(b)] = (p >>> 0) < (q >>> 0) ? p : q;
    return next;
  },
  xmin32_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, p = x[2 * binSrc1(b)], q = x[2 * binSrc2(b)];
    x[2 * binDst(b)] = p < q ? p : q;
    return next;
  },
  xmax32_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, p = x[2 * binSrc1(b)], q = x[2 * binSrc2(b)];
    x[2 * binDst(b)] = (p >>> 0) > (q >>> 0) ? p : q;
    return next;
  },
  xmax32_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, p = x[2 * binSrc1(b)], q = x[2 * binSrc2(b)];
    x[2 * binDst(b)] = p > q ? p : q;
    return next;
  },
  xmin64_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    const s = lessThanU64(x[2 * s2], x[2 * s2 + 1], x[2 * s1], x[2 * s1 + 1]) ? s2 : s1;
    x[2 * d] = x[2 * s]; x[2 * d + 1] = x[2 * s + 1];
    return next;
  },
  xmin64_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    const s = lessThanS64(x[2 * s2], x[2 * s2 + 1], x[2 * s1], x[2 * s1 + 1]) ? s2 : s1;
    x[2 * d] = x[2 * s]; x[2 * d + 1] = x[2 * s + 1];
    return next;
  },
  xmax64_u(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    const s = lessThanU64(x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]) ? s2 : s1;
    x[2 * d] = x[2 * s]; x[2 * d + 1] = x[2 * s + 1];
    return next;
  },
  xmax64_s(m, pc, next) {
    const b = bin(m.code, pc), x = m.i32, d = binDst(b), s1 = binSrc1(b), s2 = binSrc2(b);
    const s = lessThanS64(x[2 * s1], x[2 * s1 + 1], x[2 * s2], x[2 * s2 + 1]) ? s2 : s1;
    x[2 * d] = x[2 * s]; x[2 * d + 1] = x[2 * s + 1];
    return next;
  },
  xselect32(m, pc, next) {
    const c = m.code, x = m.i32;
    const s = x[2 * c[pc + A + 1]] !== 0 ? c[pc + A + 2] : c[pc + A + 3];
    x[2 * c[pc + A]] = x[2 * s];
    return next;
  },
  xselect64(m, pc, next) {
    const c = m.code, x = m.i32, d = c[pc + A];
    const s = x[2 * c[pc + A + 1]] !== 0 ? c[pc + A + 2] : c[pc + A + 3];
    x[2 * d] = x[2 * s]; x[2 * d + 1] = x[2 * s + 1];
    return next;
  },

  // ## Extensions (all 64 bits written)
  zext8(m, pc, next) {
    const x = m.i32, d = m.code[pc + A];
    x[2 * d] = x[2 * m.code[pc + A + 1]] & 0xff; x[2 * d + 1] = 0;
    return next;
  },
  zext16(m, pc, next) {
    const x = m.i32, d = m.code[pc + A];
    x[2 * d] = x[2 * m.code[pc + A + 1]] & 0xffff; x[2 * d + 1] = 0;
    return next;
  },
  zext32(m, pc, next) {
    const x = m.i32, d = m.code[pc + A];
    x[2 * d] = x[2 * m.code[pc + A + 1]]; x[2 * d + 1] = 0;
    return next;
  },
  sext8(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], v = (x[2 * m.code[pc + A + 1]] << 24) >> 24;
    x[2 * d] = v; x[2 * d + 1] = v >> 31;
    return next;
  },
  sext16(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], v = (x[2 * m.code[pc + A + 1]] << 16) >> 16;
    x[2 * d] = v; x[2 * d + 1] = v >> 31;
    return next;
  },
  sext32(m, pc, next) {
    const x = m.i32, d = m.code[pc + A], v = x[2 * m.code[pc + A + 1]];
    x[2 * d] = v; x[2 * d + 1] = v >> 31;
    return next;
  },

  // ## Extended ops
  bswap32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + XA]] = bswap32(x[2 * m.code[pc + XA + 1]]);
    return next;
  },
  bswap64(m, pc, next) {
    const x = m.i32, d = m.code[pc + XA], s = m.code[pc + XA + 1], lo = x[2 * s];
    x[2 * d] = bswap32(x[2 * s + 1]); x[2 * d + 1] = bswap32(lo);
    return next;
  },
  xbmask32(m, pc, next) {
    const x = m.i32;
    x[2 * m.code[pc + XA]] = x[2 * m.code[pc + XA + 1]] === 0 ? 0 : -1;
    return next;
  },
  xbmask64(m, pc, next) {
    const x = m.i32, d = m.code[pc + XA], s = m.code[pc + XA + 1];
    const v = (x[2 * s] | x[2 * s + 1]) === 0 ? 0 : -1;
    x[2 * d] = v; x[2 * d + 1] = v;
    return next;
  },
  // Unsigned overflow is the plain `trap` (no trap kind), as Pulley raises it.
  xadd32_uoverflow_trap(m, pc, next) {
    const b = code16(m.code, pc + XA), x = m.i32, sum = (x[2 * binSrc1(b)] >>> 0) + (x[2 * binSrc2(b)] >>> 0);
    if (sum > 0xffffffff) throw new TrapSignal(null);
    x[2 * binDst(b)] = sum | 0;
    return next;
  },
  xadd64_uoverflow_trap(m, pc, next) {
    const b = code16(m.code, pc + XA), x = m.i32, s1 = binSrc1(b), s2 = binSrc2(b);
    const alo = x[2 * s1], ahi = x[2 * s1 + 1], blo = x[2 * s2], bhi = x[2 * s2 + 1];
    const carry = ((alo >>> 0) + (blo >>> 0)) > 0xffffffff ? 1 : 0;
    if ((ahi >>> 0) + (bhi >>> 0) + carry > 0xffffffff) throw new TrapSignal(null);
    add64(x, binDst(b), alo, ahi, blo, bhi);
    return next;
  },
  // 128-bit values live in (lo, hi) register pairs; lo is written first, as in Pulley.
  xadd128(m, pc, next) {
    const c = m.code, u = m.u64;
    const alo = u[c[pc + XA + 2]], ahi = u[c[pc + XA + 3]], blo = u[c[pc + XA + 4]], bhi = u[c[pc + XA + 5]];
    const lo = alo + blo;
    u[c[pc + XA]] = lo;
    u[c[pc + XA + 1]] = ahi + bhi + (lo >> 64n);
    return next;
  },
  xsub128(m, pc, next) {
    const c = m.code, u = m.u64;
    const alo = u[c[pc + XA + 2]], ahi = u[c[pc + XA + 3]], blo = u[c[pc + XA + 4]], bhi = u[c[pc + XA + 5]];
    u[c[pc + XA]] = alo - blo;
    u[c[pc + XA + 1]] = ahi - bhi - (alo < blo ? 1n : 0n);
    return next;
  },
  xwidemul64_s(m, pc, next) {
    const c = m.code, product = m.i64[c[pc + XA + 2]] * m.i64[c[pc + XA + 3]];
    m.i64[c[pc + XA]] = product;
    m.i64[c[pc + XA + 1]] = product >> 64n;
    return next;
  },
  xwidemul64_u(m, pc, next) {
    const c = m.code, product = m.u64[c[pc + XA + 2]] * m.u64[c[pc + XA + 3]];
    m.u64[c[pc + XA]] = product;
    m.u64[c[pc + XA + 1]] = product >> 64n;
    return next;
  },
};
