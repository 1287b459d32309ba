// The ISA API: the op table, operand values, encoder, decoder, disassembler, assembler.

export {
  ALL_OPS, BASE_OPS, EXTENDED_OPS, EXTENDED_OP_PREFIX, OPS_BY_MNEMONIC, BR_TABLE32, opByMnemonic,
  type OpInfo, type OperandInfo, type OperandType,
} from './ops.js';
export {
  Field, OPERAND_FIELDS, xRegName, regName, parseRegName, UPPER_REG_BASE,
  type Reg, type BinaryOperands, type AddrO32, type AddrZ, type AddrG32, type AddrG32Bne, type OperandValue,
} from './operands.js';
export {
  BytecodeWriter, Label, PulleyEncodeError, encodeInstr, opFields, type FieldValue, type PcRelTarget,
} from './encode.js';
export { decodeInstr, decodeAll, decodeOpcode, bytesFromHex, PulleyDecodeError, type Instr, type DecodeOptions } from './decode.js';
export { disassemble, disassembleLines, formatInstr, formatOperand, formatTarget, type DisasOptions } from './disas.js';
export { assemble, PulleyAsmError } from './asm.js';
