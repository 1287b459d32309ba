// Which registers carry a function's parameters and results (docs/ABI.md "Registers"):
// integer/reference parameters in x1..x15, float parameters in f0..f15, integer results
// in x0..x15, float results in f0..f15, each class counted separately.

import { WasmCompileError } from '../wasm/errors.js';
import type { FuncType } from '../wasm/types.js';
import { FIRST_INT_PARAM_REG, LAST_CALLER_SAVED_F, LAST_CALLER_SAVED_X } from './abi.js';
import { regClass } from './frame.js';

export interface CallRegisters {
  /** Register number of each parameter / result (x or f by its type). */
  readonly params: readonly number[];
  readonly results: readonly number[];
}

const cache = new WeakMap<FuncType, CallRegisters>();

/** The registers of `type`; signatures beyond the registers are not supported yet (CompileError). */
export function callRegisters(type: FuncType, offset: number, funcIndex?: number): CallRegisters {
  let regs = cache.get(type);
  if (regs) return regs;
  const assign = (types: ValTypeList, firstX: number, what: string): number[] => {
    let x = firstX;
    let f = 0;
    return types.map((t) => {
      const reg = regClass(t) === 'x' ? x++ : f++;
      if (x > LAST_CALLER_SAVED_X + 1 || f > LAST_CALLER_SAVED_F + 1) {
        throw new WasmCompileError(`more ${what} than registers (stack-passed ${what} are not supported yet)`, offset, funcIndex);
      }
      return reg;
    });
  };
  regs = { params: assign(type.params, FIRST_INT_PARAM_REG, 'parameters'), results: assign(type.results, 0, 'results') };
  cache.set(type, regs);
  return regs;
}

type ValTypeList = FuncType['params'];
