// The op table as data: parsed once from ./op-lines.ts into OpInfo records that the
// encoder, decoder, disassembler, assembler, interpreter and JS translator all read.

import { BASE_OP_LINES, EXTENDED_OP_LINES } from './op-lines.js';

/** Operand types as Pulley declares them; see operandSize() for their byte layouts. */
export type OperandType =
  | 'XReg' | 'FReg' | 'VReg'
  | 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64' | 'u128'
  | 'PcRelOffset'
  | 'BinaryOperands<XReg>' | 'BinaryOperands<FReg>' | 'BinaryOperands<VReg>'
  | 'BinaryOperands<XReg,XReg,U6>' | 'BinaryOperands<VReg,VReg,XReg>' | 'BinaryOperands<VReg,VReg,FReg>'
  | 'UpperRegSet<XReg>'
  | 'AddrO32' | 'AddrZ' | 'AddrG32' | 'AddrG32Bne';

export const OPERAND_SIZES: Readonly<Record<OperandType, number>> = {
  XReg: 1, FReg: 1, VReg: 1,
  u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, u128: 16,
  PcRelOffset: 4,
  'BinaryOperands<XReg>': 2, 'BinaryOperands<FReg>': 2, 'BinaryOperands<VReg>': 2,
  'BinaryOperands<XReg,XReg,U6>': 2, 'BinaryOperands<VReg,VReg,XReg>': 2, 'BinaryOperands<VReg,VReg,FReg>': 2,
  'UpperRegSet<XReg>': 2,
  AddrO32: 5, AddrZ: 5, AddrG32: 4, AddrG32Bne: 4,
};

export interface OperandInfo {
  readonly name: string;
  readonly type: OperandType;
  /** Byte offset of this operand from the start of the instruction (after the opcode bytes). */
  readonly offset: number;
  readonly size: number;
}

export interface OpInfo {
  readonly mnemonic: string;
  /** Position in its list: the byte after the opcode for base ops, the u16 after 0xdb for extended ops. */
  readonly opcode: number;
  readonly extended: boolean;
  /** 1 for base ops, 3 for extended ops. */
  readonly opcodeSize: number;
  readonly operands: readonly OperandInfo[];
  /** Size of the whole instruction in bytes; for br_table32 the size without its table. */
  readonly size: number;
  /** Dense index over all ops: base ops 0..218, then extended ops 219..528. */
  readonly index: number;
}

/** The byte that introduces an extended op: one past the last base opcode. */
export const EXTENDED_OP_PREFIX = BASE_OP_LINES.length;

function parseLine(line: string, opcode: number, extended: boolean, index: number): OpInfo {
  const [mnemonic, ...fields] = line.split(' ');
  const opcodeSize = extended ? 3 : 1;
  let offset = opcodeSize;
  const operands = fields.map((field) => {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon);
    const type = field.slice(colon + 1) as OperandType;
    const size = OPERAND_SIZES[type];
    if (size === undefined) throw new Error(`op table: unknown operand type ${type} in '${line}'`);
    const operand = { name, type, offset, size };
    offset += size;
    return operand;
  });
  return { mnemonic: mnemonic!, opcode, extended, opcodeSize, operands, size: offset, index };
}

export const BASE_OPS: readonly OpInfo[] = BASE_OP_LINES.map((line, i) => parseLine(line, i, false, i));
export const EXTENDED_OPS: readonly OpInfo[] = EXTENDED_OP_LINES.map((line, i) =>
  parseLine(line, i, true, BASE_OPS.length + i));
/** Every op, base ops first, each at its `index`. */
export const ALL_OPS: readonly OpInfo[] = [...BASE_OPS, ...EXTENDED_OPS];

export const OPS_BY_MNEMONIC: ReadonlyMap<string, OpInfo> = new Map(ALL_OPS.map((op) => [op.mnemonic, op]));

/** The op with this mnemonic; throws for a name that is not in Pulley 35. */
export function opByMnemonic(mnemonic: string): OpInfo {
  const op = OPS_BY_MNEMONIC.get(mnemonic);
  if (!op) throw new Error(`unknown Pulley op '${mnemonic}'`);
  return op;
}

/** The only op whose size depends on its operands: a u32 count of i32 offsets follows it. */
export const BR_TABLE32 = opByMnemonic('br_table32');
