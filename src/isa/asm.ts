// The assembler: Pulley's disassembly text (./disas.ts) back to bytes.
//
// Each line holds one instruction, optionally after the disassembler's offset column
// (`   1f: `) and byte dump (`21 0a 01 ...`), both ignored. `//` starts a comment. A line
// `name:` binds a label, and a label name may stand wherever a branch offset or a
// br_table32 entry is expected. After `br_table32 xN, amt` come `amt` entry lines, each
// an offset (relative to the entry) or a label. Offsets in the text are relative, as
// Pulley prints them: `0x7` means 7 bytes after the start of the instruction.

import { BytecodeWriter, Label, PulleyEncodeError, opFields, type FieldValue, type PcRelTarget } from './encode.js';
import { BR_TABLE32, OPS_BY_MNEMONIC, type OpInfo } from './ops.js';
import { BIGINT_RANGES, FIELD_NAMES, Field, UPPER_REG_BASE, isBigIntField, parseRegName } from './operands.js';

/** Bad assembly text; `line` is 1-based. */
export class PulleyAsmError extends Error {
  override name = 'PulleyAsmError';
  constructor(readonly line: number, readonly problem: string) {
    super(`line ${line}: ${problem}`);
  }
}

const LABEL_DEF = /^([A-Za-z_.$][\w.$]*):(?:\s+|$)/;
const LABEL_NAME = /^[A-Za-z_.$][\w.$]*$/;
const OFFSET_COLUMN = /^[0-9a-fA-F]+:\s+/;
// The byte dump: hex pairs separated by single spaces. Pulley pads it to 12 bytes, so a
// shorter dump is followed by spaces and a longer one runs straight into the mnemonic.
const BYTE_COLUMN = /^[0-9a-f]{2}(?: [0-9a-f]{2})*/;
const BYTE_COLUMN_WIDTH = 12;

/** Assembles `text` into bytecode. */
export function assemble(text: string): Uint8Array {
  return new Assembler().run(text);
}

class Assembler {
  private readonly writer = new BytecodeWriter();
  /** Labels by name, with the line that first mentioned them. */
  private readonly labels = new Map<string, { label: Label; line: number }>();
  private entriesLeft = 0;
  private lineNo = 0;

  run(text: string): Uint8Array {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      this.lineNo = i + 1;
      try {
        this.line(lines[i]!);
      } catch (e) {
        throw this.wrap(e);
      }
    }
    this.lineNo = lines.length;
    if (this.entriesLeft > 0) throw this.error(`br_table32 is missing ${this.entriesLeft} entry line(s) at the end of the text`);
    for (const [name, entry] of this.labels) {
      if (entry.label.offset < 0) throw new PulleyAsmError(entry.line, `label '${name}' is used but never defined`);
    }
    try {
      return this.writer.finish();
    } catch (e) {
      throw this.wrap(e);
    }
  }

  private line(raw: string): void {
    let s = stripComment(raw).trim();
    for (let m = LABEL_DEF.exec(s); m && !OFFSET_COLUMN.test(s); m = LABEL_DEF.exec(s)) {
      this.defineLabel(m[1]!);
      s = s.slice(m[0].length);
    }
    s = s.replace(OFFSET_COLUMN, '');
    s = stripByteColumn(s).trim();
    if (s === '') return;
    if (this.entriesLeft > 0) {
      this.writer.brTableEntry(this.target(s, 'br_table32 entry'));
      this.entriesLeft--;
      return;
    }
    const space = s.search(/\s/);
    const mnemonic = space < 0 ? s : s.slice(0, space);
    const op = OPS_BY_MNEMONIC.get(mnemonic);
    if (!op) throw this.error(`unknown mnemonic '${mnemonic}'`);
    const rest = space < 0 ? '' : s.slice(space + 1).trim();
    const tokens = rest === '' ? [] : splitOperands(rest);
    const fields = this.fields(op, tokens);
    if (op === BR_TABLE32) {
      this.writer.brTableHeader(fields[0] as number, fields[1] as number);
      this.entriesLeft = fields[1] as number;
    } else {
      this.writer.emitFieldList(op, fields);
    }
  }

  /** Parses the operand tokens of `op` into its fields (see opFields). */
  private fields(op: OpInfo, tokens: string[]): FieldValue[] {
    const kinds = opFields(op);
    const fields: FieldValue[] = [];
    let t = 0;
    for (const kind of kinds) {
      if (kind === Field.RegSet) {
        fields.push(this.regSet(tokens.slice(t)));
        t = tokens.length;
        continue;
      }
      const token = tokens[t++];
      if (token === undefined) {
        throw this.error(`${op.mnemonic} takes ${kinds.length} operand fields (${kinds.map((k) => FIELD_NAMES[k]).join(', ')}), got ${tokens.length}`);
      }
      fields.push(this.field(kind, token, op));
    }
    if (t < tokens.length) throw this.error(`${op.mnemonic}: unexpected extra operand '${tokens[t]}'`);
    return fields;
  }

  private field(kind: Field, token: string, op: OpInfo): FieldValue {
    switch (kind) {
      case Field.XReg: case Field.FReg: case Field.VReg: {
        const r = parseRegName(kind, token);
        if (r < 0) throw this.error(`${op.mnemonic}: expected ${FIELD_NAMES[kind]} register, got '${token}'`);
        return r;
      }
      case Field.PcRel: return this.target(token, op.mnemonic);
      default: {
        const v = parseInteger(token);
        if (v === undefined) throw this.error(`${op.mnemonic}: expected ${FIELD_NAMES[kind]} integer, got '${token}'`);
        if (isBigIntField(kind)) {
          const [min, max] = BIGINT_RANGES[kind]!;
          if (v < min || v > max) throw this.error(`${op.mnemonic}: ${token} does not fit ${FIELD_NAMES[kind]}`);
          return v;
        }
        // Range checks of the narrow fields happen in the writer, which names the operand.
        return Number(v);
      }
    }
  }

  private target(token: string, what: string): PcRelTarget {
    const v = parseInteger(token);
    if (v !== undefined) {
      if (v < -(1n << 31n) || v >= 1n << 31n) throw this.error(`${what}: branch offset ${token} does not fit an i32`);
      return Number(v);
    }
    if (!LABEL_NAME.test(token)) throw this.error(`${what}: expected a branch offset or a label, got '${token}'`);
    let entry = this.labels.get(token);
    if (!entry) {
      entry = { label: this.writer.newLabel(token), line: this.lineNo };
      this.labels.set(token, entry);
    }
    return entry.label;
  }

  private regSet(tokens: string[]): number {
    let bits = 0;
    for (const token of tokens) {
      if (token === '') continue; // an empty set prints as a trailing ','
      const r = parseRegName(Field.XReg, token);
      if (r < UPPER_REG_BASE) throw this.error(`expected a register x16..x29, sp or spilltmp0 in the register set, got '${token}'`);
      bits |= 1 << (r - UPPER_REG_BASE);
    }
    return bits;
  }

  private defineLabel(name: string): void {
    let entry = this.labels.get(name);
    if (entry && entry.label.offset >= 0) throw this.error(`label '${name}' is defined twice`);
    if (this.entriesLeft > 0) throw this.error(`label '${name}' inside the entries of a br_table32`);
    if (!entry) {
      entry = { label: this.writer.newLabel(name), line: this.lineNo };
      this.labels.set(name, entry);
    }
    this.writer.bind(entry.label);
  }

  private error(problem: string): PulleyAsmError {
    return new PulleyAsmError(this.lineNo, problem);
  }

  private wrap(e: unknown): Error {
    if (e instanceof PulleyAsmError) return e;
    if (e instanceof PulleyEncodeError) return this.error(e.message);
    return e as Error;
  }
}

function stripComment(line: string): string {
  const c = line.indexOf('//');
  return c < 0 ? line : line.slice(0, c);
}

/** Removes a leading byte dump, recognised by the padding after it (or by being at least 12 bytes long). */
function stripByteColumn(s: string): string {
  const m = BYTE_COLUMN.exec(s);
  if (!m) return s;
  const after = s.slice(m[0].length);
  const count = (m[0].length + 1) / 3;
  if (/^\s/.test(after) || (count >= BYTE_COLUMN_WIDTH && after !== '')) return after;
  return s;
}

const BOUND_REF = /^\*\[\s*(\S+)\s*\+\s*(\S+)\s*\]$/;

/**
 * Operand tokens: split at commas; AddrG32Bne's `*[x22 + 8]` gives its two fields. An
 * empty trailing token stays (an empty register set prints as a trailing ',').
 */
function splitOperands(rest: string): string[] {
  return rest.split(',').flatMap((t) => {
    const token = t.trim();
    const bound = BOUND_REF.exec(token);
    return bound ? [bound[1]!, bound[2]!] : [token];
  });
}

/** Decimal or 0x hex, optionally negative; undefined if not an integer. */
function parseInteger(token: string): bigint | undefined {
  const m = /^(-?)(0x[0-9a-fA-F]+|\d+)$/.exec(token);
  if (!m) return undefined;
  const v = BigInt(m[2]!);
  return m[1] ? -v : v;
}
