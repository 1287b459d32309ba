// Validation of one function body, one operator at a time, so the compiler can drive
// decoding, validation and code generation in a single pass:
//
//   const v = new FuncValidator(module, context);
//   v.begin(funcIndex);
//   while (!v.done) { reader.read(op); /* inspect v before */ v.step(op); /* or after */ }
//
// Between steps the validator exposes what a compiler needs: the operand stack types
// (e.g. operandType(1) before `select` or operandType(0) before `drop`), the control frames
// with their label types, and whether the current code is unreachable.

import { WasmCompileError } from './errors.js';
import type { Operator } from './operators.js';
import { Imm, WASM_OPS, type WasmOpInfo } from './opcodes.js';
import {
  FUNCREF, I32, UNKNOWN, isRefType,
  type FuncType, type ValType, type WasmModule,
} from './types.js';

export enum FrameKind { Block, Loop, If, Else, Function }

export interface ControlFrame {
  kind: FrameKind;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Operand stack height when the frame was entered (its params excluded). */
  height: number;
  /** Set after br, return, unreachable...: the rest of the frame's code is dead. */
  unreachable: boolean;
  /** Offset of the instruction that opened the frame. */
  offset: number;
}

/** Module facts the function validator needs beyond the decoded module. */
export interface ValidationContext {
  /** C.refs: functions that ref.func may name (flag per function index). */
  readonly declaredRefs: Uint8Array;
}

const NO_TYPES: readonly ValType[] = [];
/** Signatures of the blocktypes that are not type indices, by value type code (0x40: empty). */
const SHORT_BLOCK_SIGNATURES: Record<number, FuncType> = {};
function shortBlockSignature(code: number): FuncType {
  return (SHORT_BLOCK_SIGNATURES[code] ??= { params: NO_TYPES, results: code === 0x40 ? NO_TYPES : [code] });
}

type Handler = (v: FuncValidator, op: Operator) => void;

export class FuncValidator {
  private stack = new Uint8Array(64);
  private sp = 0;
  private readonly frames: ControlFrame[] = [];
  private depth = 0;
  /** frames[depth - 1], kept at hand for the hot pop(). */
  private current!: ControlFrame;
  private localTypes = new Uint8Array(16);
  private numLocalsTotal = 0;
  private funcIndex = 0;
  private op: Operator | undefined;
  /** True once the function's final `end` has been validated. */
  done = false;

  constructor(
    readonly module: WasmModule,
    readonly context: ValidationContext,
  ) {}

  // ## Queries for the compiler

  get operandHeight(): number {
    return this.sp;
  }
  /** Type of the operand `depth` below the top (0 = top); UNKNOWN if it is dead code's polymorphic stack. */
  operandType(depth: number): ValType {
    const i = this.sp - 1 - depth;
    return i >= this.current.height ? this.stack[i] : UNKNOWN;
  }
  get controlDepth(): number {
    return this.depth;
  }
  /**
   * The control frame `depth` levels out (0 = innermost), i.e. the target of `br depth`.
   * Frame records are reused: read what you need before the next step.
   */
  frame(depth: number): Readonly<ControlFrame> {
    return this.frames[this.depth - 1 - depth];
  }
  /** The types a branch to label `depth` carries. */
  labelTypes(depth: number): readonly ValType[] {
    const f = this.frame(depth);
    return f.kind === FrameKind.Loop ? f.params : f.results;
  }
  get unreachable(): boolean {
    return this.current.unreachable;
  }
  get numLocals(): number {
    return this.numLocalsTotal;
  }
  localType(index: number): ValType {
    return this.localTypes[index];
  }
  funcType(funcIndex: number): FuncType {
    return this.module.types[this.module.funcTypeIndices[funcIndex]];
  }

  // ## Driving

  /** Start a function body (funcIndex in the function index space, a defined function). */
  begin(funcIndex: number): void {
    const m = this.module;
    const body = m.bodies[funcIndex - m.numImportedFuncs];
    if (body === undefined) throw new RangeError(`function ${funcIndex} has no body here (imported or out of range)`);
    const type = this.funcType(funcIndex);
    const total = type.params.length + body.numLocals;
    if (this.localTypes.length < total) this.localTypes = new Uint8Array(total);
    const locals = this.localTypes;
    let n = 0;
    for (const t of type.params) locals[n++] = t;
    for (const run of body.locals) {
      locals.fill(run.type, n, n + run.count);
      n += run.count;
    }
    this.numLocalsTotal = total;
    this.funcIndex = funcIndex;
    this.sp = 0;
    this.depth = 0;
    this.done = false;
    this.pushFrame(FrameKind.Function, NO_TYPES, type.results, body.codeStart);
  }

  /** Validate one operator, updating the stacks. */
  step(op: Operator): void {
    this.op = op;
    if (this.done) this.fail('operators remaining after end of function');
    const info = op.info;
    const params = info.params;
    if (params === undefined) {
      SPECIAL_HANDLERS[info.id](this, op);
      return;
    }
    if (info.imm !== Imm.none) this.checkImmediate(op, info);
    for (let i = params.length - 1; i >= 0; i--) this.popExpect(params[i]);
    const results = info.results!;
    for (let i = 0; i < results.length; i++) this.push(results[i]);
  }

  fail(reason: string): never {
    throw new WasmCompileError(reason, this.op?.offset ?? 0, this.funcIndex);
  }

  // ## Operand and control stacks

  push(t: ValType): void {
    if (this.sp === this.stack.length) {
      const bigger = new Uint8Array(this.sp * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[this.sp++] = t;
  }

  pop(): ValType {
    const frame = this.current;
    if (this.sp === frame.height) {
      if (frame.unreachable) return UNKNOWN;
      this.fail('type mismatch');
    }
    return this.stack[--this.sp];
  }

  popExpect(expected: ValType): ValType {
    const actual = this.pop();
    if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) this.fail('type mismatch');
    return actual === UNKNOWN ? expected : actual;
  }

  popValues(types: readonly ValType[]): void {
    for (let i = types.length - 1; i >= 0; i--) this.popExpect(types[i]);
  }

  pushValues(types: readonly ValType[]): void {
    for (let i = 0; i < types.length; i++) this.push(types[i]);
  }

  /** Check that the top of the stack matches `types` without popping (for br_table's targets). */
  checkTopValues(types: readonly ValType[]): void {
    const frame = this.current;
    for (let i = 0; i < types.length; i++) {
      const at = this.sp - types.length + i;
      if (at < frame.height) {
        if (frame.unreachable) continue;
        this.fail('type mismatch');
      }
      const actual = this.stack[at];
      if (actual !== types[i] && actual !== UNKNOWN) this.fail('type mismatch');
    }
  }

  pushFrame(kind: FrameKind, params: readonly ValType[], results: readonly ValType[], offset: number): void {
    let f = this.frames[this.depth];
    if (f === undefined) {
      f = { kind, params, results, height: 0, unreachable: false, offset };
      this.frames.push(f);
    }
    f.kind = kind;
    f.params = params;
    f.results = results;
    f.height = this.sp;
    f.unreachable = false;
    f.offset = offset;
    this.depth++;
    this.current = f;
    this.pushValues(params);
  }

  /** Check the frame's results are exactly what is on its stack, and leave it. */
  popFrame(): ControlFrame {
    if (this.depth === 0) this.fail('unexpected end');
    const f = this.frames[this.depth - 1];
    this.popValues(f.results);
    if (this.sp !== f.height) this.fail('type mismatch');
    this.depth--;
    if (this.depth > 0) this.current = this.frames[this.depth - 1];
    return f;
  }

  markUnreachable(): void {
    const f = this.current;
    this.sp = f.height;
    f.unreachable = true;
  }

  // ## Immediates

  label(depth: number): readonly ValType[] {
    if (depth >= this.depth) this.fail('unknown label');
    return this.labelTypes(depth);
  }

  blockSignature(op: Operator): FuncType {
    const bt = op.blockType;
    if (bt >= 0) {
      const type = this.module.types[bt];
      if (type === undefined) this.fail('unknown type');
      return type;
    }
    return shortBlockSignature(bt + 0x80);
  }

  callee(funcIndex: number): FuncType {
    const typeIndex = this.module.funcTypeIndices[funcIndex];
    if (typeIndex === undefined) this.fail('unknown function');
    return this.module.types[typeIndex];
  }

  tableType(index: number): ValType {
    const t = this.module.tables[index];
    if (t === undefined) this.fail('unknown table');
    return t.elemType;
  }

  elemType(index: number): ValType {
    const e = this.module.elements[index];
    if (e === undefined) this.fail(`unknown elem segment ${index}`);
    return e.elemType;
  }

  local(index: number): ValType {
    if (index >= this.numLocalsTotal) this.fail(`unknown local ${index}`);
    return this.localTypes[index];
  }

  private checkImmediate(op: Operator, info: WasmOpInfo): void {
    const m = this.module;
    switch (info.imm) {
      case Imm.mem: case Imm.memlane:
        if (m.memories.length === 0) this.fail('unknown memory 0');
        if (2 ** op.align > info.immArg) this.fail('alignment must not be larger than natural');
        if (info.imm === Imm.memlane && op.lane >= 16 / info.immArg) this.fail('invalid lane index');
        return;
      case Imm.zero: case Imm.zero_zero:
        if (m.memories.length === 0) this.fail('unknown memory 0');
        return;
      case Imm.data: case Imm.data_zero:
        if (m.dataCount === undefined) this.fail('data count section required');
        if (info.imm === Imm.data_zero && m.memories.length === 0) this.fail('unknown memory 0');
        if (op.index >= m.dataCount) this.fail(`unknown data segment ${op.index}`);
        return;
      case Imm.lane:
        if (op.lane >= info.immArg) this.fail('invalid lane index');
        return;
      case Imm.shuffle:
        for (let i = 0; i < 16; i++) if (m.bytes[op.immOffset + i] >= 32) this.fail('invalid lane index');
        return;
      case Imm.elem:
        this.elemType(op.index);
        return;
      case Imm.elem_table:
        if (this.elemType(op.index) !== this.tableType(op.index2)) this.fail('type mismatch');
        return;
      case Imm.table_table:
        if (this.tableType(op.index) !== this.tableType(op.index2)) this.fail('type mismatch');
        return;
      default:
        return;
    }
  }
}

// ## Instructions the table marks `*`: each types itself.

const HANDLERS: Record<string, Handler> = {
  unreachable: (v) => v.markUnreachable(),
  block: (v, op) => {
    const sig = v.blockSignature(op);
    v.popValues(sig.params);
    v.pushFrame(FrameKind.Block, sig.params, sig.results, op.offset);
  },
  loop: (v, op) => {
    const sig = v.blockSignature(op);
    v.popValues(sig.params);
    v.pushFrame(FrameKind.Loop, sig.params, sig.results, op.offset);
  },
  if: (v, op) => {
    const sig = v.blockSignature(op);
    v.popExpect(I32);
    v.popValues(sig.params);
    v.pushFrame(FrameKind.If, sig.params, sig.results, op.offset);
  },
  else: (v, op) => {
    if (v.controlDepth === 0 || v.frame(0).kind !== FrameKind.If) v.fail('else without matching if');
    const f = v.popFrame();
    v.pushFrame(FrameKind.Else, f.params, f.results, op.offset);
  },
  end: (v) => {
    const f = v.popFrame();
    // An `if` without `else` passes its params through the missing branch.
    if (f.kind === FrameKind.If && !sameTypes(f.params, f.results)) v.fail('type mismatch');
    if (f.kind === FrameKind.Function) {
      v.done = true;
      return;
    }
    v.pushValues(f.results);
  },
  br: (v, op) => {
    v.popValues(v.label(op.index));
    v.markUnreachable();
  },
  br_if: (v, op) => {
    const types = v.label(op.index);
    v.popExpect(I32);
    v.popValues(types);
    v.pushValues(types);
  },
  br_table: (v, op) => {
    v.popExpect(I32);
    const defaults = v.label(op.index);
    for (let i = 0; i < op.targetCount; i++) {
      const types = v.label(op.targets[i]);
      if (types.length !== defaults.length) v.fail('type mismatch');
      v.checkTopValues(types);
    }
    v.popValues(defaults);
    v.markUnreachable();
  },
  return: (v) => {
    v.popValues(v.frame(v.controlDepth - 1).results);
    v.markUnreachable();
  },
  call: (v, op) => {
    const type = v.callee(op.index);
    v.popValues(type.params);
    v.pushValues(type.results);
  },
  call_indirect: (v, op) => {
    if (v.tableType(op.index2) !== FUNCREF) v.fail('type mismatch');
    const type = v.module.types[op.index];
    if (type === undefined) v.fail('unknown type');
    v.popExpect(I32);
    v.popValues(type.params);
    v.pushValues(type.results);
  },
  drop: (v) => {
    v.pop();
  },
  select: (v) => {
    v.popExpect(I32);
    const a = v.pop();
    const b = v.pop();
    // Untyped select is for numbers and vectors only.
    if (isRefType(a) || isRefType(b)) v.fail('type mismatch');
    if (a !== b && a !== UNKNOWN && b !== UNKNOWN) v.fail('type mismatch');
    v.push(a === UNKNOWN ? b : a);
  },
  select_t: (v, op) => {
    if (op.targetCount !== 1) v.fail('invalid result arity');
    v.popExpect(I32);
    v.popExpect(op.valType);
    v.popExpect(op.valType);
    v.push(op.valType);
  },
  'local.get': (v, op) => v.push(v.local(op.index)),
  'local.set': (v, op) => {
    v.popExpect(v.local(op.index));
  },
  'local.tee': (v, op) => {
    const t = v.local(op.index);
    v.popExpect(t);
    v.push(t);
  },
  'global.get': (v, op) => v.push(globalType(v, op.index).type),
  'global.set': (v, op) => {
    const g = globalType(v, op.index);
    if (!g.mutable) v.fail('global is immutable');
    v.popExpect(g.type);
  },
  'table.get': (v, op) => {
    const t = v.tableType(op.index);
    v.popExpect(I32);
    v.push(t);
  },
  'table.set': (v, op) => {
    const t = v.tableType(op.index);
    v.popExpect(t);
    v.popExpect(I32);
  },
  'table.grow': (v, op) => {
    const t = v.tableType(op.index);
    v.popExpect(I32);
    v.popExpect(t);
    v.push(I32);
  },
  'table.size': (v, op) => {
    v.tableType(op.index);
    v.push(I32);
  },
  'table.fill': (v, op) => {
    const t = v.tableType(op.index);
    v.popExpect(I32);
    v.popExpect(t);
    v.popExpect(I32);
  },
  'ref.null': (v, op) => v.push(op.valType),
  'ref.is_null': (v) => {
    const t = v.pop();
    if (t !== UNKNOWN && !isRefType(t)) v.fail('type mismatch');
    v.push(I32);
  },
  'ref.func': (v, op) => {
    v.callee(op.index);
    if (!v.context.declaredRefs[op.index]) v.fail('undeclared function reference');
    v.push(FUNCREF);
  },
};

function globalType(v: FuncValidator, index: number) {
  const g = v.module.globalTypes[index];
  if (g === undefined) v.fail(`unknown global ${index}`);
  return g;
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** Handlers by op id; every op whose signature is `*` must have one. */
const SPECIAL_HANDLERS: Handler[] = WASM_OPS.map((info) => {
  if (info.params !== undefined) return () => {};
  const h = HANDLERS[info.name];
  if (h === undefined) throw new Error(`func validator: no handler for ${info.name}`);
  return h;
});

