// Operand values and their bit layouts (Pulley 35: pulley/src/{imms,regs}.rs). The op
// table (./ops.ts) says which operand types an op has and how many bytes each takes;
// this file says what is inside those bytes. Encoder, decoder, disassembler and
// assembler all go through the helpers here.
//
// Every operand type is also seen as a short list of scalar "fields" in the order the
// disassembly prints them (AddrG32 prints base, bound, wasm address, offset). The
// BytecodeWriter's fast path and the assembler work on fields; the decoder returns the
// structured values below.

import type { OperandType } from './ops.js';

/** A register number 0..31 (x30 = sp, x31 = spilltmp0). */
export type Reg = number;

/** BinaryOperands<D, S1, S2>: three registers, or for the U6 form two registers and a 0..63 immediate in src2. */
export interface BinaryOperands { dst: Reg; src1: Reg; src2: number }
/** AddrO32 and AddrZ: base register + signed 32-bit offset. */
export interface AddrO32 { base: Reg; offset: number }
export type AddrZ = AddrO32;
/** AddrG32: bounds-checked wasm heap access; offset is a u16. */
export interface AddrG32 { hostHeapBase: Reg; hostHeapBound: Reg; wasmAddr: Reg; offset: number }
/** AddrG32Bne: like AddrG32 but the bound is loaded from *(hostHeapBoundAddr + hostHeapBoundOffset); offsets are u8. */
export interface AddrG32Bne {
  hostHeapBase: Reg; hostHeapBoundAddr: Reg; hostHeapBoundOffset: number; wasmAddr: Reg; offset: number;
}

/**
 * The value of one operand. Registers, u8..u32 / i8..i32, PcRelOffset (relative to the
 * start of the instruction) and UpperRegSet (bit i = x(16+i)) are numbers; u64, i64 and
 * u128 are bigints; the packed types are the objects above.
 */
export type OperandValue = number | bigint | BinaryOperands | AddrO32 | AddrG32 | AddrG32Bne;

// ## Fields

/** The kinds of scalar field an operand is made of. */
export enum Field {
  XReg, FReg, VReg, U6, U8, I8, U16, I16, U32, I32, U64, I64, U128, PcRel, RegSet,
}

export const FIELD_NAMES: readonly string[] = [
  'XReg', 'FReg', 'VReg', 'U6', 'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'u128', 'PcRelOffset',
  'UpperRegSet<XReg>',
];

/** Fields of each operand type, in disassembly order. */
export const OPERAND_FIELDS: Readonly<Record<OperandType, readonly Field[]>> = {
  XReg: [Field.XReg], FReg: [Field.FReg], VReg: [Field.VReg],
  u8: [Field.U8], i8: [Field.I8], u16: [Field.U16], i16: [Field.I16], u32: [Field.U32], i32: [Field.I32],
  u64: [Field.U64], i64: [Field.I64], u128: [Field.U128],
  PcRelOffset: [Field.PcRel],
  'BinaryOperands<XReg>': [Field.XReg, Field.XReg, Field.XReg],
  'BinaryOperands<FReg>': [Field.FReg, Field.FReg, Field.FReg],
  'BinaryOperands<VReg>': [Field.VReg, Field.VReg, Field.VReg],
  'BinaryOperands<XReg,XReg,U6>': [Field.XReg, Field.XReg, Field.U6],
  'BinaryOperands<VReg,VReg,XReg>': [Field.VReg, Field.VReg, Field.XReg],
  'BinaryOperands<VReg,VReg,FReg>': [Field.VReg, Field.VReg, Field.FReg],
  'UpperRegSet<XReg>': [Field.RegSet],
  AddrO32: [Field.XReg, Field.I32], AddrZ: [Field.XReg, Field.I32],
  AddrG32: [Field.XReg, Field.XReg, Field.XReg, Field.U16],
  AddrG32Bne: [Field.XReg, Field.XReg, Field.U8, Field.XReg, Field.U8],
};

/** Inclusive ranges of the number-valued fields (registers are 5 bits). */
export const FIELD_MIN: readonly number[] = [0, 0, 0, 0, 0, -0x80, 0, -0x8000, 0, -0x8000_0000, 0, 0, 0, -0x8000_0000, 0];
export const FIELD_MAX: readonly number[] = [31, 31, 31, 63, 0xff, 0x7f, 0xffff, 0x7fff, 0xffff_ffff, 0x7fff_ffff, 0, 0, 0, 0x7fff_ffff, 0xffff];

/** Inclusive ranges of the bigint-valued fields. */
export const BIGINT_RANGES: Partial<Record<Field, readonly [bigint, bigint]>> = {
  [Field.U64]: [0n, (1n << 64n) - 1n],
  [Field.I64]: [-(1n << 63n), (1n << 63n) - 1n],
  [Field.U128]: [0n, (1n << 128n) - 1n],
};

export function isBigIntField(field: Field): boolean {
  return field === Field.U64 || field === Field.I64 || field === Field.U128;
}

/** Copies a structured operand value into `out` from index `at` as fields; returns the next index. */
export function flattenOperand(type: OperandType, value: OperandValue, out: unknown[], at: number): number {
  switch (type) {
    case 'BinaryOperands<XReg>': case 'BinaryOperands<FReg>': case 'BinaryOperands<VReg>':
    case 'BinaryOperands<XReg,XReg,U6>': case 'BinaryOperands<VReg,VReg,XReg>': case 'BinaryOperands<VReg,VReg,FReg>': {
      const v = value as BinaryOperands;
      out[at] = v.dst; out[at + 1] = v.src1; out[at + 2] = v.src2;
      return at + 3;
    }
    case 'AddrO32': case 'AddrZ': {
      const v = value as AddrO32;
      out[at] = v.base; out[at + 1] = v.offset;
      return at + 2;
    }
    case 'AddrG32': {
      const v = value as AddrG32;
      out[at] = v.hostHeapBase; out[at + 1] = v.hostHeapBound; out[at + 2] = v.wasmAddr; out[at + 3] = v.offset;
      return at + 4;
    }
    case 'AddrG32Bne': {
      const v = value as AddrG32Bne;
      out[at] = v.hostHeapBase; out[at + 1] = v.hostHeapBoundAddr; out[at + 2] = v.hostHeapBoundOffset;
      out[at + 3] = v.wasmAddr; out[at + 4] = v.offset;
      return at + 5;
    }
    default:
      out[at] = value;
      return at + 1;
  }
}

// ## Packed layouts

/** BinaryOperands: u16, dst in bits 0..5, src1 in 5..10, src2 (or U6) in 10..16. */
export function packBinary(dst: number, src1: number, src2: number): number {
  return dst | (src1 << 5) | (src2 << 10);
}
export function unpackBinary(bits: number): BinaryOperands {
  return { dst: bits & 31, src1: (bits >>> 5) & 31, src2: (bits >>> 10) & 63 };
}
/** Bits no register form of BinaryOperands uses (only the U6 form has a 6-bit src2). */
export const BINARY_REG_UNUSED_BITS = 0x8000;

/** AddrG32: u32, offset in bits 0..16, wasmAddr 16..21, hostHeapBound 21..26, hostHeapBase 26..31. */
export function packAddrG32(base: number, bound: number, wasmAddr: number, offset: number): number {
  return (offset | (wasmAddr << 16) | (bound << 21) | (base << 26)) >>> 0;
}
export function unpackAddrG32(bits: number): AddrG32 {
  return {
    hostHeapBase: (bits >>> 26) & 31, hostHeapBound: (bits >>> 21) & 31, wasmAddr: (bits >>> 16) & 31,
    offset: bits & 0xffff,
  };
}

/** AddrG32Bne: u32, offset in bits 0..8, bound offset 8..16, wasmAddr 16..21, bound address 21..26, base 26..31. */
export function packAddrG32Bne(base: number, boundAddr: number, boundOffset: number, wasmAddr: number,
  offset: number): number {
  return (offset | (boundOffset << 8) | (wasmAddr << 16) | (boundAddr << 21) | (base << 26)) >>> 0;
}
export function unpackAddrG32Bne(bits: number): AddrG32Bne {
  return {
    hostHeapBase: (bits >>> 26) & 31, hostHeapBoundAddr: (bits >>> 21) & 31, hostHeapBoundOffset: (bits >>> 8) & 0xff,
    wasmAddr: (bits >>> 16) & 31, offset: bits & 0xff,
  };
}
/** Bit 31 of both guarded address modes is unused. */
export const ADDR_G32_UNUSED_BITS = 0x8000_0000;

// ## Register names

/** x0..x29, then sp and spilltmp0 as Pulley prints them. */
export function xRegName(r: number): string {
  return r === 30 ? 'sp' : r === 31 ? 'spilltmp0' : `x${r}`;
}

const REG_PREFIX: Partial<Record<Field, string>> = { [Field.XReg]: 'x', [Field.FReg]: 'f', [Field.VReg]: 'v' };

export function regName(field: Field, r: number): string {
  return field === Field.XReg ? xRegName(r) : `${REG_PREFIX[field]}${r}`;
}

/** The register number for a name of the given class, or -1. */
export function parseRegName(field: Field, name: string): number {
  if (field === Field.XReg) {
    if (name === 'sp') return 30;
    if (name === 'spilltmp0') return 31;
  }
  const prefix = REG_PREFIX[field];
  if (prefix === undefined || name[0] !== prefix || !/^[a-z](?:0|[1-9]\d?)$/.test(name)) return -1;
  const r = Number(name.slice(1));
  // x30/x31 print as sp/spilltmp0, but the plain names are accepted too.
  return r < 32 ? r : -1;
}

/** UpperRegSet<XReg>: bit i stands for x(16 + i). */
export const UPPER_REG_BASE = 16;
