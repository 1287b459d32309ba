// Checks on loaded bytecode before anything runs it: the checked Pulley decoder accepts
// every instruction from the first byte to the last, every branch, call and br_table
// target lands on an instruction, the code cannot run off its end, and every entry point
// (functions, trampolines) and trap-table pc is an instruction (a `trap` for the latter).

import type { PcTable } from '../compiler/module.js';
import { TRAP_MESSAGES } from '../compiler/abi.js';
import { decodeInstr, decodeOpcode, PulleyDecodeError, type Instr } from '../isa/decode.js';
import { BR_TABLE32, opByMnemonic, type OpInfo } from '../isa/ops.js';
import { PulleyFormatError } from './errors.js';

/** Ops after which execution never reaches the next byte. */
const NO_FALL_THROUGH: ReadonlySet<OpInfo> = new Set(['ret', 'jump', 'xjump', 'trap', 'br_table32'].map(opByMnemonic));
const TRAP = opByMnemonic('trap');
const NUM_TRAP_CODES = Object.keys(TRAP_MESSAGES).length;

const branchOperandsByOp = new Map<OpInfo, number[]>();
/** Indices of an op's PcRelOffset operands (memoized: this runs once per instruction). */
function branchOperands(op: OpInfo): number[] {
  let indices = branchOperandsByOp.get(op);
  if (indices === undefined) {
    indices = op.operands.flatMap((operand, i) => (operand.type === 'PcRelOffset' ? [i] : []));
    branchOperandsByOp.set(op, indices);
  }
  return indices;
}

export interface CodeToVerify {
  readonly file: string;
  readonly code: Uint8Array;
  /** File offset of code[0], so errors point into the file. */
  readonly codeFileOffset: number;
  /** Defined functions' ranges and their function indices, for messages. */
  readonly functions: readonly { readonly offset: number; readonly size: number; readonly funcIndex: number }[];
  readonly arrayTrampolines: readonly number[];
  readonly hostTrampolinesByType: readonly number[];
  readonly traps: PcTable;
  /** File offsets of the sections holding the tables above, for messages. */
  readonly sectionOffsets: { readonly functionTable: number; readonly trampolines: number; readonly trapTable: number };
}

/** Throws PulleyFormatError on the first problem. */
export function verifyBytecode(v: CodeToVerify): void {
  const { code, file } = v;
  const where = (pc: number): string => {
    const f = v.functions.find((fn) => pc >= fn.offset && pc < fn.offset + fn.size);
    return f ? `function ${f.funcIndex} at pc 0x${pc.toString(16)}` : `trampolines at pc 0x${pc.toString(16)}`;
  };
  const fail = (pc: number, problem: string): never => {
    throw new PulleyFormatError(file, 'bytecode', v.codeFileOffset + pc, `${where(pc)}: ${problem}`);
  };

  // Pass 1: decode everything; mark instruction starts; remember targets to check.
  const isStart = new Uint8Array(code.length + 1);
  const targets: number[] = [];
  let last: Instr | undefined;
  for (let pc = 0; pc < code.length;) {
    try {
      last = decodeInstr(code, pc);
    } catch (e) {
      if (e instanceof PulleyDecodeError) fail(e.offset, e.problem);
      throw e;
    }
    isStart[pc] = 1;
    for (const i of branchOperands(last.op)) targets.push(pc, pc + (last.operands[i] as number));
    if (last.op === BR_TABLE32) {
      const entries = last.targets!;
      for (let i = 0; i < entries.length; i++) targets.push(pc, pc + BR_TABLE32.size + 4 * i + entries[i]!);
    }
    pc += last.size;
  }
  if (last !== undefined && !NO_FALL_THROUGH.has(last.op)) fail(last.offset, `the last instruction (${last.op.mnemonic}) would run off the end of the code`);

  // Pass 2: every branch target is an instruction.
  for (let i = 0; i < targets.length; i += 2) {
    const from = targets[i]!, to = targets[i + 1]!;
    if (to < 0 || to >= code.length || !isStart[to]) fail(from, `branch target 0x${to.toString(16)} is not an instruction`);
  }

  // Entry points and trap pcs.
  const tableError = (section: string, at: number, problem: string): never => {
    throw new PulleyFormatError(file, section, at, problem);
  };
  v.functions.forEach((f, i) => {
    if (!isStart[f.offset] || !isStart[f.offset + f.size]) {
      tableError('function table', v.sectionOffsets.functionTable, `entry ${i} (function ${f.funcIndex}, pc 0x${f.offset.toString(16)}+${f.size}) does not start and end on instructions`);
    }
  });
  const checkEntries = (what: string, entries: readonly number[]): void => entries.forEach((pc, i) => {
    if (pc >= code.length || !isStart[pc]) tableError('trampolines', v.sectionOffsets.trampolines, `${what} ${i} (pc 0x${pc.toString(16)}) is not an instruction`);
  });
  checkEntries('array trampoline of function', v.arrayTrampolines);
  checkEntries('host trampoline of type', v.hostTrampolinesByType);
  for (let i = 0; i < v.traps.pcs.length; i++) {
    const pc = v.traps.pcs[i]!;
    if (!isStart[pc] || decodeOpcode(code, pc) !== TRAP) tableError('trap table', v.sectionOffsets.trapTable, `entry ${i} (pc 0x${pc.toString(16)}) is not a trap instruction`);
    if (v.traps.values[i]! >= NUM_TRAP_CODES) tableError('trap table', v.sectionOffsets.trapTable, `entry ${i} has unknown trap code ${v.traps.values[i]}`);
  }
}
