// Single-pass compilation of one wasm function body to Pulley, driven alongside the
// validator (docs/COMPILER.md). The operand stack is tracked symbolically: constants and
// local reads stay lazy until used, so `local.get a; i32.const 1; i32.add; local.set a`
// becomes one `xadd32_u8`, and comparisons feeding br_if/if become fused branches.

import { type BytecodeWriter, type Label } from '../isa/encode.js';
import { opByMnemonic, type OpInfo } from '../isa/ops.js';
import { UPPER_REG_BASE } from '../isa/operands.js';
import { WasmCompileError } from '../wasm/errors.js';
import { FuncValidator } from '../wasm/func-validator.js';
import { BLOCK_EMPTY, Operator, OperatorReader, operatorI64 } from '../wasm/operators.js';
import { SIMD_PREFIX } from '../wasm/opcodes.js';
import { F32, F64, I32, I64, V128, type FuncType, type ValType, type WasmModule } from '../wasm/types.js';
import {
  Builtin, REG_HEAP_BASE, REG_HEAP_BOUND, REG_SP, REG_VMCTX, TrapCode,
} from './abi.js';
import {
  DEPTH_REGS, F_SCRATCH1, MOVE, SCRATCH1, SCRATCH2, SLOT_LOAD, SLOT_STORE, X_SCRATCH1, X_SCRATCH2, depthReg,
  hottestFirst, layoutLocals, regClass,
  type BodyScan, type LocalPlacement,
  type LocalLayout, type RegClass,
} from './frame.js';
import {
  BINARY_LOWERINGS, MEM_LOWERINGS, NEGATED, UNARY_LOWERINGS, WASM_COND, compareOp, immBranch, regBranch,
  type Cond,
} from './lowering.js';
import { FUNCREF_CODE, FUNCREF_TYPE_ID, FUNCREF_VMCTX, type VmctxLayout } from './vmctx.js';
import { callRegisters, stackSlotOf } from './signature.js';
import { compileSimd, slotBytesFor, type SimdHost } from './simd.js';
import { emitFuelCheck } from './fuel.js';
const XMOV_FP = opByMnemonic('xmov_fp');

const op = opByMnemonic;
const XMOV = op('xmov'), XZERO = op('xzero'), XONE = op('xone');
const XCONST8 = op('xconst8'), XCONST16 = op('xconst16'), XCONST32 = op('xconst32'), XCONST64 = op('xconst64');
const FCONST32 = op('fconst32'), FCONST64 = op('fconst64');
const XLOAD64 = op('xload64le_o32'), XSTORE64 = op('xstore64le_o32');
const XLOAD32 = op('xload32le_o32'), XSTORE32 = op('xstore32le_o32');
const FLOAD64 = op('fload64le_o32'), FSTORE64 = op('fstore64le_o32');
const FLOAD32 = op('fload32le_o32'), FSTORE32 = op('fstore32le_o32');
const JUMP = op('jump'), BR_IF32 = op('br_if32'), BR_IF_NOT32 = op('br_if_not32'), TRAP = op('trap');
const CALL = op('call'), CALL_INDIRECT = op('call_indirect'), CALL_HOST = op('call_indirect_host');
const PUSH_FRAME_SAVE = op('push_frame_save'), POP_FRAME_RESTORE = op('pop_frame_restore'), RET = op('ret');
const VSELECT = op('vselect'), VCONST128 = op('vconst128'), VLOAD128 = op('vload128le_o32'), VSTORE128 = op('vstore128le_o32');
const XSELECT32 = op('xselect32'), XSELECT64 = op('xselect64'), FSELECT32 = op('fselect32'), FSELECT64 = op('fselect64');
const ZEXT32 = op('zext32'), XSHL64_U6 = op('xshl64_u6'), XADD64 = op('xadd64'), XADD64_U32 = op('xadd64_u32');
const XSHR64_U_U6 = op('xshr64_u_u6'), BR_IF_XULT32 = op('br_if_xult32'), BR_IF_XNEQ64_I8 = op('br_if_xneq64_i8');
const BR_IF_XEQ32 = op('br_if_xeq32'), BR_IF_XULTEQ64_U32 = op('br_if_xulteq64_u32');

/** Where a symbolic stack entry's value is. */
const enum Kind { Home, Const, Local }

interface Entry {
  type: ValType;
  cls: RegClass;
  kind: Kind;
  /** Kind.Local: the local index. */
  local: number;
  /** Kind.Const: i32/i64 value, or f32/f64 bits. */
  value: bigint;
}

const enum FrameKind { Block, Loop, If, Function }

interface Frame {
  kind: FrameKind;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Stack height below the params. */
  height: number;
  /** Branch target: the end (block, if, function) or the start (loop). */
  label: Label;
  elseLabel: Label | undefined;
  /** Some branch targets the end label. */
  branchedTo: boolean;
  hasElse: boolean;
}

/** A branch condition: `a cond b` (b a register) or `a cond imm`. */
interface Condition {
  cond: Cond;
  width: 32 | 64;
  a: number;
  b: number;
  imm: bigint | undefined;
}

/** What the module compiler shares with every function compiler. */
export interface ModuleContext {
  readonly module: WasmModule;
  readonly vmctx: VmctxLayout;
  readonly writer: BytecodeWriter;
  readonly funcLabels: readonly Label[];
  readonly validator: FuncValidator;
  /** A second validator, stepped ahead through a body to learn its operand-stack height. */
  readonly heightValidator: FuncValidator;
  /** Per defined function: what a first pass over its body found (frame.ts scanBody). */
  readonly scans: readonly BodyScan[];
  /** Per function index: calling it may change memory 0's length (x28 must be reloaded). */
  readonly mayGrowMemory: Uint8Array;
  /** Where a direct call to each function goes: past functions that only forward (compile.ts callTargets). */
  readonly callTargets: readonly number[];
  readonly hasMemory: boolean;
  /** Emit fuel checks at function entry and loop headers (src/compiler/fuel.ts). */
  readonly fuel: boolean;
  /** Bytes at the bottom of every frame for stack-passed arguments/results (module-wide). */
  readonly outgoingBytes: number;
  /** (pc, TrapCode) pairs, in emission order. */
  readonly trapPcs: number[];
  readonly trapCodes: number[];
  /** (pc, wasm offset) pairs. */
  readonly srcPcs: number[];
  readonly srcOffsets: number[];
}

export class FunctionCompiler {
  private readonly w: BytecodeWriter;
  private readonly v: FuncValidator;
  private readonly r: OperatorReader;
  private readonly opr = new Operator();
  private readonly peekOp = new Operator();
  private readonly stack: Entry[] = [];
  private readonly frames: Frame[] = [];
  private locals!: LocalLayout;
  private dead = false;
  private deadDepth = 0;
  private maxDepth = 0;
  private localSlotBase = 0;
  private fSaveBase = 0;
  private vSaveBase = 0;
  /** Bytes per local/depth slot: 16 when the function may hold v128 values. */
  private slotBytes = 8;
  private depthSlotBase = 0;
  private regMask = 0;
  private scan!: BodyScan;
  /** Operand depths at or above this may not be used: their registers hold locals (placement). */
  private spareDepth = Infinity;
  private readonly funcIndex: number;
  private readonly type: FuncType;

  constructor(private readonly ctx: ModuleContext, funcIndex: number) {
    this.w = ctx.writer;
    this.v = ctx.validator;
    this.funcIndex = funcIndex;
    const m = ctx.module;
    this.type = m.types[m.funcTypeIndices[funcIndex]!]!;
    const body = m.bodies[funcIndex - m.numImportedFuncs]!;
    this.r = new OperatorReader(m.bytes, body.codeStart, body.end);
    this.r.funcIndex = funcIndex;
  }

  /**
   * Hottest locals first. A function that makes no calls keeps locals first in the
   * caller-saved registers its operand stack never reaches (above its deepest height)
   * and no parameter arrives in, found by stepping the second validator through it: they
   * need no save and restore (memcpy's frame saved twelve registers for a 36-byte copy).
   */
  private placement(): LocalPlacement {
    const order = hottestFirst(this.scan.weights);
    if (this.scan.makesCalls) return { order };
    const height = this.maxOperandHeight();
    if (height > DEPTH_REGS) return { order };
    this.spareDepth = height;
    const params = callRegisters(this.type, 0, this.funcIndex).params;
    const lastParam = (cls: RegClass): number =>
      Math.max(-1, ...params.filter((r, i) => r >= 0 && regClass(this.type.params[i]!) === cls));
    const spare = (cls: RegClass): number[] => {
      const regs: number[] = [];
      for (let d = DEPTH_REGS - 1; d >= height; d--) {
        const reg = depthReg(d, cls);
        if (reg > lastParam(cls)) regs.push(reg);
      }
      return regs;
    };
    return { order, spareX: spare('x'), spareF: spare('f'), spareFirst: true };
  }

  /** The body's greatest operand-stack height, or Infinity if it does not validate (the main pass then reports why). */
  private maxOperandHeight(): number {
    const m = this.ctx.module;
    const body = m.bodies[this.funcIndex - m.numImportedFuncs]!;
    const v = this.ctx.heightValidator;
    const r = new OperatorReader(m.bytes, body.codeStart, body.end);
    const o = new Operator();
    let max = 0;
    try {
      v.begin(this.funcIndex);
      while (!v.done) {
        r.read(o);
        v.step(o);
        if (v.operandHeight > max) max = v.operandHeight;
      }
    } catch {
      return Infinity;
    }
    // The function's end pushes its results even where the validator's stack is
    // polymorphic (a body that ends in unreachable code).
    return Math.max(max, this.type.results.length);
  }

  private fail(reason: string, offset: number): never {
    throw new WasmCompileError(reason, offset, this.funcIndex);
  }

  compile(): void {
    const m = this.ctx.module;
    const body = m.bodies[this.funcIndex - m.numImportedFuncs]!;
    const localTypes: ValType[] = [...this.type.params];
    for (const run of body.locals) for (let i = 0; i < run.count; i++) localTypes.push(run.type);
    callRegisters(this.type, body.start, this.funcIndex);
    this.scan = this.ctx.scans[this.funcIndex - m.numImportedFuncs]!;
    this.locals = layoutLocals(localTypes, this.placement());
    this.slotBytes = slotBytesFor(m, body, localTypes);
    this.localSlotBase = this.ctx.outgoingBytes;
    this.fSaveBase = this.localSlotBase + this.slotBytes * this.locals.slots;
    this.vSaveBase = this.fSaveBase + 8 * this.locals.fRegs.length;
    this.depthSlotBase = this.vSaveBase + 16 * this.locals.vRegs.length;
    this.regMask = this.locals.xRegMask | (1 << (REG_VMCTX - UPPER_REG_BASE));
    if (this.usesHeap) this.regMask |= (1 << (REG_HEAP_BASE - UPPER_REG_BASE)) | (1 << (REG_HEAP_BOUND - UPPER_REG_BASE));

    this.v.begin(this.funcIndex);
    this.markSource(body.codeStart); // prologue traps (stack overflow, fuel) point at the body
    const prologueAt = this.w.position;
    this.prologue(localTypes.length);
    this.spendFuel();
    this.frames.push({
      kind: FrameKind.Function, params: [], results: this.type.results, height: 0, label: this.w.newLabel(),
      elseLabel: undefined, branchedTo: false, hasElse: false,
    });
    const o = this.opr;
    while (!this.v.done) {
      if (this.r.atEnd) this.r.fail('END opcode expected');
      this.r.read(o);
      this.v.step(o);
      this.markSource(o.offset);
      this.compileOp(o);
    }
    if (!this.r.atEnd) this.fail('operators remaining after end of function', this.r.pos);
    this.patchFrameSize(prologueAt, body.start);
  }

  /**
   * Whether this function keeps memory 0's base and length in x27/x28: only if it reads
   * them (scanBody's usesMemory); others neither load nor save them.
   */
  private get usesHeap(): boolean {
    return this.ctx.hasMemory && this.scan.usesMemory;
  }

  // ## Frame

  private frameBytes(): number {
    const saved = 8 * popcount(this.regMask);
    const raw = this.depthSlotBase + this.slotBytes * this.maxDepth + saved;
    return (raw + 15) & ~15;
  }

  private prologue(numLocals: number): void {
    const w = this.w;
    w.emitFields(PUSH_FRAME_SAVE, 0, this.regMask);
    this.locals.fRegs.forEach((f, i) => w.emitFields(FSTORE64, REG_SP, this.fSaveBase + 8 * i, f));
    this.locals.vRegs.forEach((v, i) => w.emitFields(VSTORE128, REG_SP, this.vSaveBase + 16 * i, v));
    w.emitFields(XMOV, REG_VMCTX, 0);
    if (this.usesHeap) {
      w.emitFields(XLOAD64, REG_HEAP_BASE, REG_VMCTX, this.ctx.vmctx.memoryBase);
      w.emitFields(XLOAD64, REG_HEAP_BOUND, REG_VMCTX, this.ctx.vmctx.memoryLength);
    }
    const regs = callRegisters(this.type, 0, this.funcIndex);
    let fpLoaded = false;
    this.type.params.forEach((t, i) => {
      const reg = regs.params[i]!;
      if (reg >= 0) { this.writeLocal(i, reg); return; }
      // Stack-passed: at the caller's sp + 8*m = our fp + 16 + 8*m. x0 is free (vmctx is in x29).
      if (!fpLoaded) { w.emitFields(XMOV_FP, X_SCRATCH1); fpLoaded = true; }
      const cls = regClass(t);
      const home = this.locals.homes[i]!;
      const dst = home.reg >= 0 ? home.reg : cls === 'x' ? 0 : SCRATCH1[cls];
      w.emitFields(SLOT_LOAD[cls], dst, X_SCRATCH1, 16 + stackSlotOf(reg));
      this.writeLocal(i, dst);
    });
    for (let i = this.type.params.length; i < numLocals; i++) {
      if (!this.scan.readBeforeWrite[i]) continue; // written before any read: no zero needed
      const home = this.locals.homes[i]!;
      if (home.cls === 'x') {
        if (home.reg >= 0) w.emitFields(XZERO, home.reg);
        else { w.emitFields(XZERO, X_SCRATCH1); w.emitFields(XSTORE64, REG_SP, this.localSlot(i), X_SCRATCH1); }
      } else {
        const dst = home.reg >= 0 ? home.reg : SCRATCH1[home.cls];
        if (home.cls === 'v') w.emitFields(VCONST128, dst, 0n);
        else w.emitFields(FCONST64, dst, 0n);
        if (home.reg < 0) w.emitFields(SLOT_STORE[home.cls], REG_SP, this.localSlot(i), dst);
      }
    }
  }

  private epilogue(): void {
    const w = this.w;
    const regs = callRegisters(this.type, 0, this.funcIndex);
    let fpLoaded = false;
    this.type.results.forEach((t, j) => {
      const reg = regs.results[j]!;
      if (reg >= 0) return;
      if (!fpLoaded) { w.emitFields(XMOV_FP, X_SCRATCH1); fpLoaded = true; }
      const cls = regClass(t);
      const src = this.use(j, cls === 'x' ? X_SCRATCH2 : SCRATCH1[cls]);
      w.emitFields(SLOT_STORE[cls], X_SCRATCH1, 16 + stackSlotOf(reg), src);
    });
    this.type.results.forEach((t, j) => { if (regs.results[j]! >= 0) this.materialize(j, regs.results[j]!, regClass(t)); });
    this.locals.fRegs.forEach((f, i) => w.emitFields(FLOAD64, f, REG_SP, this.fSaveBase + 8 * i));
    this.locals.vRegs.forEach((v, i) => w.emitFields(VLOAD128, v, REG_SP, this.vSaveBase + 16 * i));
    w.emitFields(POP_FRAME_RESTORE, 0, this.regMask);
    w.emitFields(RET);
  }

  /** Writes the final frame size into push_frame_save and pop_frame_restore. */
  private patchFrameSize(prologueAt: number, offset: number): void {
    const amt = this.frameBytes();
    if (amt > 0xffff) this.fail('function frame too large (too many locals or too deep an operand stack)', offset);
    const code = this.w.view();
    const put = (at: number): void => { code[at] = amt & 0xff; code[at + 1] = amt >>> 8; };
    put(prologueAt + PUSH_FRAME_SAVE.operands[0]!.offset);
    // pop_frame_restore is the second-to-last instruction (before ret).
    put(this.w.position - RET.size - POP_FRAME_RESTORE.size + POP_FRAME_RESTORE.operands[0]!.offset);
  }

  private localSlot(i: number): number {
    return this.localSlotBase + this.slotBytes * this.locals.homes[i]!.slot;
  }
  private depthSlot(d: number): number {
    return this.depthSlotBase + this.slotBytes * d;
  }

  private markSource(offset: number): void {
    const c = this.ctx;
    const pc = this.w.position;
    const n = c.srcPcs.length;
    if (n > 0 && c.srcPcs[n - 1] === pc) c.srcOffsets[n - 1] = offset;
    else { c.srcPcs.push(pc); c.srcOffsets.push(offset); }
  }

  /** One unit of fuel, when compiled with fuel (x31 is free: the stack is in its homes). */
  private spendFuel(): void {
    if (this.ctx.fuel) emitFuelCheck(this.w, this.ctx.vmctx.fuel, (code) => this.trap(code));
  }

  private trap(code: TrapCode): void {
    this.ctx.trapPcs.push(this.w.position);
    this.ctx.trapCodes.push(code);
    this.w.emitFields(TRAP);
  }

  // ## The symbolic stack

  private push(type: ValType, kind: Kind = Kind.Home, local = 0, value = 0n): Entry {
    const e: Entry = { type, cls: regClass(type), kind, local, value };
    this.stack.push(e);
    if (this.stack.length > this.maxDepth) {
      this.maxDepth = this.stack.length;
      if (this.maxDepth > this.spareDepth) throw new Error(`compiler bug: function ${this.funcIndex} outgrew its validated operand height`);
    }
    return e;
  }

  private get sp(): number {
    return this.stack.length;
  }

  /** Puts entry d's value into register `reg` (of class cls). */
  private materialize(d: number, reg: number, cls: RegClass): void {
    const e = this.stack[d]!;
    const w = this.w;
    switch (e.kind) {
      case Kind.Home: {
        const home = depthReg(d, cls);
        if (home === reg) return;
        if (home >= 0) w.emitFields(MOVE[cls], reg, home);
        else w.emitFields(SLOT_LOAD[cls], reg, REG_SP, this.depthSlot(d));
        return;
      }
      case Kind.Local:
        this.readLocal(e.local, reg);
        return;
      case Kind.Const:
        this.emitConst(e.type, e.value, reg);
    }
  }

  private emitConst(type: ValType, value: bigint, reg: number): void {
    const w = this.w;
    if (type === F32) { w.emitFields(FCONST32, reg, Number(BigInt.asUintN(32, value))); return; }
    if (type === F64) { w.emitFields(FCONST64, reg, BigInt.asUintN(64, value)); return; }
    if (type === V128) { w.emitFields(VCONST128, reg, BigInt.asUintN(128, value)); return; }
    const v = type === I32 ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value);
    if (v === 0n) w.emitFields(XZERO, reg);
    else if (v === 1n) w.emitFields(XONE, reg);
    else if (v >= -128n && v <= 127n) w.emitFields(XCONST8, reg, Number(v));
    else if (v >= -32768n && v <= 32767n) w.emitFields(XCONST16, reg, Number(v));
    else if (v >= -0x80000000n && v <= 0x7fffffffn) w.emitFields(XCONST32, reg, Number(v));
    else w.emitFields(XCONST64, reg, v);
  }

  /** A register holding entry d's value: its home, its local's register, or `scratch` loaded. */
  private use(d: number, scratch: number): number {
    const e = this.stack[d]!;
    if (e.kind === Kind.Home) {
      const home = depthReg(d, e.cls);
      if (home >= 0) return home;
    } else if (e.kind === Kind.Local) {
      const home = this.locals.homes[e.local]!;
      if (home.reg >= 0) return home.reg;
    }
    this.materialize(d, scratch, e.cls);
    return scratch;
  }

  /** Moves entry d into its own home. */
  private flushEntry(d: number): void {
    const e = this.stack[d]!;
    if (e.kind === Kind.Home) return;
    this.storeTo(d, d);
    e.kind = Kind.Home;
  }

  /** Materializes entry `from` into the home of depth `to` (to <= from). */
  private storeTo(from: number, to: number): void {
    const e = this.stack[from]!;
    const home = depthReg(to, e.cls);
    if (home >= 0) { this.materialize(from, home, e.cls); return; }
    if (e.kind === Kind.Home && from === to) return;
    const reg = this.use(from, SCRATCH1[e.cls]);
    this.w.emitFields(SLOT_STORE[e.cls], REG_SP, this.depthSlot(to), reg);
  }

  private flushAll(): void {
    this.flushBelow(this.sp);
  }

  private flushBelow(limit: number): void {
    for (let d = 0; d < limit; d++) this.flushEntry(d);
  }

  /** Before local i changes: entries below `limit` that read it lazily take their value now. */
  private flushLocalReaders(i: number, limit = this.sp): void {
    for (let d = 0; d < limit; d++) {
      const e = this.stack[d]!;
      if (e.kind === Kind.Local && e.local === i) this.flushEntry(d);
    }
  }

  private readLocal(i: number, reg: number): void {
    const home = this.locals.homes[i]!;
    if (home.reg === reg) return;
    if (home.reg >= 0) this.w.emitFields(MOVE[home.cls], reg, home.reg);
    else this.w.emitFields(SLOT_LOAD[home.cls], reg, REG_SP, this.localSlot(i));
  }

  private writeLocal(i: number, reg: number): void {
    const home = this.locals.homes[i]!;
    if (home.reg === reg) return;
    if (home.reg >= 0) this.w.emitFields(MOVE[home.cls], home.reg, reg);
    else this.w.emitFields(SLOT_STORE[home.cls], REG_SP, this.localSlot(i), reg);
  }

  /**
   * Where to compute a result that will sit at depth d: if the next op is local.set/tee of
   * a register local of the same class, straight into that local (the set is consumed).
   */
  private resultReg(d: number, cls: RegClass): { reg: number; local: number; tee: boolean } {
    const next = this.peek();
    if (next && (next.info.code === 0x21 || next.info.code === 0x22) && next.info.prefix === 0) {
      const home = this.locals.homes[next.index];
      if (home && home.reg >= 0 && home.cls === cls) {
        this.flushLocalReaders(next.index, d);
        return { reg: home.reg, local: next.index, tee: next.info.code === 0x22 };
      }
    }
    const home = depthReg(d, cls);
    return { reg: home >= 0 ? home : SCRATCH1[cls], local: -1, tee: false };
  }

  /** Pushes the result computed into `dst` (see resultReg). */
  private pushResult(type: ValType, dst: { reg: number; local: number; tee: boolean }): void {
    if (dst.local >= 0) {
      this.consumeNext();
      if (dst.tee) this.push(type, Kind.Local, dst.local);
      return;
    }
    const d = this.sp;
    this.push(type);
    if (depthReg(d, regClass(type)) < 0) {
      this.w.emitFields(SLOT_STORE[regClass(type)], REG_SP, this.depthSlot(d), dst.reg);
    }
  }

  private peek(): Operator | undefined {
    const r = this.r;
    const at = r.pos;
    try {
      r.read(this.peekOp);
      return this.peekOp;
    } catch {
      return undefined;
    } finally {
      r.pos = at;
    }
  }

  /** Reads and validates the op that peek() showed (it was folded into the current one). */
  private consumeNext(): Operator {
    this.r.read(this.peekOp);
    this.v.step(this.peekOp);
    return this.peekOp;
  }

  // ## Ops

  private simdHost: SimdHost | undefined;

  private makeSimdHost(): SimdHost {
    return {
      w: this.w,
      bytes: this.ctx.module.bytes,
      sp: () => this.sp,
      use: (d, scratch) => this.use(d, scratch),
      resultReg: (d, cls) => this.resultReg(d, cls),
      finish: (height, type, dst) => { this.stack.length = height; this.pushResult(type, dst); },
      pushConst: (type, value) => { this.push(type, Kind.Const, 0, value); },
      popTo: (height) => { this.stack.length = height; },
      heapAddress: (addr, offset, bytes) => this.heapAddress(addr, offset, bytes),
      fail: (reason, offset) => this.fail(reason, offset),
    };
  }

  private compileOp(o: Operator): void {
    const info = o.info;
    const name = info.name;
    if (this.dead) { this.deadOp(o); return; }
    if (info.prefix === SIMD_PREFIX) { compileSimd(this.simdHost ??= this.makeSimdHost(), o); return; }
    const bin = BINARY_LOWERINGS[name];
    if (bin) { this.binary(o, name); return; }
    const un = UNARY_LOWERINGS[name];
    if (un) { this.unary(name); return; }
    const mem = MEM_LOWERINGS[name];
    if (mem) { this.memoryAccess(o, name); return; }
    if (name.endsWith('.eqz') || (WASM_COND[name.slice(4)] && (name.startsWith('i32.') || name.startsWith('i64.')))) {
      this.compare(o, name);
      return;
    }
    switch (name) {
      case 'unreachable': this.trap(TrapCode.UnreachableCodeReached); this.setDead(); return;
      case 'nop': return;
      case 'block': case 'loop': this.block(o, name === 'loop' ? FrameKind.Loop : FrameKind.Block); return;
      case 'if': this.flushBelow(this.sp - 1); this.ifOp(o, this.popCondition()); return;
      case 'else': this.elseOp(); return;
      case 'end': this.end(); return;
      case 'br': this.br(o.index); return;
      case 'br_if': this.brIf(o.index, this.popCondition()); return;
      case 'br_table': this.brTable(o); return;
      case 'return': this.br(this.frames.length - 1); return;
      case 'call': this.call(o.index); return;
      case 'call_indirect': this.callIndirect(o.index, o.index2); return;
      case 'drop': this.stack.pop(); return;
      case 'select': case 'select_t': this.select(); return;
      case 'local.get': this.push(this.locals.homes[o.index]!.type, Kind.Local, o.index); return;
      case 'local.set': case 'local.tee': this.localSet(o.index, name === 'local.tee'); return;
      case 'global.get': this.globalGet(o.index); return;
      case 'global.set': this.globalSet(o.index); return;
      case 'i32.const': this.push(I32, Kind.Const, 0, BigInt(o.value)); return;
      case 'i64.const': this.push(I64, Kind.Const, 0, operatorI64(o)); return;
      case 'f32.const': this.push(F32, Kind.Const, 0, BigInt(o.value >>> 0)); return;
      case 'f64.const': this.push(F64, Kind.Const, 0, operatorI64(o)); return;
      case 'ref.null': this.push(o.valType, Kind.Const, 0, 0n); return;
      case 'ref.is_null': this.compare(o, name); return;
      case 'ref.func': this.loadVmctxField(this.v.operandType(0), this.ctx.vmctx.funcRef(o.index), 'x64'); return;
      case 'memory.size': {
        const dst = this.resultReg(this.sp, 'x');
        this.w.emitFields(XSHR64_U_U6, dst.reg, REG_HEAP_BOUND, 16);
        this.pushResult(I32, dst);
        return;
      }
      case 'memory.grow': this.builtin(Builtin.MemoryGrow, [], 1, I32); this.reloadHeapBound(); return;
      case 'memory.copy': this.builtin(Builtin.MemoryCopy, [], 3); return;
      case 'memory.fill': this.builtin(Builtin.MemoryFill, [], 3); return;
      case 'memory.init': this.builtin(Builtin.MemoryInit, [o.index], 3); return;
      case 'data.drop': this.builtin(Builtin.DataDrop, [o.index], 0); return;
      case 'table.get': this.tableGet(o.index); return;
      case 'table.set': this.tableSet(o.index); return;
      case 'table.size': this.loadVmctxField(I32, this.ctx.vmctx.tableLength(o.index), 'x32'); return;
      case 'table.grow': this.builtin(Builtin.TableGrow, [o.index], 2, I32); return;
      case 'table.fill': this.builtin(Builtin.TableFill, [o.index], 3); return;
      case 'table.copy': this.builtin(Builtin.TableCopy, [o.index, o.index2], 3); return;
      case 'table.init': this.builtin(Builtin.TableInit, [o.index2, o.index], 3); return;
      case 'elem.drop': this.builtin(Builtin.ElemDrop, [o.index], 0); return;
    }
    this.fail(`the compiler does not handle ${name}`, o.offset);
  }

  /** In dead code only the nesting of blocks matters. */
  private deadOp(o: Operator): void {
    switch (o.info.name) {
      case 'block': case 'loop': case 'if': this.deadDepth++; return;
      case 'else': if (this.deadDepth === 0) this.elseOp(); return;
      case 'end': if (this.deadDepth > 0) this.deadDepth--; else this.end(); return;
    }
  }

  private setDead(): void {
    this.dead = true;
    this.deadDepth = 0;
  }

  private binary(o: Operator, name: string): void {
    const l = BINARY_LOWERINGS[name]!;
    const w = this.w;
    const b = this.sp - 1;
    const a = b - 1;
    const rhs = this.stack[b]!;
    const type = this.stack[a]!.type;
    const resultType = o.info.results![0]!;
    const dst = this.resultReg(a, l.resultX ? 'x' : l.cls);
    if (rhs.kind === Kind.Const && l.cls === 'x' && !l.swap) {
      const imm = this.immediateForm(l, type, rhs.value);
      if (imm) {
        const ra = this.use(a, X_SCRATCH1);
        w.emitFields(imm.op, dst.reg, ra, imm.value);
        this.stack.length = a;
        this.pushResult(resultType, dst);
        return;
      }
    }
    const s1 = SCRATCH1[l.cls];
    const s2 = SCRATCH2[l.cls];
    let ra = this.use(a, s1);
    let rb = this.use(b, s2);
    if (l.swap) [ra, rb] = [rb, ra];
    w.emitFields(l.op, dst.reg, ra, rb);
    this.stack.length = a;
    this.pushResult(resultType, dst);
  }

  private immediateForm(l: (typeof BINARY_LOWERINGS)[string], type: ValType, value: bigint): { op: OpInfo; value: number } | undefined {
    const width = type === I32 ? 32 : 64;
    const v = width === 32 ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value);
    if (l.immU6) return { op: l.immU6, value: Number(BigInt.asUintN(6, v) & BigInt(width - 1)) };
    if (!l.imm8) return undefined;
    if (l.immSigned) {
      if (v >= -128n && v <= 127n) return { op: l.imm8, value: Number(v) };
      if (v >= -0x80000000n && v <= 0x7fffffffn) return { op: l.imm32!, value: Number(v) };
      return undefined;
    }
    // add/sub: unsigned immediates; a negative constant flips add <-> sub.
    let u = v;
    let lowering = l;
    if (v < 0n) {
      const flipped = BINARY_LOWERINGS[l.op.mnemonic.startsWith('xadd') ? `i${width}.sub` : `i${width}.add`]!;
      lowering = flipped;
      u = -v;
    }
    if (width === 32) u = BigInt.asUintN(32, u);
    if (u <= 0xffn) return { op: lowering.imm8!, value: Number(u) };
    if (u <= 0xffffffffn) return { op: lowering.imm32!, value: Number(u) };
    return undefined;
  }

  private unary(name: string): void {
    const l = UNARY_LOWERINGS[name]!;
    const a = this.sp - 1;
    const resultType = this.v.operandType(0);
    const dst = this.resultReg(a, l.dst);
    const src = this.use(a, SCRATCH1[l.src]);
    this.w.emitFields(l.op, dst.reg, src);
    this.stack.length = a;
    this.pushResult(resultType, dst);
  }

  // ## Comparisons and conditions

  /** A comparison: fused into a following br_if / if, else materialized as 0/1. */
  private compare(o: Operator, name: string): void {
    const operands = name.endsWith('.eqz') || name === 'ref.is_null' ? 1 : 2;
    const next = this.peek();
    if (next && next.info.prefix === 0 && (next.info.name === 'br_if' || next.info.name === 'if')) {
      if (next.info.name === 'if') this.flushBelow(this.sp - operands);
      const cond = this.conditionOf(name);
      const n = this.consumeNext();
      this.markSource(n.offset);
      if (n.info.name === 'br_if') this.brIf(n.index, cond);
      else this.ifOp(n, cond);
      return;
    }
    const w = this.w;
    const dst = this.resultReg(this.sp - operands, 'x');
    const cond = this.conditionOf(name);
    let b = cond.b;
    if (cond.imm !== undefined) {
      b = X_SCRATCH2;
      this.emitConst(cond.width === 32 ? I32 : I64, cond.imm, b);
    }
    const cmp = compareOp(cond.cond, cond.width);
    if (cmp.swap) w.emitFields(cmp.op, dst.reg, b, cond.a);
    else w.emitFields(cmp.op, dst.reg, cond.a, b);
    this.pushResult(I32, dst);
    void o;
  }

  /** Pops a comparison's operands into a Condition. */
  private conditionOf(name: string): Condition {
    if (name.endsWith('.eqz') || name === 'ref.is_null') {
      const a = this.sp - 1;
      const width = name.startsWith('i32') ? 32 : 64;
      const ra = this.use(a, X_SCRATCH1);
      this.stack.length = a;
      return { cond: 'eq', width, a: ra, b: -1, imm: 0n };
    }
    const width = name.startsWith('i32') ? 32 : 64;
    const cond = WASM_COND[name.slice(4)]!;
    const b = this.sp - 1;
    const a = b - 1;
    const ra = this.use(a, X_SCRATCH1);
    const rhs = this.stack[b]!;
    let result: Condition;
    if (rhs.kind === Kind.Const) result = { cond, width, a: ra, b: -1, imm: rhs.value };
    else result = { cond, width, a: ra, b: this.use(b, X_SCRATCH2), imm: undefined };
    this.stack.length = a;
    return result;
  }

  /** The i32 on top of the stack as a condition (nonzero = true). */
  private popCondition(): Condition {
    const a = this.sp - 1;
    const ra = this.use(a, X_SCRATCH1);
    this.stack.length = a;
    return { cond: 'ne', width: 32, a: ra, b: -1, imm: 0n };
  }

  /** Branches to `label` when `c` holds (or, with `negate`, when it does not). */
  private branchIf(c: Condition, label: Label, negate: boolean): void {
    const cond = negate ? NEGATED[c.cond] : c.cond;
    const w = this.w;
    if (c.imm !== undefined) {
      if (c.width === 32 && BigInt.asIntN(32, c.imm) === 0n && (cond === 'ne' || cond === 'eq')) {
        w.emitFields(cond === 'ne' ? BR_IF32 : BR_IF_NOT32, c.a, label);
        return;
      }
      const imm = immBranch(cond, c.width, c.imm);
      if (imm) {
        const unsignedImm = imm.operands[1]!.type.startsWith('u');
        const v = c.width === 32
          ? (unsignedImm ? BigInt.asUintN(32, c.imm) : BigInt.asIntN(32, c.imm))
          : (unsignedImm ? BigInt.asUintN(64, c.imm) : BigInt.asIntN(64, c.imm));
        w.emitFields(imm, c.a, Number(v), label);
        return;
      }
      this.emitConst(c.width === 32 ? I32 : I64, c.imm, X_SCRATCH2);
      c = { ...c, b: X_SCRATCH2, imm: undefined };
    }
    const br = regBranch(cond, c.width);
    if (br.swap) w.emitFields(br.op, c.b, c.a, label);
    else w.emitFields(br.op, c.a, c.b, label);
  }

  // ## Control flow

  private block(o: Operator, kind: FrameKind): void {
    const sig = this.v.frame(0);
    this.flushAll();
    const frame: Frame = {
      kind, params: sig.params, results: sig.results, height: this.sp - sig.params.length,
      label: this.w.newLabel(), elseLabel: undefined, branchedTo: false, hasElse: false,
    };
    if (kind === FrameKind.Loop) {
      this.w.bind(frame.label);
      this.spendFuel();
    }
    this.frames.push(frame);
    void o;
  }

  /** `if`: the stack below the condition must already be flushed (flushing may use the scratch registers the condition is in). */
  private ifOp(o: Operator, c: Condition): void {
    const sig = this.v.frame(0);
    const frame: Frame = {
      kind: FrameKind.If, params: sig.params, results: sig.results, height: this.sp - sig.params.length,
      label: this.w.newLabel(), elseLabel: this.w.newLabel(), branchedTo: false, hasElse: false,
    };
    this.branchIf(c, frame.elseLabel!, true);
    this.frames.push(frame);
    void o;
  }

  private elseOp(): void {
    const f = this.frames[this.frames.length - 1]!;
    if (!this.dead) {
      this.flushAll();
      this.w.emitFields(JUMP, f.label);
      f.branchedTo = true;
    }
    this.w.bind(f.elseLabel!);
    f.hasElse = true;
    this.resetStack(f.height, f.params);
    this.dead = false;
  }

  private end(): void {
    const f = this.frames.pop()!;
    const wasDead = this.dead;
    if (!wasDead) this.flushAll();
    if (f.kind === FrameKind.If && !f.hasElse) {
      // The missing else passes the params through: they are already in their homes.
      this.w.bind(f.elseLabel!);
      this.dead = false;
    } else {
      this.dead = wasDead && !f.branchedTo;
    }
    if (f.kind !== FrameKind.Loop) this.w.bind(f.label);
    this.resetStack(f.height, f.results);
    if (f.kind === FrameKind.Function) this.epilogue();
  }

  private resetStack(height: number, types: readonly ValType[]): void {
    this.stack.length = height;
    for (const t of types) this.push(t);
  }

  private target(depth: number): { frame: Frame; arity: number; types: readonly ValType[] } {
    const frame = this.frames[this.frames.length - 1 - depth]!;
    const types = frame.kind === FrameKind.Loop ? frame.params : frame.results;
    return { frame, arity: types.length, types };
  }

  /** Whether a branch to `frame` needs its values moved. */
  private needsMoves(frame: Frame, arity: number): boolean {
    const from = this.sp - arity;
    if (from === frame.height) {
      for (let j = from; j < this.sp; j++) if (this.stack[j]!.kind !== Kind.Home) return true;
      return false;
    }
    return arity > 0;
  }

  private moveBranchValues(frame: Frame, arity: number): void {
    const from = this.sp - arity;
    for (let j = 0; j < arity; j++) this.storeTo(from + j, frame.height + j);
  }

  private br(depth: number): void {
    const { frame, arity } = this.target(depth);
    this.moveBranchValues(frame, arity);
    this.w.emitFields(JUMP, frame.label);
    if (frame.kind !== FrameKind.Loop) frame.branchedTo = true;
    this.setDead();
  }

  private brIf(depth: number, c: Condition): void {
    const { frame, arity } = this.target(depth);
    if (frame.kind !== FrameKind.Loop) frame.branchedTo = true;
    if (!this.needsMoves(frame, arity)) {
      this.branchIf(c, frame.label, false);
      return;
    }
    const skip = this.w.newLabel();
    this.branchIf(c, skip, true);
    this.moveBranchValues(frame, arity);
    this.w.emitFields(JUMP, frame.label);
    this.w.bind(skip);
  }

  private brTable(o: Operator): void {
    const idx = this.use(this.sp - 1, X_SCRATCH1);
    this.stack.length -= 1;
    const count = o.targetCount;
    const depths = [...o.targets.subarray(0, count), o.index];
    const direct = depths.every((d) => !this.needsMoves(this.target(d).frame, this.target(d).arity));
    if (direct) {
      this.w.brTable(idx, depths.map((d) => {
        const t = this.target(d);
        if (t.frame.kind !== FrameKind.Loop) t.frame.branchedTo = true;
        return t.frame.label;
      }));
    } else {
      const stubs = new Map<number, Label>();
      for (const d of depths) if (!stubs.has(d)) stubs.set(d, this.w.newLabel());
      this.w.brTable(idx, depths.map((d) => stubs.get(d)!));
      for (const [d, label] of stubs) {
        this.w.bind(label);
        const { frame, arity } = this.target(d);
        this.moveBranchValues(frame, arity);
        this.w.emitFields(JUMP, frame.label);
        if (frame.kind !== FrameKind.Loop) frame.branchedTo = true;
      }
    }
    this.setDead();
  }

  // ## Variables

  private localSet(i: number, tee: boolean): void {
    const d = this.sp - 1;
    const e = this.stack[d]!;
    this.flushLocalReaders(i, d);
    if (!(e.kind === Kind.Local && e.local === i)) {
      const home = this.locals.homes[i]!;
      if (home.reg >= 0) this.materialize(d, home.reg, home.cls);
      else this.writeLocal(i, this.use(d, SCRATCH1[home.cls]));
    }
    this.stack.length = d;
    if (!tee) return;
    // A register local is read in place; for one in a slot the value where it already is
    // (its home, a constant, another local) is cheaper than a reload.
    if (this.locals.homes[i]!.reg >= 0) this.push(e.type, Kind.Local, i);
    else this.push(e.type, e.kind, e.local, e.value);
  }

  private globalAddr(i: number): { base: number; offset: number } {
    const m = this.ctx.module;
    if (i < m.numImportedGlobals) {
      this.w.emitFields(XLOAD64, X_SCRATCH2, REG_VMCTX, this.ctx.vmctx.importedGlobalPtr(i));
      return { base: X_SCRATCH2, offset: 0 };
    }
    return { base: REG_VMCTX, offset: this.ctx.vmctx.definedGlobal(i - m.numImportedGlobals) };
  }

  private globalGet(i: number): void {
    const type = this.ctx.module.globalTypes[i]!.type;
    const cls = regClass(type);
    const dst = this.resultReg(this.sp, cls);
    const at = this.globalAddr(i);
    this.w.emitFields(loadOpFor(type), dst.reg, at.base, at.offset);
    this.pushResult(type, dst);
  }

  private globalSet(i: number): void {
    const type = this.ctx.module.globalTypes[i]!.type;
    const d = this.sp - 1;
    const src = this.use(d, SCRATCH1[regClass(type)]);
    const at = this.globalAddr(i);
    this.w.emitFields(storeOpFor(type), at.base, at.offset, src);
    this.stack.length = d;
  }

  private loadVmctxField(type: ValType, offset: number, width: 'x32' | 'x64'): void {
    const dst = this.resultReg(this.sp, 'x');
    this.w.emitFields(width === 'x32' ? XLOAD32 : XLOAD64, dst.reg, REG_VMCTX, offset);
    this.pushResult(type, dst);
  }

  private select(): void {
    const c = this.sp - 1;
    const b = c - 1;
    const a = b - 1;
    const type = this.stack[a]!.type;
    const cls = regClass(type);
    const dst = this.resultReg(a, cls);
    const rc = this.use(c, X_SCRATCH1);
    // x0 is free between calls: the third integer scratch.
    const rb = this.use(b, cls === 'x' ? X_SCRATCH2 : SCRATCH1[cls]);
    const ra = this.use(a, cls === 'x' ? 0 : SCRATCH2[cls]);
    const sel = cls === 'v' ? VSELECT : cls === 'f' ? (type === F32 ? FSELECT32 : FSELECT64) : (type === I32 ? XSELECT32 : XSELECT64);
    this.w.emitFields(sel, dst.reg, rc, ra, rb);
    this.stack.length = a;
    this.pushResult(type, dst);
  }

  // ## Memory

  private memoryAccess(o: Operator, name: string): void {
    const l = MEM_LOWERINGS[name]!;
    const w = this.w;
    if (l.store) {
      const v = this.sp - 1;
      const a = v - 1;
      const fixed = this.fixedHeapOffset(a, o.memOffset, l.bytes);
      if (fixed !== undefined) {
        w.emitFields(l.o32, REG_HEAP_BASE, fixed, this.use(v, l.cls === 'x' ? X_SCRATCH2 : F_SCRATCH1));
        this.stack.length = a;
        return;
      }
      const addr = this.use(a, X_SCRATCH1);
      const val = this.use(v, l.cls === 'x' ? X_SCRATCH2 : F_SCRATCH1);
      const at = this.heapAddress(addr, o.memOffset, l.bytes);
      if (at.guarded) w.emitFields(l.g32, REG_HEAP_BASE, REG_HEAP_BOUND, at.reg, at.offset, val);
      else w.emitFields(l.o32, at.reg, 0, val);
      this.stack.length = a;
      return;
    }
    const a = this.sp - 1;
    const type = o.info.results![0]!;
    const dst = this.resultReg(a, l.cls);
    const fixed = this.fixedHeapOffset(a, o.memOffset, l.bytes);
    if (fixed !== undefined) {
      w.emitFields(l.o32, dst.reg, REG_HEAP_BASE, fixed);
    } else {
      const addr = this.use(a, X_SCRATCH1);
      const at = this.heapAddress(addr, o.memOffset, l.bytes);
      if (at.guarded) w.emitFields(l.g32, dst.reg, REG_HEAP_BASE, REG_HEAP_BOUND, at.reg, at.offset);
      else w.emitFields(l.o32, dst.reg, at.reg, 0);
    }
    if (l.extend) w.emitFields(l.extend, dst.reg, dst.reg);
    this.stack.length = a;
    this.pushResult(type, dst);
  }

  /**
   * For a constant address whose whole access lies below memory 0's declared minimum
   * size: its offset from the heap base. Such an access is in bounds for ever (memory
   * never shrinks, an imported one is at least that large), so it needs no bounds check.
   */
  private fixedHeapOffset(d: number, offset: number, bytes: number): number | undefined {
    const e = this.stack[d]!;
    if (e.kind !== Kind.Const || !this.usesHeap) return undefined;
    const at = Number(BigInt.asUintN(32, e.value)) + offset;
    const minBytes = Number(this.ctx.module.memories[0]!.limits.min) * 65536;
    return at + bytes <= minBytes && at + bytes <= 0x7fffffff ? at : undefined;
  }

  /**
   * The address operands for an access of `bytes` at wasm address `addr` + `offset`.
   * Offsets that fit the u16 field use the bounds-checked *_g32 form directly; larger
   * ones compute addr + offset in 64 bits into X_SCRATCH1, check it is below 2^32 (the
   * guarded op then checks the bound), and use *_g32 with offset 0.
   */
  private heapAddress(addr: number, offset: number, bytes: number): { reg: number; offset: number; guarded: boolean } {
    if (offset <= 0xffff) return { reg: addr, offset, guarded: true };
    const w = this.w;
    w.emitFields(ZEXT32, X_SCRATCH1, addr);
    w.emitFields(XADD64_U32, X_SCRATCH1, X_SCRATCH1, offset >>> 0);
    const ok = w.newLabel();
    w.emitFields(BR_IF_XULTEQ64_U32, X_SCRATCH1, 0xffffffff, ok);
    this.trap(TrapCode.MemoryOutOfBounds);
    w.bind(ok);
    void bytes;
    return { reg: X_SCRATCH1, offset: 0, guarded: true };
  }

  private reloadHeapBound(): void {
    if (this.usesHeap) this.w.emitFields(XLOAD64, REG_HEAP_BOUND, REG_VMCTX, this.ctx.vmctx.memoryLength);
  }

  // ## Tables

  /** Leaves the address of entry `idx` of table t in X_SCRATCH1, trapping when out of bounds. */
  private tableEntryAddress(t: number, idx: number): void {
    const w = this.w;
    const vm = this.ctx.vmctx;
    w.emitFields(XLOAD32, X_SCRATCH2, REG_VMCTX, vm.tableLength(t));
    const ok = w.newLabel();
    w.emitFields(BR_IF_XULT32, idx, X_SCRATCH2, ok);
    this.trap(TrapCode.TableOutOfBounds);
    w.bind(ok);
    w.emitFields(ZEXT32, X_SCRATCH1, idx);
    w.emitFields(XSHL64_U6, X_SCRATCH1, X_SCRATCH1, 3);
    w.emitFields(XLOAD64, X_SCRATCH2, REG_VMCTX, vm.tableBase(t));
    w.emitFields(XADD64, X_SCRATCH1, X_SCRATCH1, X_SCRATCH2);
  }

  private tableGet(t: number): void {
    const a = this.sp - 1;
    const type = this.ctx.module.tables[t]!.elemType;
    const dst = this.resultReg(a, 'x');
    this.tableEntryAddress(t, this.use(a, X_SCRATCH1));
    this.w.emitFields(XLOAD64, dst.reg, X_SCRATCH1, 0);
    this.stack.length = a;
    this.pushResult(type, dst);
  }

  private tableSet(t: number): void {
    const v = this.sp - 1;
    const a = v - 1;
    // The value needs a register the address computation leaves alone.
    this.flushEntry(v);
    this.tableEntryAddress(t, this.use(a, X_SCRATCH1));
    const val = this.use(v, 0);
    this.w.emitFields(XSTORE64, X_SCRATCH1, 0, val);
    this.stack.length = a;
  }

  // ## Calls

  /** Saves the register-resident entries below `base` (calls clobber x1..x15, f0..f15). */
  private saveLive(base: number): number[] {
    if (this.spareDepth !== Infinity) throw new Error(`compiler bug: function ${this.funcIndex} keeps locals in caller-saved registers but calls`);
    const saved: number[] = [];
    for (let d = 0; d < base; d++) {
      const e = this.stack[d]!;
      if (e.kind !== Kind.Home) continue;
      const reg = depthReg(d, e.cls);
      if (reg < 0) continue;
      this.w.emitFields(SLOT_STORE[e.cls], REG_SP, this.depthSlot(d), reg);
      saved.push(d);
    }
    return saved;
  }

  private restoreLive(saved: number[]): void {
    for (const d of saved) {
      const e = this.stack[d]!;
      this.w.emitFields(SLOT_LOAD[e.cls], depthReg(d, e.cls), REG_SP, this.depthSlot(d));
    }
  }

  private setupArgs(type: FuncType, base: number): void {
    const regs = callRegisters(type, 0, this.funcIndex);
    // Stack-passed first, through x0 / f15 (register arguments are written after).
    type.params.forEach((t, j) => {
      const reg = regs.params[j]!;
      if (reg >= 0) return;
      const cls = regClass(t);
      const src = this.use(base + j, cls === 'x' ? 0 : SCRATCH1[cls]);
      this.w.emitFields(SLOT_STORE[cls], REG_SP, stackSlotOf(reg), src);
    });
    type.params.forEach((t, j) => { if (regs.params[j]! >= 0) this.materialize(base + j, regs.params[j]!, regClass(t)); });
  }

  /** Pops the args, pushes the results from the return registers. */
  private takeResults(type: FuncType, base: number): void {
    const regs = callRegisters(type, 0, this.funcIndex);
    this.stack.length = base;
    for (const t of type.results) this.push(t);
    for (let j = type.results.length - 1; j >= 0; j--) {
      const cls = regClass(type.results[j]!);
      const home = depthReg(base + j, cls);
      let src = regs.results[j]!;
      if (src < 0) {
        // Stack-passed results sit deep enough that their homes are slots.
        const tmp = SCRATCH1[cls];
        this.w.emitFields(SLOT_LOAD[cls], tmp, REG_SP, stackSlotOf(src));
        src = tmp;
      }
      if (home >= 0) { if (home !== src) this.w.emitFields(MOVE[cls], home, src); }
      else this.w.emitFields(SLOT_STORE[cls], REG_SP, this.depthSlot(base + j), src);
    }
  }

  private call(called: number): void {
    const m = this.ctx.module;
    const funcIndex = this.ctx.callTargets[called]!;
    const type = m.types[m.funcTypeIndices[funcIndex]!]!;
    const base = this.sp - type.params.length;
    const saved = this.saveLive(base);
    const w = this.w;
    if (funcIndex < m.numImportedFuncs) {
      w.emitFields(XLOAD64, X_SCRATCH1, REG_VMCTX, this.ctx.vmctx.importedFunction(funcIndex));
      this.setupArgs(type, base);
      this.callFuncRef();
    } else {
      this.setupArgs(type, base);
      w.emitFields(XMOV, 0, REG_VMCTX);
      w.emitFields(CALL, this.ctx.funcLabels[funcIndex]!);
    }
    this.takeResults(type, base);
    this.restoreLive(saved);
    if (this.ctx.mayGrowMemory[funcIndex]) this.reloadHeapBound();
  }

  /** Calls the VMFuncRef whose address is in X_SCRATCH1 (arguments already in place). */
  private callFuncRef(): void {
    const w = this.w;
    w.emitFields(XLOAD64, 0, X_SCRATCH1, FUNCREF_VMCTX);
    w.emitFields(XLOAD64, X_SCRATCH1, X_SCRATCH1, FUNCREF_CODE);
    w.emitFields(CALL_INDIRECT, X_SCRATCH1);
  }

  private callIndirect(typeIndex: number, table: number): void {
    const m = this.ctx.module;
    const type = m.types[typeIndex]!;
    const idxDepth = this.sp - 1;
    const base = idxDepth - type.params.length;
    const w = this.w;
    // The index first (it is on top), while the argument registers are still live.
    this.tableEntryAddress(table, this.use(idxDepth, X_SCRATCH1));
    this.stack.length = idxDepth;
    w.emitFields(XLOAD64, X_SCRATCH1, X_SCRATCH1, 0);
    const notNull = w.newLabel();
    w.emitFields(BR_IF_XNEQ64_I8, X_SCRATCH1, 0, notNull);
    this.trap(TrapCode.IndirectCallToNull);
    w.bind(notNull);
    w.emitFields(XLOAD32, X_SCRATCH2, X_SCRATCH1, FUNCREF_TYPE_ID);
    w.emitFields(XLOAD32, 0, REG_VMCTX, this.ctx.vmctx.typeId(typeIndex));
    const typeOk = w.newLabel();
    w.emitFields(BR_IF_XEQ32, X_SCRATCH2, 0, typeOk);
    this.trap(TrapCode.BadSignature);
    w.bind(typeOk);
    const saved = this.saveLive(base);
    this.setupArgs(type, base);
    this.callFuncRef();
    this.takeResults(type, base);
    this.restoreLive(saved);
    this.reloadHeapBound();
  }

  /**
   * `call_indirect_host id`: x1 = vmctx, then the immediates, then the `popped` stack
   * operands in order; the result (if any) comes back in x0.
   */
  private builtin(id: Builtin, immediates: number[], popped: number, result?: ValType): void {
    const base = this.sp - popped;
    const saved = this.saveLive(base);
    const w = this.w;
    let reg = 2;
    for (const imm of immediates) this.emitConst(I32, BigInt(imm), reg++);
    for (let j = 0; j < popped; j++) this.materialize(base + j, reg++, 'x');
    w.emitFields(XMOV, 1, REG_VMCTX);
    w.emitFields(CALL_HOST, id);
    this.stack.length = base;
    if (result !== undefined) {
      const d = this.sp;
      this.push(result);
      const home = depthReg(d, 'x');
      if (home >= 0) w.emitFields(XMOV, home, 0);
      else w.emitFields(XSTORE64, REG_SP, this.depthSlot(d), 0);
    }
    this.restoreLive(saved);
  }
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

export function loadOpFor(type: ValType): OpInfo {
  return type === F32 ? FLOAD32 : type === F64 ? FLOAD64 : type === I32 ? XLOAD32 : type === V128 ? VLOAD128 : XLOAD64;
}
export function storeOpFor(type: ValType): OpInfo {
  return type === F32 ? FSTORE32 : type === F64 ? FSTORE64 : type === I32 ? XSTORE32 : type === V128 ? VSTORE128 : XSTORE64;
}

export { BLOCK_EMPTY };
