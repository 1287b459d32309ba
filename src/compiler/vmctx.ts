// The layout of an instance context (vmctx): one region per instance, laid out from the
// module's shape alone (docs/ABI.md, "The instance context"). The compiler uses the
// offsets in the code it emits; the runtime fills the fields in.

export interface VmctxShape {
  importedFunctions: number;
  /** All functions, imported ones first. */
  functions: number;
  tables: number;
  importedGlobals: number;
  definedGlobals: number;
  dataSegments: number;
  elementSegments: number;
  types: number;
}

export const VMCTX_MAGIC = 0x4d564c50; // "PLVM" little-endian

/** Bytes of a VMFuncRef: code address, vmctx address, canonical type id. */
export const FUNCREF_SIZE = 24;
export const FUNCREF_CODE = 0;
export const FUNCREF_VMCTX = 8;
export const FUNCREF_TYPE_ID = 16;

/** Bytes of a defined global's storage (room for a v128). */
export const GLOBAL_SLOT_BYTES = 16;

export interface VmctxLayout {
  readonly magic: number;
  readonly instanceId: number;
  readonly memoryBase: number;
  readonly memoryLength: number;
  /** Offset of the VMFuncRef address of imported function i: importedFunction(i). */
  importedFunction(i: number): number;
  tableBase(t: number): number;
  tableLength(t: number): number;
  /** Offset of the storage address of imported global i. */
  importedGlobalPtr(i: number): number;
  /** Offset of defined global i's 16-byte value. */
  definedGlobal(i: number): number;
  /** Offset of the VMFuncRef address of function i (imported or defined). */
  funcRef(i: number): number;
  dataDropped(i: number): number;
  elemDropped(i: number): number;
  typeId(typeIndex: number): number;
  /** Remaining fuel (i64), spent by code compiled with `{ fuel: true }` (src/compiler/fuel.ts). */
  readonly fuel: number;
  readonly size: number;
}

export function vmctxLayout(shape: VmctxShape): VmctxLayout {
  let at = 0;
  const take = (bytes: number): number => { const o = at; at += bytes; return o; };
  const magic = take(4);
  const instanceId = take(4);
  const memoryBase = take(8);
  const memoryLength = take(8);
  const importedFunctions = take(8 * shape.importedFunctions);
  const tableBases = take(8 * shape.tables);
  const tableLengths = take(8 * shape.tables);
  const importedGlobals = take(8 * shape.importedGlobals);
  const definedGlobals = take(GLOBAL_SLOT_BYTES * shape.definedGlobals);
  const funcRefs = take(8 * shape.functions);
  const dataDropped = take(8 * shape.dataSegments);
  const elemDropped = take(8 * shape.elementSegments);
  const typeIds = take(8 * shape.types);
  const fuel = take(8);
  return {
    magic, instanceId, memoryBase, memoryLength, fuel,
    importedFunction: (i) => importedFunctions + 8 * i,
    tableBase: (t) => tableBases + 8 * t,
    tableLength: (t) => tableLengths + 8 * t,
    importedGlobalPtr: (i) => importedGlobals + 8 * i,
    definedGlobal: (i) => definedGlobals + GLOBAL_SLOT_BYTES * i,
    funcRef: (i) => funcRefs + 8 * i,
    dataDropped: (i) => dataDropped + 8 * i,
    elemDropped: (i) => elemDropped + 8 * i,
    typeId: (i) => typeIds + 8 * i,
    size: at,
  };
}
