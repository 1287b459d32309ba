// Sections → WasmModule. Checks everything that makes a module malformed (encoding,
// section order and sizes, counts that must agree) except inside function bodies, which
// stay byte ranges: validate.ts walks them with the operator reader.

import { WasmCompileError } from './errors.js';
import { JS_API_LIMITS, limitReason, type LimitName } from './limits.js';
import { Operator, OperatorReader, operatorI64 } from './operators.js';
import {
  EXTERN_KINDS, FUNCREF,
  type ConstExpr, type ConstInstr, type Data, type Element, type FuncBody, type FuncType,
  type GlobalType, type Import, type ImportDesc, type Limits, type LocalRun, type MemoryType,
  type TableType, type ValType, type WasmModule,
} from './types.js';

const SECTION_CUSTOM = 0;
const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_FUNCTION = 3;
const SECTION_TABLE = 4;
const SECTION_MEMORY = 5;
const SECTION_GLOBAL = 6;
const SECTION_EXPORT = 7;
const SECTION_START = 8;
const SECTION_ELEMENT = 9;
const SECTION_CODE = 10;
const SECTION_DATA = 11;
const SECTION_DATA_COUNT = 12;

/** Where each known section may appear: data count comes between element and code. */
const SECTION_RANK = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

const WASM_VERSION = 1;

export function decodeModule(bytes: Uint8Array): WasmModule {
  return new ModuleDecoder(bytes).decode();
}

class ModuleDecoder {
  private readonly r: OperatorReader;
  private readonly op = new Operator();
  private readonly m: WasmModule;
  private funcSectionCount: number | undefined;

  constructor(private readonly bytes: Uint8Array) {
    this.r = new OperatorReader(bytes);
    this.m = {
      bytes, types: [], imports: [], funcTypeIndices: [], numImportedFuncs: 0, tables: [],
      numImportedTables: 0, memories: [], numImportedMemories: 0, globalTypes: [],
      numImportedGlobals: 0, globals: [], exports: [], start: undefined, elements: [],
      dataCount: undefined, bodies: [], datas: [], customs: [],
      sectionOffsets: new Map(),
    };
  }

  /** Fail if `count` exceeds a JS API implementation limit. */
  private limit(name: LimitName, count: number, at: number): void {
    if (count > JS_API_LIMITS[name]) this.r.fail(limitReason(name), at);
  }

  decode(): WasmModule {
    const r = this.r;
    this.header();
    let lastRank = 0;
    while (r.pos < this.bytes.length) {
      r.end = this.bytes.length;
      const idAt = r.pos;
      const id = r.u8();
      if (id > SECTION_DATA_COUNT) r.fail('malformed section id', idAt);
      const sizeAt = r.pos;
      const size = r.u32();
      const start = r.pos;
      if (size > this.bytes.length - start) r.fail('length out of bounds', sizeAt);
      const end = start + size;
      if (id !== SECTION_CUSTOM) {
        const rank = SECTION_RANK[id];
        if (rank <= lastRank) r.fail('unexpected content after last section', idAt);
        lastRank = rank;
        this.m.sectionOffsets.set(id, idAt);
      }
      r.end = end;
      this.section(id, end);
      if (r.pos !== end) r.fail('section size mismatch', r.pos);
    }
    this.finalChecks();
    return this.m;
  }

  private header(): void {
    const r = this.r;
    if (this.bytes.length < 4 || r.u32le() !== 0x6d736100) r.fail('magic header not detected', 0);
    if (this.bytes.length < 8) r.fail('unexpected end', this.bytes.length);
    if (r.u32le() !== WASM_VERSION) r.fail('unknown binary version', 4);
  }

  private section(id: number, end: number): void {
    const r = this.r;
    const m = this.m;
    switch (id) {
      case SECTION_CUSTOM: {
        const start = r.pos;
        const name = r.name();
        const payload = this.bytes.subarray(r.pos, end);
        m.customs.push({ name, bytes: payload, start });
        r.pos = end;
        return;
      }
      case SECTION_TYPE:
        for (let n = this.countOf('types'); n > 0; n--) m.types.push(this.funcType());
        return;
      case SECTION_IMPORT:
        for (let n = this.countOf('imports'); n > 0; n--) this.importEntry();
        this.limit('functions', m.numImportedFuncs, r.pos);
        this.limit('tables', m.tables.length, r.pos);
        this.limit('globals', m.globalTypes.length, r.pos);
        return;
      case SECTION_FUNCTION: {
        const at = r.pos;
        const n = r.count();
        this.limit('functions', m.numImportedFuncs + n, at);
        this.funcSectionCount = n;
        for (let i = 0; i < n; i++) m.funcTypeIndices.push(r.u32());
        return;
      }
      case SECTION_TABLE:
        for (let n = this.countOf('tables', m.tables.length); n > 0; n--) m.tables.push(this.tableType());
        return;
      case SECTION_MEMORY:
        for (let n = r.count(); n > 0; n--) m.memories.push(this.memoryType());
        return;
      case SECTION_GLOBAL:
        for (let n = this.countOf('globals', m.globalTypes.length); n > 0; n--) {
          const type = this.globalType();
          m.globalTypes.push(type);
          m.globals.push({ type, init: this.constExpr() });
        }
        return;
      case SECTION_EXPORT:
        for (let n = this.countOf('exports'); n > 0; n--) {
          const offset = r.pos;
          const name = r.name();
          const kindAt = r.pos;
          const kind = EXTERN_KINDS[r.u8()];
          if (kind === undefined) r.fail('malformed export kind', kindAt);
          m.exports.push({ name, kind, index: r.u32(), offset });
        }
        return;
      case SECTION_START:
        m.start = r.u32();
        return;
      case SECTION_ELEMENT:
        for (let n = r.count(); n > 0; n--) m.elements.push(this.element());
        return;
      case SECTION_DATA_COUNT:
        m.dataCount = r.u32();
        this.limit('dataSegments', m.dataCount, r.pos - 1);
        return;
      case SECTION_CODE: {
        const countAt = r.pos;
        const n = r.count();
        if (n !== (this.funcSectionCount ?? 0)) r.fail('function and code section have inconsistent lengths', countAt);
        for (let i = 0; i < n; i++) m.bodies.push(this.body(m.numImportedFuncs + i));
        return;
      }
      case SECTION_DATA: {
        const countAt = r.pos;
        const n = this.countOf('dataSegments');
        if (m.dataCount !== undefined && n !== m.dataCount) {
          r.fail('data count and data section have inconsistent lengths', countAt);
        }
        for (let i = 0; i < n; i++) m.datas.push(this.dataSegment());
        return;
      }
    }
  }

  private finalChecks(): void {
    const m = this.m;
    const end = this.bytes.length;
    if ((this.funcSectionCount ?? 0) !== m.bodies.length) {
      throw new WasmCompileError('function and code section have inconsistent lengths', end);
    }
    if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
      throw new WasmCompileError('data count and data section have inconsistent lengths', end);
    }
  }

  /** A vector length, checked against a JS API limit (with `already` entries counted before). */
  private countOf(name: LimitName, already = 0): number {
    const at = this.r.pos;
    const n = this.r.count();
    this.limit(name, already + n, at);
    return n;
  }

  private funcType(): FuncType {
    const r = this.r;
    const at = r.pos;
    if (r.u8() !== 0x60) r.fail('malformed function type', at);
    const params = this.valTypes('params');
    const results = this.valTypes('results');
    return { params, results };
  }

  private valTypes(limit: LimitName): ValType[] {
    const types: ValType[] = [];
    for (let n = this.countOf(limit); n > 0; n--) types.push(this.r.valType());
    return types;
  }

  private importEntry(): void {
    const r = this.r;
    const m = this.m;
    const offset = r.pos;
    const module = r.name();
    const name = r.name();
    const kindAt = r.pos;
    const kind = r.u8();
    let desc: ImportDesc;
    switch (kind) {
      case 0: {
        const typeIndex = r.u32();
        desc = { kind: 'func', typeIndex };
        m.funcTypeIndices.push(typeIndex);
        (m as { numImportedFuncs: number }).numImportedFuncs++;
        break;
      }
      case 1: {
        const type = this.tableType();
        desc = { kind: 'table', type };
        m.tables.push(type);
        (m as { numImportedTables: number }).numImportedTables++;
        break;
      }
      case 2: {
        const type = this.memoryType();
        desc = { kind: 'memory', type };
        m.memories.push(type);
        (m as { numImportedMemories: number }).numImportedMemories++;
        break;
      }
      case 3: {
        const type = this.globalType();
        desc = { kind: 'global', type };
        m.globalTypes.push(type);
        (m as { numImportedGlobals: number }).numImportedGlobals++;
        break;
      }
      default:
        return r.fail('malformed import kind', kindAt);
    }
    const entry: Import = { module, name, desc, offset };
    m.imports.push(entry);
  }

  private limits(): Limits {
    const r = this.r;
    const at = r.pos;
    const flags = r.u8();
    if (flags > 1) r.fail('integer too large', at);
    const min = r.u32();
    return { min, max: flags === 1 ? r.u32() : undefined };
  }

  private tableType(): TableType {
    const elemType = this.r.refType();
    return { elemType, limits: this.limits() };
  }

  private memoryType(): MemoryType {
    return { limits: this.limits() };
  }

  private globalType(): GlobalType {
    const r = this.r;
    const type = r.valType();
    const at = r.pos;
    const mut = r.u8();
    if (mut > 1) r.fail('malformed mutability', at);
    return { type, mutable: mut === 1 };
  }

  /** A constant expression up to its `end`; non-constant instructions are noted for the validator. */
  private constExpr(): ConstExpr {
    const r = this.r;
    const op = this.op;
    const start = r.pos;
    const instrs: ConstInstr[] = [];
    let nonConstant: ConstExpr['nonConstant'];
    for (;;) {
      r.read(op);
      const name = op.info.name;
      switch (name) {
        case 'end':
          return { instrs, start, end: r.pos, nonConstant };
        case 'i32.const': instrs.push({ op: name, value: op.value }); break;
        case 'i64.const': instrs.push({ op: name, value: operatorI64(op) }); break;
        case 'f32.const': instrs.push({ op: name, bits: op.value }); break;
        case 'f64.const': instrs.push({ op: name, bits: BigInt.asUintN(64, operatorI64(op)) }); break;
        case 'v128.const': instrs.push({ op: name, bytes: this.bytes.subarray(op.immOffset, op.immOffset + 16) }); break;
        case 'ref.null': instrs.push({ op: name, type: op.valType }); break;
        case 'ref.func': instrs.push({ op: name, funcIndex: op.index }); break;
        case 'global.get': instrs.push({ op: name, globalIndex: op.index }); break;
        default:
          nonConstant ??= { name, offset: op.offset };
      }
    }
  }

  private elemKind(): ValType {
    const r = this.r;
    const at = r.pos;
    if (r.u8() !== 0x00) r.fail('malformed element kind', at);
    return FUNCREF;
  }

  private funcIndices(): number[] {
    const indices: number[] = [];
    for (let n = this.r.count(); n > 0; n--) indices.push(this.r.u32());
    return indices;
  }

  private element(): Element {
    const r = this.r;
    const start = r.pos;
    const flags = r.u32();
    if (flags > 7) r.fail('malformed elements segment kind', start);
    // Bit 0: passive or declarative (with bit 1 set); bit 1: explicit table (active) or
    // declarative; bit 2: elements are expressions with an explicit type.
    const active = (flags & 1) === 0;
    const mode = active ? 'active' : flags & 2 ? 'declarative' : 'passive';
    const tableIndex = active && flags & 2 ? r.u32() : 0;
    const offset = active ? this.constExpr() : undefined;
    const usesExprs = (flags & 4) !== 0;
    let elemType: ValType = FUNCREF;
    if (flags & 3) elemType = usesExprs ? r.refType() : this.elemKind();
    if (!usesExprs) return { mode, tableIndex, offset, elemType, funcIndices: this.funcIndices(), exprs: undefined, start };
    const exprs: ConstExpr[] = [];
    for (let n = r.count(); n > 0; n--) exprs.push(this.constExpr());
    return { mode, tableIndex, offset, elemType, funcIndices: undefined, exprs, start };
  }

  private dataSegment(): Data {
    const r = this.r;
    const start = r.pos;
    const flags = r.u32();
    if (flags > 2) r.fail('malformed data segment kind', start);
    const memoryIndex = flags === 2 ? r.u32() : 0;
    const offset = flags === 1 ? undefined : this.constExpr();
    const at = r.pos;
    const n = r.u32();
    if (n > r.end - r.pos) r.fail('unexpected end of section or function', at);
    return { mode: flags === 1 ? 'passive' : 'active', memoryIndex, offset, bytes: r.take(n), start };
  }

  private body(funcIndex: number): FuncBody {
    const r = this.r;
    const start = r.pos;
    const size = r.u32();
    if (size > r.end - r.pos) r.fail('unexpected end of section or function', start);
    this.limit('functionBodySize', size, start);
    const end = r.pos + size;
    const sectionEnd = r.end;
    r.end = end;
    r.funcIndex = funcIndex;
    const locals: LocalRun[] = [];
    // The limit counts parameters too (an unknown type index is reported by the validator).
    const params = this.m.types[this.m.funcTypeIndices[funcIndex]]?.params.length ?? 0;
    let numLocals = 0;
    for (let n = r.count(); n > 0; n--) {
      const countAt = r.pos;
      const count = r.u32();
      numLocals += count;
      if (numLocals > 0xffffffff) r.fail('too many locals', countAt);
      this.limit('locals', params + numLocals, countAt);
      locals.push({ count, type: r.valType() });
    }
    const codeStart = r.pos;
    r.funcIndex = undefined;
    r.pos = end;
    r.end = sectionEnd;
    return { start, codeStart, end, locals, numLocals };
  }
}
