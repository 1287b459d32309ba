// .pulley files: a CompiledModule saved so that loading skips decoding, validating and
// compiling the wasm. serializeModule writes one; deserializeModule reads one without
// trusting it (header and versions, CRC-32, then every length, index and offset, the
// module's declarations through the wasm validator and the bytecode through the checked
// Pulley decoder). docs/PULLEY-FORMAT.md describes the layout.

import { canonicalSignature, type CompiledModule } from '../compiler/module.js';
import { vmctxLayout, type VmctxShape } from '../compiler/vmctx.js';
import { WasmCompileError } from '../wasm/errors.js';
import type { WasmModule } from '../wasm/types.js';
import { validateModuleFields } from '../wasm/validate.js';
import { crc32 } from './checksum.js';
import * as code from './code-sections.js';
import { PulleyFormatError } from './errors.js';
import {
  FLAG_FUEL, FORMAT_VERSION, HEADER, KNOWN_FLAGS, MAGIC, PULLEY_JS_VERSION, PULLEY_VERSION, SECTION_COUNT, SECTION_NAMES, SectionId,
} from './layout.js';
import * as decl from './module-sections.js';
import { ByteReader } from './reader.js';
import { verifyBytecode } from './verify-code.js';
import { ByteWriter } from './writer.js';

export { PulleyFormatError } from './errors.js';

/** The vmctx shape a module's declarations imply (what the compiler lays the vmctx out from). */
export function vmctxShapeOf(m: WasmModule): VmctxShape {
  return {
    importedFunctions: m.numImportedFuncs,
    functions: m.funcTypeIndices.length,
    tables: m.tables.length,
    importedGlobals: m.numImportedGlobals,
    definedGlobals: m.globals.length,
    dataSegments: m.datas.length,
    elementSegments: m.elements.length,
    types: m.types.length,
  };
}

// ## Writing

/** The .pulley bytes of a compiled module. */
export function serializeModule(compiled: CompiledModule): Uint8Array {
  const m = compiled.module;
  const w = new ByteWriter(HEADER.size + 2 * compiled.code.length + 4096);
  w.raw(MAGIC);
  w.u16(FORMAT_VERSION);
  w.u16(PULLEY_VERSION);
  for (const part of PULLEY_JS_VERSION) w.u16(part);
  w.u16(compiled.fuel ? FLAG_FUEL : 0);
  w.u32(0); // payload length, patched below
  w.u32(0); // checksum, patched below

  const section = (id: SectionId, write: () => void): void => {
    w.u8(id);
    const lengthAt = w.length;
    w.u32(0);
    write();
    w.patchU32(lengthAt, w.length - lengthAt - 4);
  };
  section(SectionId.Types, () => decl.writeTypes(w, m.types, compiled.signatures));
  section(SectionId.Imports, () => decl.writeImports(w, m.imports));
  section(SectionId.Functions, () => decl.writeFunctions(w, m));
  section(SectionId.Tables, () => decl.writeTables(w, m.tables.slice(m.numImportedTables)));
  section(SectionId.Memories, () => decl.writeMemories(w, m.memories.slice(m.numImportedMemories)));
  section(SectionId.Globals, () => decl.writeGlobals(w, m.globals));
  section(SectionId.Exports, () => decl.writeExports(w, m.exports));
  section(SectionId.Start, () => decl.writeStart(w, m.start));
  section(SectionId.Elements, () => decl.writeElements(w, m.elements));
  section(SectionId.Data, () => decl.writeData(w, m.datas, m.dataCount));
  section(SectionId.Customs, () => decl.writeCustoms(w, m.customs));
  section(SectionId.Names, () => code.writeNames(w, compiled.functions));
  section(SectionId.VmctxShape, () => code.writeVmctxShape(w, compiled.vmctxShape));
  section(SectionId.Bytecode, () => code.writeBytecode(w, compiled.code));
  section(SectionId.FunctionTable, () => code.writeFunctionTable(w, compiled.functions));
  section(SectionId.Trampolines, () => code.writeTrampolines(w, compiled.arrayTrampolines, compiled.hostTrampolinesByType));
  section(SectionId.TrapTable, () => code.writePcTable(w, compiled.traps));
  section(SectionId.SourceMap, () => {
    code.writePcTable(w, compiled.sourceMap);
    code.writeSectionOffsets(w, m.sectionOffsets);
  });

  const bytes = w.finish();
  const view = new DataView(bytes.buffer);
  view.setUint32(HEADER.payloadLength, bytes.length - HEADER.size, true);
  view.setUint32(HEADER.checksum, fileChecksum(bytes), true);
  return bytes;
}

// ## Reading

export interface DeserializeOptions {
  /** The file's name in error messages (default "module.pulley"). */
  fileName?: string;
}

/** A CompiledModule from .pulley bytes; throws PulleyFormatError if they are not a valid file of this release. */
export function deserializeModule(input: Uint8Array, options: DeserializeOptions = {}): CompiledModule {
  const file = options.fileName ?? 'module.pulley';
  // Our own copy: the result holds views into it, whatever the caller does to `input`.
  const bytes = input.slice();
  const flags = checkHeader(bytes, file);
  const at = findSections(bytes, file);
  const open = (id: SectionId): ByteReader => new ByteReader(bytes, file, SECTION_NAMES[id], at[id]!.start, at[id]!.end);
  const read = <T>(id: SectionId, body: (r: ByteReader) => T): T => {
    const r = open(id);
    const value = body(r);
    r.expectEnd();
    return value;
  };

  const { types, signatures } = read(SectionId.Types, (r) => {
    const t = decl.readTypes(r);
    t.types.forEach((type, i) => {
      if (t.signatures[i] !== canonicalSignature(type)) r.fail(`type ${i}: canonical signature '${t.signatures[i]}' does not match its type`, at[SectionId.Types]!.start);
    });
    return t;
  });
  const imports = read(SectionId.Imports, (r) => decl.readImports(r, types.length));
  const defined = read(SectionId.Functions, (r) => decl.readFunctions(r, types.length));
  const definedTables = read(SectionId.Tables, decl.readTables);
  const definedMemories = read(SectionId.Memories, decl.readMemories);

  const funcTypeIndices: number[] = [];
  const tables: WasmModule['tables'] = [];
  const memories: WasmModule['memories'] = [];
  const globalTypes: WasmModule['globalTypes'] = [];
  for (const imp of imports) {
    const d = imp.desc;
    if (d.kind === 'func') funcTypeIndices.push(d.typeIndex);
    else if (d.kind === 'table') tables.push(d.type);
    else if (d.kind === 'memory') memories.push(d.type);
    else globalTypes.push(d.type);
  }
  const numImportedFuncs = funcTypeIndices.length, numImportedTables = tables.length;
  const numImportedMemories = memories.length, numImportedGlobals = globalTypes.length;
  funcTypeIndices.push(...defined.typeIndices);
  tables.push(...definedTables);
  memories.push(...definedMemories);
  const numFuncs = funcTypeIndices.length;

  const globals = read(SectionId.Globals, (r) => decl.readGlobals(r, numImportedGlobals, numFuncs));
  globalTypes.push(...globals.map((g) => g.type));
  const space = { funcs: numFuncs, globals: globalTypes.length };
  const exports = read(SectionId.Exports, decl.readExports);
  const start = read(SectionId.Start, (r) => decl.readStart(r, numFuncs));
  const elements = read(SectionId.Elements, (r) => decl.readElements(r, space, tables.length));
  const { datas, dataCount } = read(SectionId.Data, (r) => decl.readData(r, space, memories.length));
  const customs = read(SectionId.Customs, decl.readCustoms);
  const names = read(SectionId.Names, (r) => code.readNames(r, defined.bodies.length));

  const sourceMapReader = open(SectionId.SourceMap);
  const module: WasmModule = {
    // The wasm bytes are not kept: function bodies are compiled, and data segments and custom sections carry their own bytes.
    bytes: new Uint8Array(0),
    types, imports, funcTypeIndices, numImportedFuncs, tables, numImportedTables, memories, numImportedMemories,
    globalTypes, numImportedGlobals, globals, exports, start, elements, dataCount,
    bodies: defined.bodies, datas, customs, sectionOffsets: new Map(),
  };
  try {
    validateModuleFields(module);
  } catch (e) {
    if (!(e instanceof WasmCompileError)) throw e;
    throw new PulleyFormatError(file, undefined, HEADER.size, `the module's declarations are invalid: ${e.reason} (wasm offset 0x${e.offset.toString(16)})`);
  }

  const vmctxShape = read(SectionId.VmctxShape, (r) => code.readVmctxShape(r, vmctxShapeOf(module)));
  const { code: bytecode, fileOffset: codeFileOffset } = read(SectionId.Bytecode, code.readBytecode);
  const ranges = read(SectionId.FunctionTable, (r) => code.readFunctionTable(r, defined.bodies.length, bytecode.length));
  const trampolines = read(SectionId.Trampolines, (r) => code.readTrampolines(r, numFuncs, types.length));
  const traps = read(SectionId.TrapTable, (r) => code.readPcTable(r, bytecode.length));
  const sourceMap = code.readPcTable(sourceMapReader, bytecode.length);
  for (const [id, offset] of code.readSectionOffsets(sourceMapReader)) module.sectionOffsets.set(id, offset);
  sourceMapReader.expectEnd();

  const functions = ranges.map((range, i) => ({ funcIndex: numImportedFuncs + i, ...range, name: names[i]! }));
  verifyBytecode({
    file, code: bytecode, codeFileOffset, functions,
    arrayTrampolines: trampolines.array,
    hostTrampolinesByType: trampolines.hostByType,
    traps,
    sectionOffsets: {
      functionTable: at[SectionId.FunctionTable]!.start,
      trampolines: at[SectionId.Trampolines]!.start,
      trapTable: at[SectionId.TrapTable]!.start,
    },
  });

  return {
    module,
    code: bytecode,
    functions,
    arrayTrampolines: trampolines.array,
    hostTrampolines: funcTypeIndices.slice(0, numImportedFuncs).map((t) => trampolines.hostByType[t]!),
    hostTrampolinesByType: trampolines.hostByType,
    traps,
    sourceMap,
    vmctxShape,
    vmctx: vmctxLayout(vmctxShape),
    signatures,
    types,
    fuel: (flags & FLAG_FUEL) !== 0,
  };
}

/** Checks the header and the checksum; returns the flags. */
function checkHeader(bytes: Uint8Array, file: string): number {
  const fail = (offset: number, problem: string): never => {
    throw new PulleyFormatError(file, undefined, offset, problem);
  };
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) fail(i, i < bytes.length ? 'not a .pulley file (wrong magic number)' : 'truncated: not even a .pulley header');
  }
  if (bytes.length < HEADER.size) fail(bytes.length, `truncated: the header needs ${HEADER.size} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const format = u16(HEADER.formatVersion);
  if (format !== FORMAT_VERSION) fail(HEADER.formatVersion, `format version ${format}; this loader reads version ${FORMAT_VERSION}`);
  const pulley = u16(HEADER.pulleyVersion);
  if (pulley !== PULLEY_VERSION) fail(HEADER.pulleyVersion, `bytecode for Pulley ${pulley}; this runtime runs Pulley ${PULLEY_VERSION}`);
  const release = [0, 1, 2].map((i) => u16(HEADER.pulleyJsVersion + 2 * i));
  if (release.some((part, i) => part !== PULLEY_JS_VERSION[i])) {
    fail(HEADER.pulleyJsVersion, `written by pulley-js ${release.join('.')}; pulley-js ${PULLEY_JS_VERSION.join('.')} loads only its own files (recompile the .wasm)`);
  }
  const flags = u16(HEADER.flags);
  if ((flags & ~KNOWN_FLAGS) !== 0) fail(HEADER.flags, `unknown flags 0x${(flags & ~KNOWN_FLAGS).toString(16)}`);
  const length = view.getUint32(HEADER.payloadLength, true);
  const actual = bytes.length - HEADER.size;
  if (length > actual) fail(bytes.length, `truncated: the header says ${length} payload bytes, the file has ${actual}`);
  if (length < actual) fail(HEADER.size + length, `${actual - length} unexpected bytes after the payload`);
  const stored = view.getUint32(HEADER.checksum, true);
  const computed = fileChecksum(bytes);
  if (stored !== computed) fail(HEADER.checksum, `checksum mismatch (header 0x${hex8(stored)}, contents 0x${hex8(computed)})`);
  return flags;
}

/** Each section's payload range, by id; all present, in id order, each once. */
function findSections(bytes: Uint8Array, file: string): { start: number; end: number }[] {
  const r = new ByteReader(bytes, file, undefined, HEADER.size, bytes.length);
  const at: { start: number; end: number }[] = [];
  let previous = 0;
  while (!r.atEnd) {
    const idAt = r.pos;
    const id = r.u8('section id');
    if (id === 0 || id > SECTION_COUNT) r.fail(`unknown section id ${id}`, idAt);
    if (id <= previous) r.fail(`section '${SECTION_NAMES[id as SectionId]}' out of order or repeated`, idAt);
    const length = r.u32('section length');
    if (length > r.end - r.pos) r.fail(`section '${SECTION_NAMES[id as SectionId]}' is ${length} bytes, only ${r.end - r.pos} left in the file`, idAt);
    at[id] = { start: r.pos, end: r.pos + length };
    r.pos += length;
    previous = id;
  }
  for (let id = 1; id <= SECTION_COUNT; id++) {
    if (!at[id]) r.fail(`section '${SECTION_NAMES[id as SectionId]}' is missing`, bytes.length);
  }
  return at;
}

/** CRC-32 of the whole file but its checksum field (so header fields are covered too). */
export function fileChecksum(bytes: Uint8Array): number {
  return crc32(bytes, HEADER.size, bytes.length, crc32(bytes, 0, HEADER.checksum));
}

function hex8(v: number): string {
  return v.toString(16).padStart(8, '0');
}
