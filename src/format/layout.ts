// The fixed parts of a .pulley file: header fields, versions and the section list
// (docs/PULLEY-FORMAT.md shows the byte layout and the versioning rules).

/** "\0pulley\n": a NUL so it is never text, a newline to catch text-mode transfers. */
export const MAGIC = Uint8Array.of(0x00, 0x70, 0x75, 0x6c, 0x6c, 0x65, 0x79, 0x0a);

/** Bumped on any change to the byte layout; a loader reads exactly one version. */
export const FORMAT_VERSION = 1;

/** The Pulley ISA the bytecode is encoded in (Wasmtime 35's). */
export const PULLEY_VERSION = 35;

/**
 * The pulley-js release that wrote the file (keep equal to package.json's "version";
 * test/format checks it). The ABI the bytecode follows (vmctx layout, builtin ids, trap
 * codes) belongs to the release, so a loader only reads files of its own release.
 */
export const PULLEY_JS_VERSION: readonly [number, number, number] = [0, 1, 0];

/** Header: magic, format version u16, Pulley version u16, pulley-js version 3×u16, flags u16, payload length u32, CRC-32 u32. */
export const HEADER = {
  formatVersion: 8,
  pulleyVersion: 10,
  pulleyJsVersion: 12,
  flags: 18,
  payloadLength: 20,
  checksum: 24,
  size: 28,
} as const;

/** Section ids, in the order they must appear (each exactly once). */
export enum SectionId {
  Types = 1,
  Imports = 2,
  Functions = 3,
  Tables = 4,
  Memories = 5,
  Globals = 6,
  Exports = 7,
  Start = 8,
  Elements = 9,
  Data = 10,
  Customs = 11,
  Names = 12,
  VmctxShape = 13,
  Bytecode = 14,
  FunctionTable = 15,
  Trampolines = 16,
  TrapTable = 17,
  SourceMap = 18,
}

export const SECTION_NAMES: Readonly<Record<SectionId, string>> = {
  [SectionId.Types]: 'types',
  [SectionId.Imports]: 'imports',
  [SectionId.Functions]: 'functions',
  [SectionId.Tables]: 'tables',
  [SectionId.Memories]: 'memories',
  [SectionId.Globals]: 'globals',
  [SectionId.Exports]: 'exports',
  [SectionId.Start]: 'start',
  [SectionId.Elements]: 'elements',
  [SectionId.Data]: 'data',
  [SectionId.Customs]: 'custom sections',
  [SectionId.Names]: 'names',
  [SectionId.VmctxShape]: 'vmctx shape',
  [SectionId.Bytecode]: 'bytecode',
  [SectionId.FunctionTable]: 'function table',
  [SectionId.Trampolines]: 'trampolines',
  [SectionId.TrapTable]: 'trap table',
  [SectionId.SourceMap]: 'source map',
};

/** Header flag bits; any other bit set is an error. */
export const FLAG_FUEL = 1;
export const KNOWN_FLAGS = FLAG_FUEL;

export const SECTION_COUNT = SectionId.SourceMap;
