// Frame links (the fp and lr a push_frame_save stores at the top of its frame) kept out of
// memory while nothing can look at them.
//
// Backtraces walk the fp chain, and the interpreter's pop_frame_restore reads fp and lr
// back from the frame; a generated function that returns to a generated caller needs
// neither. So a call from generated code to a function of the same unit may pass the
// caller's fp as a JS argument ("a linked call"): the callee keeps its link in locals, and
// writes it into its frame only when it leaves for the interpreter (which may then pop the
// frame or walk the chain). That is sound while no one walks the chain with such a frame
// live. A host call may run code that could: a host function that traps has its backtrace
// taken, but only once every generated frame has returned, writing its link
// (Machine.hostTrap); one that calls back into wasm runs a new activation, whose frames
// the embedding pops or unwinds before the host returns, and whose backtraces end at its
// own entry. An unlinked callee, though, would link its frame to the register file's fp,
// which is not this frame's: so no indirect call. A function qualifies when it pushes its
// one frame first, pops that same frame, makes no indirect call, has no op that reads or
// moves fp, lr or the frame otherwise, and calls only functions that qualify (a unit-wide
// fixed point). fib(27) took 7.1 ms with every link stored and 5.4 ms with linked calls
// (docs/BENCH.md).

import type { Instr } from '../src/isa/decode.js';
import { upperRegs } from './inline-ops.js';
import { closedUnderCalls, directCallee } from './sync.js';
import { branchTargets, framePushedAt, readsCallersSaved } from './translate.js';

/** Ops that a function taking linked calls (or deferred saves) may not contain: they reach fp, lr or the frame, or call an unknown function. */
const UNLINKED: ReadonlySet<string> = new Set([
  'call_indirect', 'xjump', 'push_frame', 'pop_frame', 'stack_alloc32', 'stack_free32', 'xmov_fp', 'xmov_lr',
]);
/**
 * A function that pushes its one frame first and pops that same frame, with no op that
 * reaches fp, lr or the frame otherwise, nor an indirect call: its frame (amount, saved
 * registers) and the entries it calls directly. Undefined for any other function.
 */
function simpleFrame(entry: number, instrs: readonly Instr[]): { amt: number; saved: number[]; calls: number[] } | undefined {
  const push = instrs[0];
  if (push?.op.mnemonic !== 'push_frame_save') return undefined;
  const [amt, regs] = push.operands as number[];
  // The frame's saved registers must fit (else the push is the interpreter's), and at least one (translate.ts lazyFrame).
  const saved = upperRegs(regs!);
  if (saved.length === 0 || saved.length * 8 > amt!) return undefined;
  const calls: number[] = [];
  for (let i = 0; i < instrs.length; i++) {
    const instr = instrs[i]!;
    const m = instr.op.mnemonic;
    const callee = directCallee(instr);
    if (UNLINKED.has(m) || (m === 'push_frame_save' && i > 0)) return undefined;
    if (m === 'pop_frame_restore' && (instr.operands[0] !== amt || instr.operands[1] !== regs)) return undefined;
    if (callee !== undefined) calls.push(callee);
    // A branch back to the entry would push a second frame over the first.
    else if (branchTargets(instr).includes(entry)) return undefined;
  }
  return { amt: amt!, saved, calls };
}

/** The entries (of `functions`, decoded) that may be called with their frame link in locals. */
export function linkedFunctions(functions: ReadonlyArray<{ entry: number; instrs: readonly Instr[] }>): Set<number> {
  const callees = new Map<number, number[]>();
  for (const { entry, instrs } of functions) {
    const frame = simpleFrame(entry, instrs);
    if (frame !== undefined) callees.set(entry, frame.calls);
  }
  return closedUnderCalls(callees);
}

/**
 * Functions whose callers may leave their own values of x16..x29 out of the register file
 * across a linked call, and which read none of them at such an entry ("deferred saves";
 * translate.ts): a simple frame whose push comes before every call, every write to
 * x16..x29 saved and restored (`preserving`), no read of them but the push's, and direct
 * calls only to such functions (host calls are fine: no host reads x16..x29). Such a
 * function only looks at its caller's values to save them, so it need not know them: if it
 * leaves for the interpreter, it tells the frames above where those values belong (its
 * frame's slots, or the file), and the frame that holds each puts it there
 * (unit.ts PEND_HOLD). By entry: the frame's amount and saved registers.
 */
export function deferredSaveFunctions(functions: ReadonlyArray<{ entry: number; instrs: readonly Instr[] }>,
  preserving: ReadonlySet<number>): Map<number, { amt: number; saved: number[] }> {
  const frames = new Map<number, { amt: number; saved: number[] }>();
  const callees = new Map<number, number[]>();
  for (const { entry, instrs } of functions) {
    const frame = simpleFrame(entry, instrs);
    if (frame === undefined || !preserving.has(entry) || readsCallersSaved(instrs) || !callsInFrame(instrs)) continue;
    frames.set(entry, { amt: frame.amt, saved: frame.saved });
    callees.set(entry, frame.calls);
  }
  const members = closedUnderCalls(callees);
  return new Map([...frames].filter(([entry]) => members.has(entry)));
}

/** Whether every direct call of a simple frame's function is made with its frame pushed (so it is a linked call). */
function callsInFrame(instrs: readonly Instr[]): boolean {
  const pushed = framePushedAt(instrs);
  return instrs.every((instr, i) => directCallee(instr) === undefined || pushed[i] === 1);
}
