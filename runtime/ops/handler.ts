// The contract between the interpreter loop and the op semantics in runtime/ops/*.ts.

import type { Machine } from '../machine.js';
import { opByMnemonic } from '../../src/isa/ops.js';

/**
 * Executes the instruction that starts at byte `pc` of m.code and returns the pc to run
 * next. `next` is pc + the op's size from the op table, so straight-line ops just
 * `return next`; branches return their target. Operands are read from m.code /
 * m.codeView at the offsets the op table gives (opcode bytes first: 1 for base ops, 3
 * for extended ops). A trap throws TrapSignal; the loop records the pc.
 */
export type Handler = (m: Machine, pc: number, next: number) => number;

/** Handlers keyed by mnemonic; the interpreter builds its dispatch table from the op table. */
export type OpHandlers = Readonly<Record<string, Handler>>;

// ## Operand decoding shared by the handlers

/** BinaryOperands: u16 with dst in bits 0..5, src1 in 5..10, src2 (or a 6-bit immediate) above. */
export function binDst(b: number): number { return b & 31; }
export function binSrc1(b: number): number { return (b >>> 5) & 31; }
export function binSrc2(b: number): number { return (b >>> 10) & 31; }
export function binU6(b: number): number { return (b >>> 10) & 63; }

// ## Operand layouts, read from the op table

/** Byte offsets (from the start of the instruction) of each operand of `mnemonic`, by name. */
export function operandOffsets(mnemonic: string): Readonly<Record<string, number>> {
  const offsets: Record<string, number> = {};
  for (const operand of opByMnemonic(mnemonic).operands) offsets[operand.name] = operand.offset;
  return offsets;
}

/**
 * The operand offsets shared by every op in `mnemonics` (handlers for one shape are written
 * once against these). Throws at load time if the op table gives any of them another layout.
 */
export function sharedLayout(mnemonics: readonly string[]): Readonly<Record<string, number>> {
  const first = operandOffsets(mnemonics[0]!);
  const key = JSON.stringify(first);
  for (const m of mnemonics) {
    if (JSON.stringify(operandOffsets(m)) !== key) {
      throw new Error(`op table: ${m} does not share the operand layout of ${mnemonics[0]}`);
    }
  }
  return first;
}
