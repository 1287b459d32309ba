// The disassembler: Pulley 35's own text format (pulley/src/disas.rs), line for line.
//
//        1f: 21 0a 01 07 00 00 00               br_if_xsgteq32_i8 x10, 1, 0x7    // target = 0x26
//   offset column (8 wide, hex), byte dump padded to 12 bytes, then the mnemonic and its
//   operand fields separated by ", ". A br_table32 is followed by one line per entry.
// Lines carry no trailing spaces (Pulley leaves one after an empty register list).

import { decodeInstr, type DecodeOptions, type Instr } from './decode.js';
import type { OperandType } from './ops.js';
import {
  Field, OPERAND_FIELDS, UPPER_REG_BASE, flattenOperand, regName, xRegName, type OperandValue,
} from './operands.js';

export interface DisasOptions extends DecodeOptions {
  /** Print the offset column (default true). */
  offsets?: boolean;
  /** Print the byte dump column (default true). */
  bytes?: boolean;
  /** Added to every printed offset and branch target, for code that does not start at 0 (default 0). */
  startOffset?: number;
}

/** Disassembles all of `code`; one string with a newline after each line. */
export function disassemble(code: Uint8Array, options: DisasOptions = {}): string {
  const lines = disassembleLines(code, options);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Disassembles all of `code` into lines (a br_table32 gives one line per entry after its own). */
export function disassembleLines(code: Uint8Array, options: DisasOptions = {}): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < code.length;) {
    const instr = decodeInstr(code, offset, options);
    formatInstr(code, instr, options, lines);
    offset += instr.size;
  }
  return lines;
}

/** Appends the lines of one decoded instruction to `out` (or a new array). */
export function formatInstr(code: Uint8Array, instr: Instr, options: DisasOptions = {}, out: string[] = []): string[] {
  const base = options.startOffset ?? 0;
  const at = base + instr.offset;
  const texts = instr.operands.map((value, i) => formatOperand(instr.op.operands[i]!.type, value, at));
  const text = texts.length === 0 ? instr.op.mnemonic : `${instr.op.mnemonic} ${texts.join(', ')}`;
  const headerSize = instr.op.size;
  out.push(line(code, instr.offset, headerSize, text, options));
  instr.targets?.forEach((target, i) => {
    const entry = instr.offset + headerSize + 4 * i;
    out.push(line(code, entry, 4, formatTarget(target, base + entry), options));
  });
  return out;
}

/** One operand as text: its fields separated by ", " (AddrG32Bne shows its bound as `*[reg + offset]`). */
export function formatOperand(type: OperandType, value: OperandValue, at: number): string {
  const fields: unknown[] = [];
  flattenOperand(type, value, fields, 0);
  const texts = OPERAND_FIELDS[type].map((kind, i) => formatField(kind, fields[i], at));
  if (type === 'AddrG32Bne') return `${texts[0]}, *[${texts[1]} + ${texts[2]}], ${texts[3]}, ${texts[4]}`;
  return texts.join(', ');
}

/** One field as text; `at` is the (start-offset adjusted) position branch targets are relative to. */
export function formatField(kind: Field, value: unknown, at: number): string {
  switch (kind) {
    case Field.XReg: case Field.FReg: case Field.VReg: return regName(kind, value as number);
    case Field.PcRel: return formatTarget(value as number, at);
    case Field.RegSet: {
      const names: string[] = [];
      for (let bit = 0; bit < 16; bit++) if (((value as number) >>> bit) & 1) names.push(xRegName(UPPER_REG_BASE + bit));
      return names.join(', ');
    }
    default: return String(value);
  }
}

/** A PcRelOffset: signed hex offset, then the absolute target as Pulley computes it (64-bit wrapping). */
export function formatTarget(offset: number, at: number): string {
  const magnitude = `0x${Math.abs(offset).toString(16)}`;
  const target = BigInt.asUintN(64, BigInt(at) + BigInt(offset));
  return `${offset < 0 ? '-' : ''}${magnitude}    // target = 0x${target.toString(16)}`;
}

const BYTE_COLUMN_WIDTH = 12;

function line(code: Uint8Array, offset: number, size: number, text: string, options: DisasOptions): string {
  let s = '';
  if (options.offsets ?? true) s += `${((options.startOffset ?? 0) + offset).toString(16).padStart(8)}: `;
  if (options.bytes ?? true) {
    const hexBytes: string[] = [];
    for (let i = 0; i < size; i++) hexBytes.push(code[offset + i]!.toString(16).padStart(2, '0'));
    s += hexBytes.join(' ') + '   '.repeat(Math.max(0, BYTE_COLUMN_WIDTH - size));
  }
  return (s + text).trimEnd();
}
