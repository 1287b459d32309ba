// Module validation: everything outside function bodies (indices, limits, constant
// expressions, exports, start, segments), then each body through FuncValidator.

import { decodeModule } from './decode.js';
import { WasmCompileError } from './errors.js';
import { FuncValidator, type ValidationContext } from './func-validator.js';
import { Operator, OperatorReader } from './operators.js';
import {
  F32, F64, FUNCREF, I32, I64, V128,
  type ConstExpr, type Limits, type ValType, type WasmModule,
} from './types.js';

/** The most pages a 32-bit memory can have (4 GiB). */
const MAX_MEMORY_PAGES = 65536;

/** Decode and fully validate a module; throws WasmCompileError if it is malformed or invalid. */
export function validateModule(bytes: Uint8Array): WasmModule {
  const m = decodeModule(bytes);
  const context = validateModuleFields(m);
  validateFunctionBodies(m, context);
  return m;
}

/** Called before each operator is validated; the validator still shows the state before it. */
export type OperatorVisitor = (op: Operator, validator: FuncValidator) => void;

/**
 * Decode and validate one defined function's body, calling `visit` (if given) before each
 * operator: the one-pass loop a compiler builds on. `reader` and `op` are reused between calls.
 */
export function validateFunctionBody(
  validator: FuncValidator,
  reader: OperatorReader,
  op: Operator,
  funcIndex: number,
  visit?: OperatorVisitor,
): void {
  const m = validator.module;
  const body = m.bodies[funcIndex - m.numImportedFuncs];
  validator.begin(funcIndex);
  reader.pos = body.codeStart;
  reader.end = body.end;
  reader.funcIndex = funcIndex;
  while (!validator.done) {
    if (reader.atEnd) reader.fail('END opcode expected');
    reader.read(op);
    visit?.(op, validator);
    validator.step(op);
  }
  if (!reader.atEnd) reader.fail('operators remaining after end of function');
}

/** Validate every function body (the standalone path). */
export function validateFunctionBodies(m: WasmModule, context: ValidationContext): void {
  const validator = new FuncValidator(m, context);
  const reader = new OperatorReader(m.bytes);
  const op = new Operator();
  for (let i = 0; i < m.bodies.length; i++) validateFunctionBody(validator, reader, op, m.numImportedFuncs + i);
}

/** Check everything outside function bodies; returns what function validation needs. */
export function validateModuleFields(m: WasmModule): ValidationContext {
  const check = (ok: boolean, reason: string, offset: number): void => {
    if (!ok) throw new WasmCompileError(reason, offset);
  };
  const sectionAt = (id: number) => m.sectionOffsets.get(id) ?? 0;
  const numFuncs = m.funcTypeIndices.length;

  for (const imp of m.imports) {
    const d = imp.desc;
    if (d.kind === 'func') check(d.typeIndex < m.types.length, 'unknown type', imp.offset);
    else if (d.kind === 'table') checkLimits(d.type.limits, 0xffffffff, imp.offset);
    else if (d.kind === 'memory') checkMemoryLimits(d.type.limits, imp.offset);
  }
  for (let i = m.numImportedFuncs; i < numFuncs; i++) {
    check(m.funcTypeIndices[i] < m.types.length, 'unknown type', sectionAt(3));
  }
  for (let i = m.numImportedTables; i < m.tables.length; i++) checkLimits(m.tables[i].limits, 0xffffffff, sectionAt(4));
  for (let i = m.numImportedMemories; i < m.memories.length; i++) checkMemoryLimits(m.memories[i].limits, sectionAt(5));
  check(m.memories.length <= 1, 'multiple memories', sectionAt(5));

  // C.refs: every function named outside function bodies may be taken by ref.func.
  const declaredRefs = new Uint8Array(numFuncs);
  const declare = (funcIndex: number, offset: number) => {
    check(funcIndex < numFuncs, `unknown function ${funcIndex}`, offset);
    declaredRefs[funcIndex] = 1;
  };
  const declareIn = (e: ConstExpr) => {
    for (const instr of e.instrs) if (instr.op === 'ref.func') declare(instr.funcIndex, e.start);
  };
  for (const g of m.globals) declareIn(g.init);
  for (const e of m.elements) {
    e.funcIndices?.forEach((f) => declare(f, e.start));
    e.exprs?.forEach(declareIn);
  }
  for (const ex of m.exports) if (ex.kind === 'func') declare(ex.index, ex.offset);

  // In 2.0, constant expressions see only imported globals.
  m.globals.forEach((g) => checkConstExpr(m, g.init, g.type.type, m.numImportedGlobals));

  const exportNames = new Set<string>();
  for (const ex of m.exports) {
    check(!exportNames.has(ex.name), 'duplicate export name', ex.offset);
    exportNames.add(ex.name);
    const count = { func: numFuncs, table: m.tables.length, memory: m.memories.length, global: m.globalTypes.length }[ex.kind];
    check(ex.index < count, `unknown ${ex.kind} ${ex.index}`, ex.offset);
  }

  if (m.start !== undefined) {
    const at = sectionAt(8);
    check(m.start < numFuncs, `unknown function ${m.start}`, at);
    const type = m.types[m.funcTypeIndices[m.start]];
    check(type.params.length === 0 && type.results.length === 0, 'start function', at);
  }

  for (const e of m.elements) {
    if (e.mode === 'active') {
      const table = m.tables[e.tableIndex];
      check(table !== undefined, `unknown table ${e.tableIndex}`, e.start);
      checkConstExpr(m, e.offset!, I32, m.numImportedGlobals);
      check(table.elemType === e.elemType, 'type mismatch', e.start);
    }
    e.exprs?.forEach((x) => checkConstExpr(m, x, e.elemType, m.numImportedGlobals));
  }

  for (const d of m.datas) {
    if (d.mode !== 'active') continue;
    check(d.memoryIndex < m.memories.length, `unknown memory ${d.memoryIndex}`, d.start);
    checkConstExpr(m, d.offset!, I32, m.numImportedGlobals);
  }
  return { declaredRefs };
}

function checkLimits(limits: Limits, bound: number, offset: number): void {
  if (limits.min > bound || (limits.max !== undefined && limits.max > bound)) {
    throw new WasmCompileError('memory size must be at most 65536 pages (4GiB)', offset);
  }
  if (limits.max !== undefined && limits.min > limits.max) {
    throw new WasmCompileError('size minimum must not be greater than maximum', offset);
  }
}

function checkMemoryLimits(limits: Limits, offset: number): void {
  checkLimits(limits, MAX_MEMORY_PAGES, offset);
}

const CONST_TYPES: Record<string, ValType> = {
  'i32.const': I32, 'i64.const': I64, 'f32.const': F32, 'f64.const': F64, 'v128.const': V128,
  'ref.func': FUNCREF,
};

/** A constant expression must be constant and leave exactly one value of `type`. */
function checkConstExpr(m: WasmModule, e: ConstExpr, type: ValType, visibleGlobals: number): void {
  const fail = (reason: string): never => {
    throw new WasmCompileError(reason, e.start);
  };
  if (e.nonConstant) throw new WasmCompileError('constant expression required', e.nonConstant.offset);
  const stack: ValType[] = [];
  for (const instr of e.instrs) {
    switch (instr.op) {
      case 'global.get': {
        const g = instr.globalIndex < visibleGlobals ? m.globalTypes[instr.globalIndex] : undefined;
        if (g === undefined) fail(`unknown global ${instr.globalIndex}`);
        if (g!.mutable) fail('constant expression required');
        stack.push(g!.type);
        break;
      }
      case 'ref.null':
        stack.push(instr.type);
        break;
      case 'ref.func':
        if (instr.funcIndex >= m.funcTypeIndices.length) fail(`unknown function ${instr.funcIndex}`);
        stack.push(FUNCREF);
        break;
      default:
        stack.push(CONST_TYPES[instr.op]);
    }
  }
  if (stack.length !== 1 || stack[0] !== type) fail('type mismatch');
}
