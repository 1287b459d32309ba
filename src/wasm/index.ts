// The wasm front end's public API: decode, validate, and walk function bodies in one pass.
export { WasmCompileError } from './errors.js';
export { decodeModule } from './decode.js';
export { JS_API_LIMITS } from './limits.js';
export {
  validateModule, validateModuleFields, validateFunctionBodies, validateFunctionBody, type OperatorVisitor,
} from './validate.js';
export { FuncValidator, FrameKind, type ControlFrame, type ValidationContext } from './func-validator.js';
export { Operator, OperatorReader, operatorI64, BLOCK_EMPTY } from './operators.js';
export { WASM_OPS, WASM_OPS_BY_NAME, wasmOp, type WasmOpInfo, Imm } from './opcodes.js';
export { moduleNames } from './names.js';
export * from './types.js';
