// The register conventions, builtin ids and trap codes of compiled WebAssembly
// (docs/ABI.md explains them). The compiler, the runtime and the JS tier import these;
// nothing else writes these numbers.

/** Callee vmctx on entry; first integer result on return. */
export const REG_VMCTX_ARG = 0;
/** Integer parameters start here (x1 ..). */
export const FIRST_INT_PARAM_REG = 1;
/** Last caller-saved integer register usable for parameters and temporaries. */
export const LAST_CALLER_SAVED_X = 15;
/** Float parameters/results: f0 .. f15; f16 .. f31 are callee-saved. */
export const LAST_CALLER_SAVED_F = 15;
/** Callee-saved integer registers available to the register allocator: x16 .. x26. */
export const FIRST_CALLEE_SAVED_X = 16;
export const LAST_ALLOCATABLE_CALLEE_SAVED_X = 26;
/** Pinned: base address of memory 0. */
export const REG_HEAP_BASE = 27;
/** Pinned: byte length of memory 0 (the *_g32 bound). */
export const REG_HEAP_BOUND = 28;
/** Pinned: this function's vmctx. */
export const REG_VMCTX = 29;
export const REG_SP = 30;
export const REG_SPILLTMP = 31;

/** Size of one slot of the array-call argument/result array. */
export const ARRAY_SLOT_BYTES = 16;

/** Ids for `call_indirect_host`. Id 0 is a host (imported JS) function call. */
export enum Builtin {
  HostCall = 0,
  MemoryGrow = 1,
  MemoryCopy = 2,
  MemoryFill = 3,
  MemoryInit = 4,
  DataDrop = 5,
  TableGet = 6,
  TableSet = 7,
  TableGrow = 8,
  TableSize = 9,
  TableFill = 10,
  TableCopy = 11,
  TableInit = 12,
  ElemDrop = 13,
  RefFunc = 14,
  /** Raised by the guest to report a trap code the runtime must raise (x1 = vmctx, x2 = code). */
  RaiseTrap = 15,
}

/** WebAssembly trap codes, with the messages the spec uses. */
export enum TrapCode {
  StackOverflow = 0,
  MemoryOutOfBounds = 1,
  HeapMisaligned = 2,
  TableOutOfBounds = 3,
  IndirectCallToNull = 4,
  BadSignature = 5,
  IntegerOverflow = 6,
  IntegerDivisionByZero = 7,
  BadConversionToInteger = 8,
  UnreachableCodeReached = 9,
  Interrupt = 10,
  OutOfFuel = 11,
  NullReference = 12,
  HostError = 13,
}

export const TRAP_MESSAGES: Readonly<Record<TrapCode, string>> = {
  [TrapCode.StackOverflow]: 'call stack exhausted',
  [TrapCode.MemoryOutOfBounds]: 'out of bounds memory access',
  [TrapCode.HeapMisaligned]: 'misaligned memory access',
  [TrapCode.TableOutOfBounds]: 'out of bounds table access',
  [TrapCode.IndirectCallToNull]: 'uninitialized element',
  [TrapCode.BadSignature]: 'indirect call type mismatch',
  [TrapCode.IntegerOverflow]: 'integer overflow',
  [TrapCode.IntegerDivisionByZero]: 'integer divide by zero',
  [TrapCode.BadConversionToInteger]: 'invalid conversion to integer',
  [TrapCode.UnreachableCodeReached]: 'unreachable',
  [TrapCode.Interrupt]: 'interrupt',
  [TrapCode.OutOfFuel]: 'all fuel consumed',
  [TrapCode.NullReference]: 'null reference',
  [TrapCode.HostError]: 'host function error',
};
