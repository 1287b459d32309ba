// Reads a function body (or constant expression) one instruction at a time into a reused
// Operator record: opcode info, immediates and byte offset, with no allocation per
// instruction. Decoding errors (malformed code) are raised here; typing is validate.ts's job.

import { BASE_WASM_OPS, Imm, MISC_PREFIX, MISC_WASM_OPS, SIMD_PREFIX, SIMD_WASM_OPS, type WasmOpInfo } from './opcodes.js';
import { Reader } from './reader.js';
import { isRefType, isValType, type ValType } from './types.js';

/** Block type of an op: a type index (>= 0), or a value type code minus 0x80 (the s33 reading of that byte); BLOCK_EMPTY for none. */
export const BLOCK_EMPTY = -0x40;

/** One decoded instruction. Fields not used by the op's immediate kind keep stale values. */
export class Operator {
  info!: WasmOpInfo;
  /** Byte offset of the instruction's first byte. */
  offset = 0;
  /** label depth, function, local, global, table, type, elem or data index (the first index immediate). */
  index = 0;
  /** call_indirect / table.init: table index; table.copy: source table. */
  index2 = 0;
  /** See BLOCK_EMPTY. */
  blockType = 0;
  /** memarg: log2 of the alignment, and the static offset (u32). */
  align = 0;
  memOffset = 0;
  /** lane index (extract/replace/load_lane/store_lane). */
  lane = 0;
  /** i32.const value; f32.const bits (unsigned). */
  value = 0;
  /** i64.const value or f64.const bits as two 32-bit halves. */
  lo = 0;
  hi = 0;
  /** v128.const / i8x16.shuffle: offset of the 16 immediate bytes in the module. */
  immOffset = 0;
  /** select_t / ref.null: the value type. */
  valType: ValType = 0;
  /** br_table: the targets (first targetCount entries), the default is in `index`. */
  targets = new Uint32Array(16);
  targetCount = 0;
}

/** The i64.const value, or f64.const bits, of an operator as a BigInt. */
export function operatorI64(op: Operator): bigint {
  return BigInt.asIntN(64, (BigInt(op.hi >>> 0) << 32n) | BigInt(op.lo >>> 0));
}

export class OperatorReader extends Reader {
  /** Decode the next instruction into `op`. */
  read(op: Operator): void {
    const start = this.pos;
    op.offset = start;
    const byte = this.u8();
    let info: WasmOpInfo | undefined;
    if (byte === MISC_PREFIX) info = MISC_WASM_OPS[this.u32()];
    else if (byte === SIMD_PREFIX) info = SIMD_WASM_OPS[this.u32()];
    else info = BASE_WASM_OPS[byte];
    if (info === undefined) this.fail('illegal opcode', start);
    op.info = info;
    if (info.imm !== Imm.none) this.readImmediates(op, info);
  }

  private readImmediates(op: Operator, info: WasmOpInfo): void {
    switch (info.imm) {
      case Imm.block:
        op.blockType = this.blockType();
        break;
      case Imm.label: case Imm.func: case Imm.local: case Imm.global: case Imm.table: case Imm.data: case Imm.elem:
        op.index = this.u32();
        break;
      case Imm.call_indirect: case Imm.elem_table: case Imm.table_table:
        op.index = this.u32();
        op.index2 = this.u32();
        break;
      case Imm.br_table:
        this.brTable(op);
        break;
      case Imm.mem:
        this.memarg(op);
        break;
      case Imm.memlane:
        this.memarg(op);
        op.lane = this.u8();
        break;
      case Imm.lane:
        op.lane = this.u8();
        break;
      case Imm.zero:
        this.zeroByte();
        break;
      case Imm.zero_zero:
        this.zeroByte();
        this.zeroByte();
        break;
      case Imm.data_zero:
        op.index = this.u32();
        this.zeroByte();
        break;
      case Imm.i32:
        op.value = this.s32();
        break;
      case Imm.i64:
        this.s64();
        op.lo = this.lo;
        op.hi = this.hi;
        break;
      case Imm.f32:
        op.value = this.u32le();
        break;
      case Imm.f64:
        op.lo = this.u32le() | 0;
        op.hi = this.u32le() | 0;
        break;
      case Imm.v128: case Imm.shuffle:
        op.immOffset = this.pos;
        this.skip(16);
        break;
      case Imm.select_t: {
        const n = this.u32();
        // More than one type is invalid (not malformed), so read them all before the validator says so.
        op.targetCount = n;
        for (let i = 0; i < n; i++) op.valType = this.valType();
        break;
      }
      case Imm.reftype:
        op.valType = this.refType();
        break;
      case Imm.none:
        break;
    }
  }

  valType(): ValType {
    const at = this.pos;
    const t = this.u8();
    if (!isValType(t)) this.fail('malformed value type', at);
    return t;
  }

  refType(): ValType {
    const at = this.pos;
    const t = this.u8();
    if (!isRefType(t)) this.fail('malformed reference type', at);
    return t;
  }

  private blockType(): number {
    const at = this.pos;
    const b = this.bytes[at];
    if (at < this.end && b >= 0x40 && b < 0x80) {
      this.pos++;
      if (b !== 0x40 && !isValType(b)) this.fail('malformed value type', at);
      return b - 0x80;
    }
    const index = this.signed(33);
    // Negative values are only valid in their one-byte forms handled above.
    if (index < 0) this.fail('malformed block type', at);
    return index;
  }

  private brTable(op: Operator): void {
    const n = this.count();
    if (op.targets.length < n) op.targets = new Uint32Array(Math.max(n, op.targets.length * 2));
    const targets = op.targets;
    for (let i = 0; i < n; i++) targets[i] = this.u32();
    op.targetCount = n;
    op.index = this.u32();
  }

  private memarg(op: Operator): void {
    const at = this.pos;
    const align = this.u32();
    // Larger flag values mean a memory index in later proposals; 2.0 has no such encoding.
    if (align >= 32) this.fail('malformed memop flags', at);
    op.align = align;
    op.memOffset = this.u32();
  }

  private zeroByte(): void {
    const at = this.pos;
    if (this.u8() !== 0) this.fail('zero byte expected', at);
  }
}
