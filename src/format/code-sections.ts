// The sections that carry what the compiler produced: bytecode, function table,
// trampolines, trap table, source map (pc → wasm offset, plus the wasm section offsets),
// function names and the vmctx shape. Readers check counts and ranges here; that the
// offsets land on instructions is checked by verifyBytecode once everything is read.

import type { CompiledFunction, PcTable } from '../compiler/module.js';
import type { VmctxShape } from '../compiler/vmctx.js';
import type { ByteReader } from './reader.js';
import type { ByteWriter } from './writer.js';

// ## Bytecode: raw, length-prefixed

export function writeBytecode(w: ByteWriter, code: Uint8Array): void {
  w.bytes(code);
}
/** The bytecode (a view into the file) and the file offset of its first byte. */
export function readBytecode(r: ByteReader): { code: Uint8Array; fileOffset: number } {
  const code = r.bytesView('bytecode');
  return { code, fileOffset: r.pos - code.length };
}

// ## Function table: where each defined function's bytecode is

export function writeFunctionTable(w: ByteWriter, functions: readonly CompiledFunction[]): void {
  w.leb(functions.length);
  for (const f of functions) {
    w.leb(f.offset);
    w.leb(f.size);
  }
}

/** Per defined function: [offset, size], in order, inside the code and not overlapping. */
export function readFunctionTable(r: ByteReader, numDefined: number, codeLength: number): { offset: number; size: number }[] {
  const at = r.pos;
  const n = r.count('function table entry', 2);
  if (n !== numDefined) r.fail(`${n} entries for ${numDefined} defined functions`, at);
  const ranges: { offset: number; size: number }[] = [];
  let previousEnd = 0;
  for (let i = 0; i < n; i++) {
    const entryAt = r.pos;
    const offset = r.leb('function offset');
    const size = r.leb('function size');
    if (offset < previousEnd) r.fail(`entry ${i} starts at pc 0x${offset.toString(16)}, inside the previous function`, entryAt);
    if (size === 0 || offset + size > codeLength) {
      r.fail(`entry ${i} (pc 0x${offset.toString(16)}, ${size} bytes) is not inside the ${codeLength} bytes of bytecode`, entryAt);
    }
    ranges.push({ offset, size });
    previousEnd = offset + size;
  }
  return ranges;
}

// ## Trampolines: array-call per function, host per type (host per import is derived)

export function writeTrampolines(w: ByteWriter, arrayTrampolines: readonly number[], hostByType: readonly number[]): void {
  w.u32Array(arrayTrampolines);
  w.u32Array(hostByType);
}

export function readTrampolines(r: ByteReader, numFuncs: number, numTypes: number): { array: number[]; hostByType: number[] } {
  const at = r.pos;
  const array = Array.from(r.u32Array('array trampoline'));
  if (array.length !== numFuncs) r.fail(`${array.length} array trampolines for ${numFuncs} functions`, at);
  const hostAt = r.pos;
  const hostByType = Array.from(r.u32Array('host trampoline'));
  if (hostByType.length !== numTypes) r.fail(`${hostByType.length} host trampolines for ${numTypes} types`, hostAt);
  return { array, hostByType };
}

// ## pc tables: traps and source positions, as (pc delta, value) LEB pairs: about 4 bytes an entry

export function writePcTable(w: ByteWriter, table: PcTable): void {
  w.leb(table.pcs.length);
  let previous = 0;
  for (let i = 0; i < table.pcs.length; i++) {
    w.leb(table.pcs[i]! - previous);
    w.leb(table.values[i]!);
    previous = table.pcs[i]!;
  }
}

/** Two parallel arrays; pcs strictly increasing and inside the code. */
export function readPcTable(r: ByteReader, codeLength: number): PcTable {
  const n = r.count('pc table entry', 2);
  const pcs = new Uint32Array(n);
  const values = new Uint32Array(n);
  let pc = 0;
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const delta = r.leb('pc delta');
    if (i > 0 && delta === 0) r.fail(`entry ${i} is out of order (pc 0x${pc.toString(16)} repeated)`, at);
    pc += delta;
    if (pc >= codeLength) r.fail(`entry ${i} points past the bytecode (pc 0x${pc.toString(16)}, ${codeLength} bytes)`, at);
    pcs[i] = pc;
    values[i] = r.leb('value');
  }
  return { pcs, values };
}

/** The wasm module's section offsets (id → byte offset), for error reports. */
export function writeSectionOffsets(w: ByteWriter, offsets: ReadonlyMap<number, number>): void {
  w.leb(offsets.size);
  for (const [id, offset] of offsets) {
    w.u8(id);
    w.leb(offset);
  }
}
export function readSectionOffsets(r: ByteReader): Map<number, number> {
  const n = r.count('wasm section offset', 2);
  const offsets = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = r.u8('wasm section id');
    offsets.set(id, r.leb('wasm section offset'));
  }
  return offsets;
}

// ## Names of the defined functions (module and local names stay in the `name` custom section)

export function writeNames(w: ByteWriter, functions: readonly CompiledFunction[]): void {
  w.leb(functions.length);
  for (const f of functions) w.string(f.name);
}
export function readNames(r: ByteReader, numDefined: number): string[] {
  const at = r.pos;
  const n = r.count('function name');
  if (n !== numDefined) r.fail(`${n} names for ${numDefined} defined functions`, at);
  return Array.from({ length: n }, () => r.string('function name'));
}

// ## vmctx shape

/** Every VmctxShape field, in file order (a Record so a new field cannot be forgotten). */
const SHAPE_ORDER: Readonly<Record<keyof VmctxShape, number>> = {
  importedFunctions: 0, functions: 1, tables: 2, importedGlobals: 3,
  definedGlobals: 4, dataSegments: 5, elementSegments: 6, types: 7,
};
const SHAPE_FIELDS = (Object.keys(SHAPE_ORDER) as (keyof VmctxShape)[]).sort((a, b) => SHAPE_ORDER[a] - SHAPE_ORDER[b]);

export function writeVmctxShape(w: ByteWriter, shape: VmctxShape): void {
  for (const field of SHAPE_FIELDS) w.leb(shape[field]);
}

/** Reads the shape and checks it against the one the module's declarations imply. */
export function readVmctxShape(r: ByteReader, expected: VmctxShape): VmctxShape {
  const shape = {} as VmctxShape;
  for (const field of SHAPE_FIELDS) {
    const at = r.pos;
    shape[field] = r.leb(field);
    if (shape[field] !== expected[field]) r.fail(`${field} is ${shape[field]}, the module declares ${expected[field]}`, at);
  }
  return shape;
}
