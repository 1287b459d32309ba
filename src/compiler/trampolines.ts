// The two kinds of glue code between the host and compiled functions (docs/ABI.md):
// array-call trampolines (host → wasm: arguments and results in an array of 16-byte
// slots) and host trampolines (wasm → a JS function: the reverse, via call_indirect_host 0).

import type { BytecodeWriter, Label } from '../isa/encode.js';
import { opByMnemonic } from '../isa/ops.js';
import { UPPER_REG_BASE } from '../isa/operands.js';
import type { FuncType } from '../wasm/types.js';
import { ARRAY_SLOT_BYTES, Builtin, REG_SP, REG_VMCTX, TrapCode } from './abi.js';
import { regClass } from './frame.js';
import { loadOpFor, storeOpFor } from './function.js';
import { HOST_CONTEXT_ID } from './module.js';
import { callRegisters, stackAreaBytes, stackSlotOf } from './signature.js';
const XMOV_FP = opByMnemonic('xmov_fp');
const F_TMP = 15;
import { FUNCREF_CODE, FUNCREF_VMCTX } from './vmctx.js';

const op = opByMnemonic;
const PUSH_FRAME_SAVE = op('push_frame_save'), POP_FRAME_RESTORE = op('pop_frame_restore'), RET = op('ret');
const XMOV = op('xmov'), XONE = op('xone'), XCONST32 = op('xconst32'), XLOAD64 = op('xload64le_o32');
const XLOAD32 = op('xload32le_o32'), CALL = op('call'), CALL_INDIRECT = op('call_indirect');
const CALL_HOST = op('call_indirect_host'), BR_IF32 = op('br_if32'), TRAP = op('trap');

/** Holds the array address across the call (callee-saved). */
const ARRAY_REG = 16;
const SCRATCH = 31;

/**
 * Array-call trampoline: x0 = callee vmctx, x1 = caller vmctx, x2 = slot array, x3 = its
 * length. `callee` is the function's label, or for an import the vmctx offset of its
 * VMFuncRef pointer.
 */
export function emitArrayTrampoline(w: BytecodeWriter, type: FuncType, callee: { label: Label } | { importSlot: number }): void {
  const regs = callRegisters(type, 0);
  // The outgoing area for stack-passed values at sp + 0, x16's save slot above it.
  const amt = (stackAreaBytes(type) + 8 + 15) & ~15;
  w.emitFields(PUSH_FRAME_SAVE, amt, 1 << (ARRAY_REG - UPPER_REG_BASE));
  w.emitFields(XMOV, ARRAY_REG, 2);
  type.params.forEach((t, i) => {
    const reg = regs.params[i]!;
    if (reg >= 0) return;
    const tmp = regClass(t) === 'x' ? SCRATCH : F_TMP;
    w.emitFields(loadOpFor(t), tmp, ARRAY_REG, ARRAY_SLOT_BYTES * i);
    w.emitFields(storeOpFor(t), REG_SP, stackSlotOf(reg), tmp);
  });
  type.params.forEach((t, i) => { if (regs.params[i]! >= 0) w.emitFields(loadOpFor(t), regs.params[i]!, ARRAY_REG, ARRAY_SLOT_BYTES * i); });
  if ('label' in callee) {
    w.emitFields(CALL, callee.label);
  } else {
    w.emitFields(XLOAD64, SCRATCH, 0, callee.importSlot);
    w.emitFields(XLOAD64, 0, SCRATCH, FUNCREF_VMCTX);
    w.emitFields(XLOAD64, SCRATCH, SCRATCH, FUNCREF_CODE);
    w.emitFields(CALL_INDIRECT, SCRATCH);
  }
  type.results.forEach((t, i) => {
    let reg = regs.results[i]!;
    if (reg < 0) {
      const tmp = regClass(t) === 'x' ? SCRATCH : F_TMP;
      w.emitFields(loadOpFor(t), tmp, REG_SP, stackSlotOf(reg));
      reg = tmp;
    }
    w.emitFields(storeOpFor(t), ARRAY_REG, ARRAY_SLOT_BYTES * i, reg);
  });
  w.emitFields(XONE, 0);
  w.emitFields(POP_FRAME_RESTORE, amt, 1 << (ARRAY_REG - UPPER_REG_BASE));
  w.emitFields(RET);
}

/**
 * Host trampoline for one signature: spills the parameters into a slot array on the
 * stack, calls the host (x0 = host function id from the host context in x0, x1 = that
 * context, x2 = caller vmctx from x29, x3 = array, x4 = length), traps if the host
 * failed, and loads the results. Records its trap in `traps`.
 */
export function emitHostTrampoline(w: BytecodeWriter, type: FuncType, traps: { pcs: number[]; codes: number[] }): void {
  const regs = callRegisters(type, 0);
  const slots = Math.max(type.params.length, type.results.length, 1);
  const bytes = (slots * ARRAY_SLOT_BYTES + 15) & ~15;
  w.emitFields(PUSH_FRAME_SAVE, bytes, 0);
  type.params.forEach((t, i) => { if (regs.params[i]! >= 0) w.emitFields(storeOpFor(t), REG_SP, ARRAY_SLOT_BYTES * i, regs.params[i]!); });
  w.emitFields(XMOV, 1, 0);
  // Stack-passed parameters are at our fp + 16 + 8*m; x0 and f15 are free by now.
  if (regs.params.some((r) => r < 0)) w.emitFields(XMOV_FP, SCRATCH);
  type.params.forEach((t, i) => {
    const reg = regs.params[i]!;
    if (reg >= 0) return;
    const tmp = regClass(t) === 'x' ? 0 : F_TMP;
    w.emitFields(loadOpFor(t), tmp, SCRATCH, 16 + stackSlotOf(reg));
    w.emitFields(storeOpFor(t), REG_SP, ARRAY_SLOT_BYTES * i, tmp);
  });
  w.emitFields(XLOAD32, 0, 1, HOST_CONTEXT_ID);
  w.emitFields(XMOV, 2, REG_VMCTX);
  w.emitFields(XMOV, 3, REG_SP);
  w.emitFields(XCONST32, 4, slots);
  w.emitFields(CALL_HOST, Builtin.HostCall);
  const ok = w.newLabel();
  w.emitFields(BR_IF32, 0, ok);
  traps.pcs.push(w.position);
  traps.codes.push(TrapCode.HostError);
  w.emitFields(TRAP);
  w.bind(ok);
  if (regs.results.some((r) => r < 0)) w.emitFields(XMOV_FP, SCRATCH);
  type.results.forEach((t, i) => {
    const reg = regs.results[i]!;
    if (reg >= 0) return;
    const tmp = regClass(t) === 'x' ? 0 : F_TMP;
    w.emitFields(loadOpFor(t), tmp, REG_SP, ARRAY_SLOT_BYTES * i);
    w.emitFields(storeOpFor(t), SCRATCH, 16 + stackSlotOf(reg), tmp);
  });
  type.results.forEach((t, i) => { if (regs.results[i]! >= 0) w.emitFields(loadOpFor(t), regs.results[i]!, REG_SP, ARRAY_SLOT_BYTES * i); });
  w.emitFields(POP_FRAME_RESTORE, bytes, 0);
  w.emitFields(RET);
}
