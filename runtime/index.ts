// The runtime's public surface: the machine, the interpreter loop, the Vm API, the
// Wasmtime-style embedding and the unwinder.

export {
  AddressSpace, DEFAULT_STACK_SIZE, type DoneReason, Machine, Region, TrapKind, TrapSignal, addressOf,
} from './machine.js';
export { implementedOps, run, runCounting } from './interp.js';
export {
  type CodePointer, type OldLr, type RegType, type Val, Vm, f32Val, f64Val, readReg, valAsF32, valAsF64, writeReg, xVal,
} from './vm.js';
export {
  type Address, type BuiltinFunction, Embedding, type EmbeddingOptions, type HostCallArgs, type HostFunctionCall,
  HostTrap, type TrapInfo,
} from './embed.js';
export { backtrace, type FramePc } from './unwind.js';
export * from './wasi/index.js';
