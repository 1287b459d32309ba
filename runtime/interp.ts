// The reference interpreter's dispatch loop. Dispatch tables are built once from the op
// table (src/isa/ops.ts) and the handler families in ./ops/*.ts: one 256-entry table for
// the one-byte opcodes, whose EXTENDED_OP_PREFIX entry dispatches through a second table
// indexed by the u16 that follows. An op without a handler (yet) traps DisabledOpcode
// with a message naming it, never crashes the loop.

import { BASE_OPS, EXTENDED_OPS, EXTENDED_OP_PREFIX, type OpInfo } from '../src/isa/ops.js';
import { DONE, type DoneReason, enterJit, type Machine, type Region, TrapKind, TrapSignal } from './machine.js';
import type { Handler, OpHandlers } from './ops/handler.js';
import { controlOps } from './ops/control.js';
import { memoryOps } from './ops/memory.js';
import { intOps } from './ops/int.js';
import { floatOps } from './ops/float.js';
import { vectorOps } from './ops/vector.js';

const FAMILIES: readonly OpHandlers[] = [controlOps, memoryOps, intOps, floatOps, vectorOps];

/** The handler that executes `op` (a trapping stand-in where a family has none yet). */
export function handlerFor(op: OpInfo): Handler {
  for (const family of FAMILIES) {
    const handler = family[op.mnemonic];
    if (handler) return handler;
  }
  return () => {
    throw new TrapSignal(TrapKind.DisabledOpcode, `op ${op.mnemonic} has no handler in this interpreter yet`);
  };
}

function invalidOpcode(what: string): Handler {
  return (m, pc) => {
    throw new TrapSignal(TrapKind.DisabledOpcode, `invalid ${what} at pc ${pc} of ${m.codeRegion.name}`);
  };
}

/** Which ops have a handler, by mnemonic (for reports while families are being written). */
export function implementedOps(): Set<string> {
  const names = new Set<string>();
  for (const family of FAMILIES) for (const name of Object.keys(family)) names.add(name);
  return names;
}

// ## Dispatch tables

const EXT_HANDLERS: Handler[] = new Array<Handler>(0x10000).fill(invalidOpcode('extended opcode'));
const EXT_SIZES = new Int32Array(0x10000);
for (const op of EXTENDED_OPS) {
  EXT_HANDLERS[op.opcode] = handlerFor(op);
  EXT_SIZES[op.opcode] = op.size;
}

const extendedPrefix: Handler = (m, pc) => {
  const code = m.code;
  const sub = code[pc + 1]! | (code[pc + 2]! << 8);
  return EXT_HANDLERS[sub]!(m, pc, pc + EXT_SIZES[sub]!);
};

const HANDLERS: Handler[] = new Array<Handler>(256).fill(invalidOpcode('opcode'));
const SIZES = new Int32Array(256);
for (const op of BASE_OPS) {
  HANDLERS[op.opcode] = handlerFor(op);
  SIZES[op.opcode] = op.size;
}
HANDLERS[EXTENDED_OP_PREFIX] = extendedPrefix;

// ## The loop

/**
 * Runs from byte `pc` of `code` until a `ret` to the host sentinel, a call_indirect_host
 * or a trap. Registers, fp, lr and memory are left as the last instruction left them.
 */
export function run(m: Machine, code: Region, pc: number): DoneReason {
  m.enterCode(code);
  m.done = null;
  const handlers = HANDLERS, sizes = SIZES;
  const jitDepth = m.jitDepth;
  try {
    if (code.jit !== undefined) {
      pc = enterJit(m, pc);
      if (pc < 0) return m.done ?? badTarget(m, pc);
    }
    for (;;) {
      const op = m.code[pc]!;
      const next = handlers[op]!(m, pc, pc + sizes[op]!);
      if (next < 0) break;
      pc = next;
    }
  } catch (e) {
    m.jitDepth = jitDepth;
    return trapAt(m, pc, e);
  }
  return m.done ?? badTarget(m, pc);
}

/**
 * The same loop, counting instructions (for benchmarks and tests); kept separate so that
 * `run` carries no counter.
 */
export function runCounting(m: Machine, code: Region, pc: number): { done: DoneReason; steps: number } {
  m.enterCode(code);
  m.done = null;
  let steps = 0;
  try {
    for (;;) {
      const op = m.code[pc]!;
      steps++;
      const next = HANDLERS[op]!(m, pc, pc + SIZES[op]!);
      if (next < 0) break;
      pc = next;
    }
  } catch (e) {
    return { done: trapAt(m, pc, e), steps };
  }
  return { done: m.done ?? badTarget(m, pc), steps };
}

/** A branch to a negative offset: the loop stopped without a done reason. */
function badTarget(m: Machine, pc: number): DoneReason {
  return {
    kind: 'trap', pc, trap: TrapKind.MemoryOutOfBounds, code: m.codeRegion,
    message: `the instruction at pc ${pc} branched before the start of ${m.codeRegion.name}`,
  };
}

/** Turns what a handler threw into a trap at `pc`, the instruction that was executing. */
function trapAt(m: Machine, pc: number, e: unknown): DoneReason {
  if (e instanceof TrapSignal) {
    const done: DoneReason = { kind: 'trap', pc, trap: e.kind, code: m.codeRegion };
    if (e.message !== undefined) done.message = e.message;
    return done;
  }
  // A pc outside the code (a jump out of it) shows up as a missing handler or operand.
  const length = m.code.length;
  if (pc < 0 || pc >= length || !Number.isInteger(pc)) {
    return {
      kind: 'trap', pc, trap: TrapKind.MemoryOutOfBounds, code: m.codeRegion,
      message: `pc ${pc} is outside ${m.codeRegion.name} (${length} bytes)`,
    };
  }
  if (e instanceof RangeError) {
    return {
      kind: 'trap', pc, trap: TrapKind.MemoryOutOfBounds, code: m.codeRegion,
      message: `the instruction at pc ${pc} runs past the end of ${m.codeRegion.name} (${e.message})`,
    };
  }
  throw e;
}
