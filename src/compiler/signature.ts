// Which registers carry a function's parameters and results (docs/ABI.md "Registers"):
// integer/reference parameters in x1..x15, float parameters in f0..f15, integer results
// in x0..x15, float results in f0..f15, v128 parameters and results in v0..v15, each
// class counted separately.

import type { FuncType } from '../wasm/types.js';
import { FIRST_INT_PARAM_REG, LAST_CALLER_SAVED_F, LAST_CALLER_SAVED_X } from './abi.js';
import { regClass } from './frame.js';

export interface CallRegisters {
  /**
   * Register number of each parameter / result (x or f by its type), or for one passed
   * on the stack -1 - m: slot m of the area at the caller's [sp + 8*m] (callee: [fp + 16 + 8*m]).
   */
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** Bytes of the caller's outgoing area a signature needs (its stack-passed slots). */
export function stackAreaBytes(type: FuncType): number {
  const regs = callRegisters(type, 0);
  const slots = (list: readonly number[], types: FuncType['params']): number =>
    list.reduce((n, r, i) => (r < 0 ? Math.max(n, -r + (regClass(types[i]!) === 'v' ? 1 : 0)) : n), 0);
  return 8 * Math.max(slots(regs.params, type.params), slots(regs.results, type.results));
}

/** Bytes of the outgoing area at the bottom of every frame of a module with these types (sp + 0 up). */
export function outgoingAreaBytes(types: readonly FuncType[]): number {
  return Math.max(0, ...types.map(stackAreaBytes));
}

/** The caller-side address offset of stack slot encoded as `reg` (< 0). */
export function stackSlotOf(reg: number): number {
  return 8 * (-1 - reg);
}

const cache = new WeakMap<FuncType, CallRegisters>();

/** The registers (or stack slots) of `type`'s parameters and results. */
export function callRegisters(type: FuncType, _offset?: number, _funcIndex?: number): CallRegisters {
  let regs = cache.get(type);
  if (regs) return regs;
  const assign = (types: ValTypeList, firstX: number): number[] => {
    let x = firstX;
    let f = 0;
    let v = 0;
    let stack = 0;
    return types.map((t) => {
      const cls = regClass(t);
      const reg = cls === 'x' ? x++ : cls === 'f' ? f++ : v++;
      if (x > LAST_CALLER_SAVED_X + 1 || f > LAST_CALLER_SAVED_F + 1 || v > LAST_CALLER_SAVED_F + 1) {
        // A stack-passed v128 takes two 8-byte slots.
        const slot = stack;
        stack += cls === 'v' ? 2 : 1;
        return -1 - slot;
      }
      return reg;
    });
  };
  regs = { params: assign(type.params, FIRST_INT_PARAM_REG), results: assign(type.results, 0) };
  cache.set(type, regs);
  return regs;
}

type ValTypeList = FuncType['params'];
