// The JS API's error classes (made in the runtime, which throws them from deep inside).
export { CompileError, LinkError, RuntimeError, type WasmFrame } from '../../runtime/instance-errors.js';
