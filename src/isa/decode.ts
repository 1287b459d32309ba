// The decoder: bytes to Instr records, driven by the op table. Checked mode (the
// default, for untrusted input) rejects anything Pulley's own encoder cannot produce;
// truncation and unknown opcodes are always errors.

import { BASE_OPS, BR_TABLE32, EXTENDED_OPS, EXTENDED_OP_PREFIX, type OpInfo, type OperandType } from './ops.js';
import {
  ADDR_G32_UNUSED_BITS, BINARY_REG_UNUSED_BITS, unpackAddrG32, unpackAddrG32Bne, unpackBinary, type OperandValue,
} from './operands.js';

/** One decoded instruction. */
export interface Instr {
  readonly op: OpInfo;
  /** Byte offset of the instruction's first byte. */
  readonly offset: number;
  /** Size in bytes, including a br_table32's table. */
  readonly size: number;
  /** One value per op.operands entry (see OperandValue for the representation of each type). */
  readonly operands: readonly OperandValue[];
  /** br_table32 only: each entry's offset, relative to the start of that 4-byte entry. */
  readonly targets?: readonly number[];
}

export interface DecodeOptions {
  /**
   * Reject register numbers >= 32 and set unused bits (the default). Off only for
   * bytecode this project produced itself. Truncation and unknown opcodes always fail.
   */
  checked?: boolean;
}

/** Bad bytecode; `offset` is the offset of the instruction at fault. */
export class PulleyDecodeError extends Error {
  override name = 'PulleyDecodeError';
  constructor(readonly offset: number, readonly problem: string) {
    super(`offset 0x${offset.toString(16)}: ${problem}`);
  }
}

/** The op whose opcode bytes start at `offset`. */
export function decodeOpcode(code: Uint8Array, offset: number): OpInfo {
  if (offset >= code.length) throw new PulleyDecodeError(offset, 'truncated: expected an opcode, found the end of the code');
  const byte = code[offset]!;
  if (byte < EXTENDED_OP_PREFIX) return BASE_OPS[byte]!;
  if (byte > EXTENDED_OP_PREFIX) throw new PulleyDecodeError(offset, `unknown opcode 0x${hex(byte, 2)}`);
  if (offset + 3 > code.length) {
    throw new PulleyDecodeError(offset, 'truncated: the extended opcode needs 2 bytes after 0xdb');
  }
  const ext = code[offset + 1]! | (code[offset + 2]! << 8);
  const op = EXTENDED_OPS[ext];
  if (!op) throw new PulleyDecodeError(offset, `unknown extended opcode 0x${hex(ext, 4)}`);
  return op;
}

/** Decodes the instruction at `offset`. */
export function decodeInstr(code: Uint8Array, offset: number, options: DecodeOptions = {}): Instr {
  const checked = options.checked ?? true;
  const op = decodeOpcode(code, offset);
  if (offset + op.size > code.length) {
    throw new PulleyDecodeError(offset, `truncated ${op.mnemonic}: needs ${op.size} bytes, only ${code.length - offset} left`);
  }
  const operands = op.operands.map((operand) =>
    readOperand(code, offset, operand.type, offset + operand.offset, checked, op, operand.name));
  if (op !== BR_TABLE32) return { op, offset, size: op.size, operands };

  const count = operands[1] as number;
  const tableStart = offset + op.size;
  if (count > (code.length - tableStart) / 4) {
    throw new PulleyDecodeError(offset,
      `truncated br_table32: ${count} entries need ${count * 4} bytes, only ${code.length - tableStart} left`);
  }
  const targets = new Array<number>(count);
  for (let i = 0; i < count; i++) targets[i] = readI32(code, tableStart + 4 * i);
  return { op, offset, size: op.size + 4 * count, operands, targets };
}

/** Decodes every instruction of `code`, which must end exactly after its last one. */
export function decodeAll(code: Uint8Array, options: DecodeOptions = {}): Instr[] {
  const instrs: Instr[] = [];
  for (let offset = 0; offset < code.length;) {
    const instr = decodeInstr(code, offset, options);
    instrs.push(instr);
    offset += instr.size;
  }
  return instrs;
}

function readOperand(code: Uint8Array, instrOffset: number, type: OperandType, p: number, checked: boolean,
  op: OpInfo, name: string): OperandValue {
  const reg = (r: number, what: string): number => {
    if (checked && r > 31) {
      throw new PulleyDecodeError(instrOffset, `${op.mnemonic}: register number ${r} in operand ${what} (byte 0x${hex(p, 0)}) is not below 32`);
    }
    return r;
  };
  const unused = (bits: number, mask: number): void => {
    if (checked && (bits & mask) !== 0) {
      throw new PulleyDecodeError(instrOffset, `${op.mnemonic}: unused bits 0x${hex(mask >>> 0, 0)} set in operand ${name}`);
    }
  };
  switch (type) {
    case 'XReg': case 'FReg': case 'VReg': return reg(code[p]!, name);
    case 'u8': return code[p]!;
    case 'i8': return (code[p]! << 24) >> 24;
    case 'u16': case 'UpperRegSet<XReg>': return readU16(code, p);
    case 'i16': return (readU16(code, p) << 16) >> 16;
    case 'u32': return readI32(code, p) >>> 0;
    case 'i32': case 'PcRelOffset': return readI32(code, p);
    case 'u64': return readBig(code, p, 8);
    case 'i64': return BigInt.asIntN(64, readBig(code, p, 8));
    case 'u128': return readBig(code, p, 16);
    case 'BinaryOperands<XReg,XReg,U6>': return unpackBinary(readU16(code, p));
    case 'BinaryOperands<XReg>': case 'BinaryOperands<FReg>': case 'BinaryOperands<VReg>':
    case 'BinaryOperands<VReg,VReg,XReg>': case 'BinaryOperands<VReg,VReg,FReg>': {
      const bits = readU16(code, p);
      unused(bits, BINARY_REG_UNUSED_BITS);
      return unpackBinary(bits);
    }
    case 'AddrO32': case 'AddrZ': return { base: reg(code[p]!, `${name}.base`), offset: readI32(code, p + 1) };
    case 'AddrG32': {
      const bits = readI32(code, p);
      unused(bits, ADDR_G32_UNUSED_BITS);
      return unpackAddrG32(bits >>> 0);
    }
    case 'AddrG32Bne': {
      const bits = readI32(code, p);
      unused(bits, ADDR_G32_UNUSED_BITS);
      return unpackAddrG32Bne(bits >>> 0);
    }
  }
}

/** Bytes of bytecode written as hex text (whitespace between bytes allowed), e.g. the vectors' `code`. */
export function bytesFromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0) throw new Error('the hex text has an odd number of digits');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) throw new Error(`'${bad[0]}' is not a hex digit`);
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function readU16(code: Uint8Array, p: number): number {
  return code[p]! | (code[p + 1]! << 8);
}

function readI32(code: Uint8Array, p: number): number {
  return code[p]! | (code[p + 1]! << 8) | (code[p + 2]! << 16) | (code[p + 3]! << 24);
}

function readBig(code: Uint8Array, p: number, bytes: number): bigint {
  let v = 0n;
  for (let j = bytes - 4; j >= 0; j -= 4) v = (v << 32n) | BigInt(readI32(code, p + j) >>> 0);
  return v;
}

function hex(v: number, digits: number): string {
  return v.toString(16).padStart(digits, '0');
}
