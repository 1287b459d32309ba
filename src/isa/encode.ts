// The encoder: BytecodeWriter streams instructions into a growable buffer, with labels
// for forward and backward branches; encodeInstr encodes one instruction on its own.
// The layout of every op comes from the op table (./ops.ts), the layout of every operand
// type from ./operands.ts.

import { ALL_OPS, BR_TABLE32, EXTENDED_OP_PREFIX, opByMnemonic, type OpInfo } from './ops.js';
import {
  BIGINT_RANGES, FIELD_MAX, FIELD_MIN, FIELD_NAMES, Field, OPERAND_FIELDS, flattenOperand, isBigIntField,
  packAddrG32, packAddrG32Bne, packBinary, type OperandValue,
} from './operands.js';

/** A position in the code, possibly not known yet. Create with BytecodeWriter.newLabel(). */
export class Label {
  /** Byte offset once bound, else -1. */
  offset = -1;
  /** Head of this label's chain of pending fixups (an index into the writer's fixup arrays), or -1. */
  firstFixup = -1;
  constructor(readonly owner: BytecodeWriter, readonly id: number, readonly name?: string) {}
}

/** Where a PcRelOffset points: a byte offset relative to its instruction (or br_table entry), or a label. */
export type PcRelTarget = number | Label;
/** One scalar field of an instruction: a register, an integer, a bigint (u64/i64/u128) or a branch target. */
export type FieldValue = number | bigint | Label;

// How each operand type is written; one code per operand, precomputed per op.
const enum Layout { Byte, Half, Word, Wide64, Wide128, PcRel, Binary, RegSet, AddrO32, AddrG32, AddrG32Bne }

function layoutOf(type: string): Layout {
  switch (type) {
    case 'XReg': case 'FReg': case 'VReg': case 'u8': case 'i8': return Layout.Byte;
    case 'u16': case 'i16': return Layout.Half;
    case 'u32': case 'i32': return Layout.Word;
    case 'u64': case 'i64': return Layout.Wide64;
    case 'u128': return Layout.Wide128;
    case 'PcRelOffset': return Layout.PcRel;
    case 'UpperRegSet<XReg>': return Layout.RegSet;
    case 'AddrO32': case 'AddrZ': return Layout.AddrO32;
    case 'AddrG32': return Layout.AddrG32;
    case 'AddrG32Bne': return Layout.AddrG32Bne;
    default:
      if (type.startsWith('BinaryOperands<')) return Layout.Binary;
      throw new Error(`encoder: no layout for operand type ${type}`);
  }
}

interface Plan {
  layouts: Layout[];
  fields: Field[];
  /** Per field, the range a plain number must lie in; NaN for bigint fields (checked the slow way). */
  min: Float64Array;
  max: Float64Array;
}

const PLANS: readonly Plan[] = ALL_OPS.map((op) => {
  const fields = op.operands.flatMap((o) => OPERAND_FIELDS[o.type]);
  return {
    layouts: op.operands.map((o) => layoutOf(o.type)),
    fields,
    min: Float64Array.from(fields, (k) => (isBigIntField(k) ? Number.NaN : FIELD_MIN[k]!)),
    max: Float64Array.from(fields, (k) => (isBigIntField(k) ? Number.NaN : FIELD_MAX[k]!)),
  };
});

/** The scalar fields of an op in disassembly order (what emitFields and the assembler take). */
export function opFields(op: OpInfo): readonly Field[] {
  return PLANS[op.index]!.fields;
}

/** Thrown for operands that do not fit their op (wrong count, out of range, unbound label). */
export class PulleyEncodeError extends Error {
  override name = 'PulleyEncodeError';
}

const MAX_FIELDS = 6;

/**
 * Writes Pulley bytecode into a growable buffer.
 *
 * Three ways to emit an instruction, all checked against the op table:
 * - `emit(op, operands)`: structured operand values, as decodeInstr returns them;
 * - `emitFields(op, a, b, ...)`: the fast path. The operands flattened into scalar fields
 *   in disassembly order (a BinaryOperands is dst, src1, src2; an AddrO32 is base, offset;
 *   see opFields()), so nothing is allocated per instruction;
 * - `brTable(idx, targets)` for br_table32, the one op with a variable size.
 *
 * A PcRelOffset field takes a byte offset relative to the start of its instruction, or a
 * Label; a label that is not bound yet is patched by `bind()`. `finish()` returns the
 * code and fails if some used label was never bound.
 */
export class BytecodeWriter {
  private buf: Uint8Array;
  private pos = 0;
  private labelCount = 0;
  // Pending fixups of unbound labels, as parallel arrays: where the i32 goes, what it is relative to, next in chain.
  private readonly fixupAt: number[] = [];
  private readonly fixupFrom: number[] = [];
  private readonly fixupNext: number[] = [];
  private unresolved = 0;
  private pendingEntries = 0;
  private readonly scratch: FieldValue[] = new Array<FieldValue>(MAX_FIELDS);

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Offset at which the next instruction will start. */
  get position(): number {
    return this.pos;
  }

  newLabel(name?: string): Label {
    return new Label(this, this.labelCount++, name);
  }

  /** Binds `label` to the current position and patches every branch already aimed at it. */
  bind(label: Label): void {
    this.checkOwner(label);
    if (label.offset >= 0) throw new PulleyEncodeError(`label ${labelName(label)} is bound twice`);
    if (this.pendingEntries > 0) throw new PulleyEncodeError('cannot bind a label inside a br_table32 entry list');
    label.offset = this.pos;
    for (let f = label.firstFixup; f >= 0; f = this.fixupNext[f]!) {
      this.putI32(this.fixupAt[f]!, this.pos - this.fixupFrom[f]!);
      this.unresolved--;
    }
    label.firstFixup = -1;
  }

  /** Emits one instruction from structured operand values (br_table32 also takes its targets). */
  emit(op: OpInfo | string, operands: readonly OperandValue[] = [], targets?: readonly PcRelTarget[]): void {
    const info = typeof op === 'string' ? opByMnemonic(op) : op;
    if (operands.length !== info.operands.length) {
      throw new PulleyEncodeError(`${info.mnemonic}: expected ${info.operands.length} operands, got ${operands.length}`);
    }
    if (info === BR_TABLE32) {
      if (!targets) throw new PulleyEncodeError('br_table32: the branch targets are missing');
      if (operands[1] !== targets.length) {
        throw new PulleyEncodeError(`br_table32: amt is ${String(operands[1])} but ${targets.length} targets are given`);
      }
      this.brTable(operands[0] as number, targets);
      return;
    }
    const fields = this.scratch;
    let at = 0;
    for (let i = 0; i < operands.length; i++) at = flattenOperand(info.operands[i]!.type, operands[i]!, fields, at);
    this.writeOp(info, fields, at);
  }

  /** The fast path: emits `op` with its operands given as scalar fields in disassembly order. */
  emitFields(op: OpInfo, a?: FieldValue, b?: FieldValue, c?: FieldValue, d?: FieldValue, e?: FieldValue,
    f?: FieldValue): void {
    const s = this.scratch;
    s[0] = a!; s[1] = b!; s[2] = c!; s[3] = d!; s[4] = e!; s[5] = f!;
    let given = MAX_FIELDS;
    while (given > 0 && s[given - 1] === undefined) given--;
    this.writeOp(op, s, given);
  }

  /** Like emitFields, with the fields in an array (the assembler's entry point). */
  emitFieldList(op: OpInfo, fields: readonly FieldValue[]): void {
    this.writeOp(op, fields, fields.length);
  }

  /** br_table32: jumps to targets[min(idx, n - 1)]; each offset is relative to its own 4-byte entry. */
  brTable(idx: number, targets: readonly PcRelTarget[]): void {
    this.brTableHeader(idx, targets.length);
    for (const target of targets) this.brTableEntry(target);
  }

  /** Starts a br_table32 of `count` entries; follow with exactly `count` calls of brTableEntry(). */
  brTableHeader(idx: number, count: number): void {
    this.checkIdle();
    if (!Number.isInteger(count) || count < 0 || count > 0xffff_ffff) {
      throw new PulleyEncodeError(`br_table32: entry count must be a u32, got ${count}`);
    }
    this.scratch[0] = idx; this.scratch[1] = count;
    this.writeOp(BR_TABLE32, this.scratch, 2, true);
    this.pendingEntries = count;
  }

  brTableEntry(target: PcRelTarget): void {
    if (this.pendingEntries <= 0) throw new PulleyEncodeError('br_table32 entry outside a br_table32');
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    this.putTarget(BR_TABLE32, 'entry', at, at, target);
    this.pendingEntries--;
  }

  /** The code written so far (a view that later writes may overwrite or outgrow). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the finished code; fails if a used label is still unbound or a br_table32 is short of entries. */
  finish(): Uint8Array {
    this.checkIdle();
    if (this.unresolved > 0) {
      throw new PulleyEncodeError(`${this.unresolved} branch${this.unresolved === 1 ? '' : 'es'} to unbound labels`);
    }
    return this.buf.slice(0, this.pos);
  }

  // ## Internals

  private checkOwner(label: Label): void {
    if (label.owner !== this) throw new PulleyEncodeError(`label ${labelName(label)} belongs to another BytecodeWriter`);
  }

  private checkIdle(): void {
    if (this.pendingEntries > 0) {
      throw new PulleyEncodeError(`br_table32 is missing ${this.pendingEntries} entr${this.pendingEntries === 1 ? 'y' : 'ies'}`);
    }
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  private writeOp(op: OpInfo, fields: ArrayLike<FieldValue>, given: number, brTableHeader = false): void {
    if (op === BR_TABLE32 && !brTableHeader) throw new PulleyEncodeError('br_table32: use brTable() (it has a table of targets)');
    this.checkIdle();
    const plan = PLANS[op.index];
    if (plan === undefined || ALL_OPS[op.index] !== op) throw new PulleyEncodeError(`not an op of the table: ${op.mnemonic}`);
    const kinds = plan.fields;
    if (given !== kinds.length) {
      throw new PulleyEncodeError(`${op.mnemonic}: expected ${kinds.length} operand fields (${kinds.map((k) => FIELD_NAMES[k]).join(', ')}), got ${given}`);
    }
    const min = plan.min;
    const max = plan.max;
    for (let i = 0; i < kinds.length; i++) {
      const v = fields[i];
      // The common case inline; bigints, labels and every error go the slow way.
      if (!(typeof v === 'number' && v >= min[i]! && v <= max[i]! && Math.floor(v) === v)) this.checkField(op, i, kinds[i]!, v);
    }

    this.ensure(op.size);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    if (op.extended) {
      buf[p] = EXTENDED_OP_PREFIX; buf[p + 1] = op.opcode & 0xff; buf[p + 2] = op.opcode >>> 8;
      p += 3;
    } else {
      buf[p++] = op.opcode;
    }
    const layouts = plan.layouts;
    let i = 0;
    for (let k = 0; k < layouts.length; k++) {
      switch (layouts[k]) {
        case Layout.Byte: buf[p] = fields[i++] as number; p += 1; break;
        case Layout.Half: this.putU16(p, fields[i++] as number); p += 2; break;
        case Layout.RegSet: this.putU16(p, fields[i++] as number); p += 2; break;
        case Layout.Word: this.putI32(p, fields[i++] as number); p += 4; break;
        case Layout.Wide64: this.putBig(p, fields[i++] as bigint, 8); p += 8; break;
        case Layout.Wide128: this.putBig(p, fields[i++] as bigint, 16); p += 16; break;
        case Layout.PcRel: this.putTarget(op, op.operands[k]!.name, p, start, fields[i++] as PcRelTarget); p += 4; break;
        case Layout.Binary:
          this.putU16(p, packBinary(fields[i] as number, fields[i + 1] as number, fields[i + 2] as number));
          i += 3; p += 2; break;
        case Layout.AddrO32: buf[p] = fields[i] as number; this.putI32(p + 1, fields[i + 1] as number); i += 2; p += 5; break;
        case Layout.AddrG32:
          this.putI32(p, packAddrG32(fields[i] as number, fields[i + 1] as number, fields[i + 2] as number, fields[i + 3] as number));
          i += 4; p += 4; break;
        case Layout.AddrG32Bne:
          this.putI32(p, packAddrG32Bne(fields[i] as number, fields[i + 1] as number, fields[i + 2] as number,
            fields[i + 3] as number, fields[i + 4] as number));
          i += 5; p += 4; break;
      }
    }
    this.pos = p;
  }

  private checkField(op: OpInfo, i: number, kind: Field, v: FieldValue | undefined): void {
    if (isBigIntField(kind)) {
      const [min, max] = BIGINT_RANGES[kind]!;
      if (typeof v !== 'bigint' || v < min || v > max) throw this.fieldError(op, i, kind, v, `a bigint in ${min}..${max}`);
    } else if (kind === Field.PcRel) {
      if (v instanceof Label) return;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < FIELD_MIN[kind]! || v > FIELD_MAX[kind]!) {
        throw this.fieldError(op, i, kind, v, 'an i32 offset or a Label');
      }
    } else if (typeof v !== 'number' || !Number.isInteger(v) || v < FIELD_MIN[kind]! || v > FIELD_MAX[kind]!) {
      throw this.fieldError(op, i, kind, v, `an integer in ${FIELD_MIN[kind]}..${FIELD_MAX[kind]}`);
    }
  }

  private fieldError(op: OpInfo, i: number, kind: Field, v: unknown, wanted: string): PulleyEncodeError {
    const shown = v instanceof Label ? `label ${labelName(v)}` : typeof v === 'bigint' ? `${v}n` : String(v);
    return new PulleyEncodeError(`${op.mnemonic}: operand ${operandOfField(op, i)} (${FIELD_NAMES[kind]}) must be ${wanted}, got ${shown}`);
  }

  private putTarget(op: OpInfo, what: string, at: number, from: number, target: PcRelTarget): void {
    if (typeof target === 'number') {
      if (!Number.isInteger(target) || target < -0x8000_0000 || target > 0x7fff_ffff) {
        throw new PulleyEncodeError(`${op.mnemonic}: ${what} must be an i32 offset or a Label, got ${target}`);
      }
      this.putI32(at, target);
      return;
    }
    this.checkOwner(target);
    if (target.offset >= 0) {
      this.putI32(at, target.offset - from);
    } else {
      // Not bound yet: chain a fixup onto the label; bind() writes the offset.
      const f = this.fixupAt.length;
      this.fixupAt.push(at); this.fixupFrom.push(from); this.fixupNext.push(target.firstFixup);
      target.firstFixup = f;
      this.unresolved++;
      this.putI32(at, 0);
    }
  }

  private putU16(p: number, v: number): void {
    this.buf[p] = v; this.buf[p + 1] = v >>> 8;
  }

  private putI32(p: number, v: number): void {
    const buf = this.buf;
    buf[p] = v; buf[p + 1] = v >>> 8; buf[p + 2] = v >>> 16; buf[p + 3] = v >>> 24;
  }

  private putBig(p: number, v: bigint, bytes: number): void {
    let u = BigInt.asUintN(bytes * 8, v);
    for (let j = 0; j < bytes; j += 4) {
      this.putI32(p + j, Number(u & 0xffff_ffffn));
      u >>= 32n;
    }
  }
}

function labelName(label: Label): string {
  return label.name ?? `#${label.id}`;
}

/** Names the operand that field `i` of `op` belongs to, e.g. "operands.src1" or "offset". */
function operandOfField(op: OpInfo, i: number): string {
  let at = 0;
  for (const operand of op.operands) {
    const n = OPERAND_FIELDS[operand.type].length;
    if (i < at + n) return n === 1 ? operand.name : `${operand.name}[${i - at}]`;
    at += n;
  }
  return `#${i}`;
}

/** Encodes one instruction. br_table32 takes [idx, amt] and the targets (byte offsets, each relative to its entry). */
export function encodeInstr(op: OpInfo | string, operands: readonly OperandValue[] = [],
  targets?: readonly number[]): Uint8Array {
  const info = typeof op === 'string' ? opByMnemonic(op) : op;
  const writer = new BytecodeWriter(info.size + 4 * (targets?.length ?? 0));
  writer.emit(info, operands, targets);
  return writer.finish();
}
