// The sections that carry the decoded module's declarations (src/wasm/types.ts):
// types, imports, functions, tables, memories, globals, exports, start, elements, data
// and custom sections. Each has a writer and a reader; readers check every value type,
// tag and index they can against what earlier sections declared.

import {
  EXTERN_KINDS, isRefType, isValType,
  type ConstExpr, type ConstInstr, type CustomSection, type Data, type Element, type Export, type FuncBody,
  type FuncType, type Global, type GlobalType, type Import, type Limits, type LocalRun, type MemoryType,
  type SegmentMode, type TableType, type ValType, type WasmModule,
} from '../wasm/types.js';
import type { ByteReader } from './reader.js';
import type { ByteWriter } from './writer.js';

// ## Shared pieces

function writeValTypes(w: ByteWriter, types: readonly ValType[]): void {
  w.leb(types.length);
  for (const t of types) w.u8(t);
}

function readValType(r: ByteReader, what: string): ValType {
  const at = r.pos;
  const t = r.u8(what);
  if (!isValType(t)) r.fail(`${what}: 0x${t.toString(16)} is not a value type`, at);
  return t;
}

function readRefType(r: ByteReader, what: string): ValType {
  const at = r.pos;
  const t = r.u8(what);
  if (!isRefType(t)) r.fail(`${what}: 0x${t.toString(16)} is not a reference type`, at);
  return t;
}

function readValTypes(r: ByteReader, what: string): ValType[] {
  const n = r.count(what);
  const types = new Array<ValType>(n);
  for (let i = 0; i < n; i++) types[i] = readValType(r, what);
  return types;
}

function writeLimits(w: ByteWriter, l: Limits): void {
  w.leb(l.min);
  w.bool(l.max !== undefined);
  if (l.max !== undefined) w.leb(l.max);
}

function readLimits(r: ByteReader): Limits {
  const min = r.leb('limits minimum');
  const max = r.bool('limits has-maximum flag') ? r.leb('limits maximum') : undefined;
  return { min, max };
}

function writeTableType(w: ByteWriter, t: TableType): void {
  w.u8(t.elemType);
  writeLimits(w, t.limits);
}
function readTableType(r: ByteReader): TableType {
  const elemType = readRefType(r, 'table element type');
  return { elemType, limits: readLimits(r) };
}

function writeGlobalType(w: ByteWriter, t: GlobalType): void {
  w.u8(t.type);
  w.bool(t.mutable);
}
function readGlobalType(r: ByteReader): GlobalType {
  const type = readValType(r, 'global type');
  return { type, mutable: r.bool('global mutability') };
}

/** A tag byte that must be an index into `names`. */
function readTag<T>(r: ByteReader, what: string, names: readonly T[]): T {
  const at = r.pos;
  const tag = r.u8(what);
  if (tag >= names.length) r.fail(`${what}: unknown tag ${tag}`, at);
  return names[tag]!;
}

const CONST_OPS: readonly ConstInstr['op'][] = [
  'i32.const', 'i64.const', 'f32.const', 'f64.const', 'v128.const', 'ref.null', 'ref.func', 'global.get',
];

/** How many functions and globals the module has: the bounds of indices in constant expressions. */
export interface IndexSpace {
  readonly funcs: number;
  readonly globals: number;
}

function writeConstExpr(w: ByteWriter, e: ConstExpr): void {
  if (e.nonConstant) throw new Error('serializeModule: a constant expression is not constant (the module is invalid)');
  w.leb(e.instrs.length);
  for (const instr of e.instrs) {
    w.u8(CONST_OPS.indexOf(instr.op));
    switch (instr.op) {
      case 'i32.const': w.u32(instr.value); break;
      case 'i64.const': w.u64(instr.value); break;
      case 'f32.const': w.u32(instr.bits); break;
      case 'f64.const': w.u64(instr.bits); break;
      case 'v128.const': w.raw(instr.bytes); break;
      case 'ref.null': w.u8(instr.type); break;
      case 'ref.func': w.leb(instr.funcIndex); break;
      case 'global.get': w.leb(instr.globalIndex); break;
    }
  }
  w.leb(e.start);
  w.leb(e.end);
}

function readConstExpr(r: ByteReader, space: IndexSpace): ConstExpr {
  const n = r.count('constant expression instruction', 2);
  const instrs: ConstInstr[] = [];
  for (let i = 0; i < n; i++) {
    const op = readTag(r, 'constant expression op', CONST_OPS);
    switch (op) {
      case 'i32.const': instrs.push({ op, value: r.u32() | 0 }); break;
      case 'i64.const': instrs.push({ op, value: BigInt.asIntN(64, r.u64()) }); break;
      case 'f32.const': instrs.push({ op, bits: r.u32() }); break;
      case 'f64.const': instrs.push({ op, bits: r.u64() }); break;
      case 'v128.const': {
        const at = r.pos;
        for (let k = 0; k < 16; k++) r.u8('v128 constant');
        instrs.push({ op, bytes: r.bytes.subarray(at, at + 16) });
        break;
      }
      case 'ref.null': instrs.push({ op, type: readRefType(r, 'ref.null type') }); break;
      case 'ref.func': instrs.push({ op, funcIndex: r.index('ref.func function index', space.funcs) }); break;
      case 'global.get': instrs.push({ op, globalIndex: r.index('global.get global index', space.globals) }); break;
    }
  }
  const start = r.leb('constant expression start');
  return { instrs, start, end: r.leb('constant expression end') };
}

// ## Types

export function writeTypes(w: ByteWriter, types: readonly FuncType[], signatures: readonly string[]): void {
  w.leb(types.length);
  types.forEach((t, i) => {
    writeValTypes(w, t.params);
    writeValTypes(w, t.results);
    w.string(signatures[i]!);
  });
}

export function readTypes(r: ByteReader): { types: FuncType[]; signatures: string[] } {
  const n = r.count('type', 3);
  const types: FuncType[] = [];
  const signatures: string[] = [];
  for (let i = 0; i < n; i++) {
    const params = readValTypes(r, 'parameter type');
    const results = readValTypes(r, 'result type');
    types.push({ params, results });
    signatures.push(r.string('canonical signature'));
  }
  return { types, signatures };
}

// ## Imports

export function writeImports(w: ByteWriter, imports: readonly Import[]): void {
  w.leb(imports.length);
  for (const imp of imports) {
    w.string(imp.module);
    w.string(imp.name);
    const d = imp.desc;
    w.u8(EXTERN_KINDS.indexOf(d.kind));
    switch (d.kind) {
      case 'func': w.leb(d.typeIndex); break;
      case 'table': writeTableType(w, d.type); break;
      case 'memory': writeLimits(w, d.type.limits); break;
      case 'global': writeGlobalType(w, d.type); break;
    }
    w.leb(imp.offset);
  }
}

export function readImports(r: ByteReader, numTypes: number): Import[] {
  const n = r.count('import', 5);
  const imports: Import[] = [];
  for (let i = 0; i < n; i++) {
    const module = r.string('import module name');
    const name = r.string('import field name');
    const kind = readTag(r, 'import kind', EXTERN_KINDS);
    let desc: Import['desc'];
    switch (kind) {
      case 'func': desc = { kind, typeIndex: r.index('imported function type index', numTypes) }; break;
      case 'table': desc = { kind, type: readTableType(r) }; break;
      case 'memory': desc = { kind, type: { limits: readLimits(r) } }; break;
      case 'global': desc = { kind, type: readGlobalType(r) }; break;
    }
    imports.push({ module, name, desc, offset: r.leb('import offset') });
  }
  return imports;
}

// ## Functions: type index and body shape of each defined function

export function writeFunctions(w: ByteWriter, m: WasmModule): void {
  w.leb(m.bodies.length);
  m.bodies.forEach((body, i) => {
    w.leb(m.funcTypeIndices[m.numImportedFuncs + i]!);
    w.leb(body.start);
    w.leb(body.codeStart);
    w.leb(body.end);
    w.leb(body.locals.length);
    for (const run of body.locals) {
      w.leb(run.count);
      w.u8(run.type);
    }
  });
}

export function readFunctions(r: ByteReader, numTypes: number): { typeIndices: number[]; bodies: FuncBody[] } {
  const n = r.count('function', 5);
  const typeIndices: number[] = [];
  const bodies: FuncBody[] = [];
  for (let i = 0; i < n; i++) {
    typeIndices.push(r.index('function type index', numTypes));
    const start = r.leb('body start');
    const codeStart = r.leb('body code start');
    const end = r.leb('body end');
    const runs = r.count('local run', 2);
    const locals: LocalRun[] = [];
    let numLocals = 0;
    for (let k = 0; k < runs; k++) {
      const count = r.leb('local count');
      locals.push({ count, type: readValType(r, 'local type') });
      numLocals += count;
    }
    if (numLocals > 0xffffffff) r.fail(`function ${i}: ${numLocals} locals (more than 2^32-1)`);
    bodies.push({ start, codeStart, end, locals, numLocals });
  }
  return { typeIndices, bodies };
}

// ## Tables, memories, globals (the ones defined here)

export function writeTables(w: ByteWriter, tables: readonly TableType[]): void {
  w.leb(tables.length);
  tables.forEach((t) => writeTableType(w, t));
}
export function readTables(r: ByteReader): TableType[] {
  const n = r.count('table', 3);
  return Array.from({ length: n }, () => readTableType(r));
}

export function writeMemories(w: ByteWriter, memories: readonly MemoryType[]): void {
  w.leb(memories.length);
  memories.forEach((mem) => writeLimits(w, mem.limits));
}
export function readMemories(r: ByteReader): MemoryType[] {
  const n = r.count('memory', 2);
  return Array.from({ length: n }, () => ({ limits: readLimits(r) }));
}

export function writeGlobals(w: ByteWriter, globals: readonly Global[]): void {
  w.leb(globals.length);
  for (const g of globals) {
    writeGlobalType(w, g.type);
    writeConstExpr(w, g.init);
  }
}
/** Global indices in initializers are bounded by all globals here; validation then allows only imported ones. */
export function readGlobals(r: ByteReader, numImportedGlobals: number, numFuncs: number): Global[] {
  const n = r.count('global', 5);
  const space: IndexSpace = { funcs: numFuncs, globals: numImportedGlobals + n };
  const globals: Global[] = [];
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(r);
    globals.push({ type, init: readConstExpr(r, space) });
  }
  return globals;
}

// ## Exports and start

export function writeExports(w: ByteWriter, exports: readonly Export[]): void {
  w.leb(exports.length);
  for (const e of exports) {
    w.string(e.name);
    w.u8(EXTERN_KINDS.indexOf(e.kind));
    w.leb(e.index);
    w.leb(e.offset);
  }
}

/** Export indices are range-checked by module validation, which knows each kind's count. */
export function readExports(r: ByteReader): Export[] {
  const n = r.count('export', 4);
  const exports: Export[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.string('export name');
    const kind = readTag(r, 'export kind', EXTERN_KINDS);
    const index = r.leb('export index');
    exports.push({ name, kind, index, offset: r.leb('export offset') });
  }
  return exports;
}

export function writeStart(w: ByteWriter, start: number | undefined): void {
  w.bool(start !== undefined);
  if (start !== undefined) w.leb(start);
}
export function readStart(r: ByteReader, numFuncs: number): number | undefined {
  return r.bool('start present flag') ? r.index('start function index', numFuncs) : undefined;
}

// ## Element and data segments

const SEGMENT_MODES: readonly SegmentMode[] = ['active', 'passive', 'declarative'];

export function writeElements(w: ByteWriter, elements: readonly Element[]): void {
  w.leb(elements.length);
  for (const e of elements) {
    w.u8(SEGMENT_MODES.indexOf(e.mode));
    w.leb(e.tableIndex);
    if (e.mode === 'active') writeConstExpr(w, e.offset!);
    w.u8(e.elemType);
    w.bool(e.exprs !== undefined);
    if (e.exprs) {
      w.leb(e.exprs.length);
      e.exprs.forEach((x) => writeConstExpr(w, x));
    } else {
      w.leb(e.funcIndices!.length);
      e.funcIndices!.forEach((f) => w.leb(f));
    }
    w.leb(e.start);
  }
}

export function readElements(r: ByteReader, space: IndexSpace, numTables: number): Element[] {
  const n = r.count('element segment', 6);
  const elements: Element[] = [];
  for (let i = 0; i < n; i++) {
    const mode = readTag(r, 'element segment mode', SEGMENT_MODES);
    const tableIndex = mode === 'active' ? r.index('element segment table index', numTables) : r.leb('element segment table index');
    const offset = mode === 'active' ? readConstExpr(r, space) : undefined;
    const elemType = readRefType(r, 'element type');
    let funcIndices: number[] | undefined;
    let exprs: ConstExpr[] | undefined;
    if (r.bool('element expressions flag')) {
      const k = r.count('element expression', 3);
      exprs = Array.from({ length: k }, () => readConstExpr(r, space));
    } else {
      const k = r.count('element function index');
      funcIndices = Array.from({ length: k }, () => r.index('element function index', space.funcs));
    }
    elements.push({ mode, tableIndex, offset, elemType, funcIndices, exprs, start: r.leb('element segment start') });
  }
  return elements;
}

const DATA_MODES: readonly Data['mode'][] = ['active', 'passive'];

export function writeData(w: ByteWriter, datas: readonly Data[], dataCount: number | undefined): void {
  w.bool(dataCount !== undefined);
  if (dataCount !== undefined) w.leb(dataCount);
  w.leb(datas.length);
  for (const d of datas) {
    w.u8(DATA_MODES.indexOf(d.mode));
    w.leb(d.memoryIndex);
    if (d.mode === 'active') writeConstExpr(w, d.offset!);
    w.bytes(d.bytes);
    w.leb(d.start);
  }
}

export function readData(r: ByteReader, space: IndexSpace, numMemories: number): { datas: Data[]; dataCount: number | undefined } {
  const dataCount = r.bool('data count present flag') ? r.leb('data count') : undefined;
  const n = r.count('data segment', 4);
  const datas: Data[] = [];
  for (let i = 0; i < n; i++) {
    const mode = readTag(r, 'data segment mode', DATA_MODES);
    const memoryIndex = mode === 'active' ? r.index('data segment memory index', numMemories) : r.leb('data segment memory index');
    const offset = mode === 'active' ? readConstExpr(r, space) : undefined;
    const bytes = r.bytesView('data segment bytes');
    datas.push({ mode, memoryIndex, offset, bytes, start: r.leb('data segment start') });
  }
  if (dataCount !== undefined && dataCount !== n) r.fail(`data count ${dataCount} differs from the ${n} data segments`);
  return { datas, dataCount };
}

// ## Custom sections

export function writeCustoms(w: ByteWriter, customs: readonly CustomSection[]): void {
  w.leb(customs.length);
  for (const c of customs) {
    w.string(c.name);
    w.bytes(c.bytes);
    w.leb(c.start);
  }
}

export function readCustoms(r: ByteReader): CustomSection[] {
  const n = r.count('custom section', 3);
  const customs: CustomSection[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.string('custom section name');
    const bytes = r.bytesView('custom section payload');
    customs.push({ name, bytes, start: r.leb('custom section start') });
  }
  return customs;
}
