// The decoded module: value types, function types and the module's sections as data.
// Function bodies and data segments stay byte ranges / views into the original buffer.

/** Value types are their binary codes, so a decoded byte is already a ValType. */
export type ValType = number;
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
/** The bottom type: what an unreachable (polymorphic) stack yields; matches anything. */
export const UNKNOWN = 0;

const VAL_TYPE_NAMES: Record<number, string> = {
  [I32]: 'i32', [I64]: 'i64', [F32]: 'f32', [F64]: 'f64', [V128]: 'v128',
  [FUNCREF]: 'funcref', [EXTERNREF]: 'externref', [UNKNOWN]: 'unknown',
};

export function isValType(code: number): boolean {
  return code !== UNKNOWN && VAL_TYPE_NAMES[code] !== undefined;
}
export function isRefType(t: ValType): boolean {
  return t === FUNCREF || t === EXTERNREF;
}
export function valTypeName(t: ValType): string {
  return VAL_TYPE_NAMES[t] ?? `0x${t.toString(16)}`;
}

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface Limits {
  readonly min: number;
  readonly max: number | undefined;
}
export interface TableType {
  readonly elemType: ValType;
  readonly limits: Limits;
}
export interface MemoryType {
  readonly limits: Limits;
}
export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global';
export const EXTERN_KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global'];

export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType };

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
  readonly offset: number;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
  readonly offset: number;
}

/** One instruction of a constant expression. */
export type ConstInstr =
  | { readonly op: 'i32.const'; readonly value: number }
  | { readonly op: 'i64.const'; readonly value: bigint }
  | { readonly op: 'f32.const'; readonly bits: number }
  | { readonly op: 'f64.const'; readonly bits: bigint }
  | { readonly op: 'v128.const'; readonly bytes: Uint8Array }
  | { readonly op: 'ref.null'; readonly type: ValType }
  | { readonly op: 'ref.func'; readonly funcIndex: number }
  | { readonly op: 'global.get'; readonly globalIndex: number };

export interface ConstExpr {
  readonly instrs: readonly ConstInstr[];
  /** Byte range of the expression, its `end` included. */
  readonly start: number;
  readonly end: number;
  /** Set when an instruction that is not constant appeared (the module is then invalid). */
  readonly nonConstant?: { readonly name: string; readonly offset: number };
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface Element {
  readonly mode: SegmentMode;
  readonly tableIndex: number;
  /** The table offset, for active segments. */
  readonly offset: ConstExpr | undefined;
  readonly elemType: ValType;
  /** Either plain function indices (the compact forms) or one expression per element. */
  readonly funcIndices: readonly number[] | undefined;
  readonly exprs: readonly ConstExpr[] | undefined;
  readonly start: number;
}

export interface Data {
  readonly mode: 'active' | 'passive';
  readonly memoryIndex: number;
  readonly offset: ConstExpr | undefined;
  /** A view into the module bytes. */
  readonly bytes: Uint8Array;
  readonly start: number;
}

/** A run of locals of one type, as declared in the binary. */
export interface LocalRun {
  readonly count: number;
  readonly type: ValType;
}

export interface FuncBody {
  /** Offset of the body's size field. */
  readonly start: number;
  /** Offset of the first instruction (after the local declarations). */
  readonly codeStart: number;
  /** Offset one past the body's final `end`. */
  readonly end: number;
  readonly locals: readonly LocalRun[];
  /** Declared locals, parameters not included. */
  readonly numLocals: number;
}

export interface CustomSection {
  readonly name: string;
  /** The payload after the name, a view into the module bytes. */
  readonly bytes: Uint8Array;
  readonly start: number;
}

/** What the `name` custom section says, when it parses. */
export interface NameSection {
  module?: string;
  functions: Map<number, string>;
  locals: Map<number, Map<number, string>>;
}

export interface WasmModule {
  readonly bytes: Uint8Array;
  readonly types: FuncType[];
  readonly imports: Import[];
  /** Type index of every function: imported ones first, then those defined here. */
  readonly funcTypeIndices: number[];
  readonly numImportedFuncs: number;
  /** All tables, memories and globals, imported ones first. */
  readonly tables: TableType[];
  readonly numImportedTables: number;
  readonly memories: MemoryType[];
  readonly numImportedMemories: number;
  readonly globalTypes: GlobalType[];
  readonly numImportedGlobals: number;
  /** Globals defined here (index i is global numImportedGlobals + i). */
  readonly globals: Global[];
  readonly exports: Export[];
  start: number | undefined;
  readonly elements: Element[];
  dataCount: number | undefined;
  /** Bodies of the functions defined here (index i is function numImportedFuncs + i). */
  readonly bodies: FuncBody[];
  readonly datas: Data[];
  /** Custom sections in order; moduleNames() (names.ts) reads the `name` section on demand. */
  readonly customs: CustomSection[];
  /** Byte offsets used for error reports on module-level checks. */
  readonly sectionOffsets: Map<number, number>;
}
