// Source maps (v3) for generated JS: every line that starts a bytecode instruction maps
// back to that instruction's pc in the module's bytecode and, through the module's
// pc → wasm offset table, to the wasm instruction it came from, so that stack traces,
// profiles and debuggers lead from generated code to the wasm function.
//
// There are two sources. Source 0 is the wasm module, source 1 its Pulley bytecode; in
// both, positions are byte offsets written as columns of line 1 (the usual way to address
// a binary). An instruction's lines get a segment at column 0 for its pc, and, when the
// instruction came from a wasm instruction, a second one at column INDENT (before its code
// starts) for the wasm offset, named after the wasm function. A position inside the code
// therefore resolves to wasm, the line's start to bytecode.

import type { PcTable } from '../src/compiler/module.js';
import type { GeneratedUnit } from './unit.js';

/** The JSON of a source map, revision 3. */
export interface SourceMapV3 {
  version: 3;
  file?: string;
  sources: string[];
  names: string[];
  mappings: string;
}

export const WASM_SOURCE = 0;
export const BYTECODE_SOURCE = 1;

/**
 * Column from which an instruction's lines map to wasm: inside the indentation of all
 * instruction code (astring indents it by at least 6: the function body, the exit block,
 * the try block), so that every position in the code itself resolves to wasm.
 */
export const INDENT = 4;

export interface UnitMapOptions {
  /** The 1-based line of the generated script that holds the factory body's first line. */
  bodyLine: number;
  /** The generated script's name (the map's `file`). */
  file?: string;
  /** Name of source 0, the wasm module. */
  wasmSource: string;
  /** Name of source 1, the bytecode. */
  bytecodeSource: string;
  /** pc → wasm byte offset (CompiledModule.sourceMap); without it only bytecode is mapped. */
  wasmOffsets?: PcTable;
  /** The wasm function name of each entry pc (for the map's `names`). */
  namesByEntry?: ReadonlyMap<number, string>;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One number in the map's base64 VLQ: sign in the lowest bit, 5 bits per digit, low digits first. */
export function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

/** One mapped position: generated line (0-based) and column to a source position. */
interface Mapping {
  line: number;
  column: number;
  source: number;
  sourceColumn: number;
  name?: number;
}

/** The `mappings` string; `mappings` sorted by line then column. */
function encodeMappings(mappings: readonly Mapping[]): string {
  const lines: string[] = [];
  let source = 0, sourceLine = 0, sourceColumn = 0, name = 0;
  let line = 0;
  let segments: string[] = [];
  let column = 0;
  for (const m of mappings) {
    while (line < m.line) {
      lines.push(segments.join(','));
      segments = [];
      column = 0;
      line++;
    }
    // Every field but the generated column is relative to the previous segment of the whole map.
    let segment = vlq(m.column - column) + vlq(m.source - source) + vlq(0 - sourceLine) + vlq(m.sourceColumn - sourceColumn);
    column = m.column; source = m.source; sourceLine = 0; sourceColumn = m.sourceColumn;
    if (m.name !== undefined) {
      segment += vlq(m.name - name);
      name = m.name;
    }
    segments.push(segment);
  }
  lines.push(segments.join(','));
  return lines.join(';');
}

/** The wasm offset recorded for `pc`, if its table entry lies inside the function at `entry`. */
function wasmOffsetAt(table: PcTable, entry: number, pc: number): number | undefined {
  let lo = 0, hi = table.pcs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table.pcs[mid]! <= pc) lo = mid + 1;
    else hi = mid;
  }
  // lo - 1 is the last entry at or before pc; one before the function's entry belongs to another.
  return lo > 0 && table.pcs[lo - 1]! >= entry ? table.values[lo - 1] : undefined;
}

/** The 0-based line of the factory body at which each generated function starts. */
function functionStartLines(unit: GeneratedUnit): Map<string, number> {
  const starts = new Map<string, number>();
  unit.factoryBody.split('\n').forEach((text, line) => {
    const ident = /^function ([\w$]+)\(m[\w$, ]*\) \{$/.exec(text)?.[1];
    if (ident !== undefined) starts.set(ident, line);
  });
  return starts;
}

/** The source map of a unit's factory body placed at `options.bodyLine` of a script. */
export function unitSourceMap(unit: GeneratedUnit, options: UnitMapOptions): SourceMapV3 {
  const starts = functionStartLines(unit);
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const mappings: Mapping[] = [];
  for (const f of unit.functions) {
    const start = starts.get(f.ident);
    if (start === undefined) throw new Error(`source map: function ${f.ident} is not in the unit's factory body`);
    const wasmName = options.namesByEntry?.get(f.entry);
    let name: number | undefined;
    if (wasmName !== undefined) {
      name = nameIndex.get(wasmName);
      if (name === undefined) nameIndex.set(wasmName, name = names.push(wasmName) - 1);
    }
    f.lines.forEach(({ pc, line }, i) => {
      const wasm = options.wasmOffsets && wasmOffsetAt(options.wasmOffsets, f.entry, pc);
      // An instruction owns the lines up to the next one's (its code may span several).
      const last = i + 1 < f.lines.length ? f.lines[i + 1]!.line - 1 : line;
      for (let l = line; l <= last; l++) {
        const generatedLine = options.bodyLine - 1 + start + l - 1;
        mappings.push({ line: generatedLine, column: 0, source: BYTECODE_SOURCE, sourceColumn: pc });
        if (wasm !== undefined) mappings.push({ line: generatedLine, column: INDENT, source: WASM_SOURCE, sourceColumn: wasm, name });
      }
    });
  }
  mappings.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    version: 3,
    ...(options.file === undefined ? {} : { file: options.file }),
    sources: [options.wasmSource, options.bytecodeSource],
    names,
    mappings: encodeMappings(mappings),
  };
}

/** Base64 of the UTF-8 bytes of `text` (no Buffer or btoa: this runs in any JS host). */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const digits = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let d = 0; d < 4; d++) out += d < digits ? BASE64[(chunk >>> (18 - 6 * d)) & 63] : '=';
  }
  return out;
}

/** `//# sourceMappingURL=` with the map inline, as a data: URL. */
export function inlineSourceMapComment(map: SourceMapV3): string {
  return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64Utf8(JSON.stringify(map))}`;
}

/** Where `new Function('rt', body)` puts the body's first line: after `function anonymous(rt` and `) {`. */
export const NEW_FUNCTION_BODY_LINE = 3;

export interface JitDebugOptions {
  /** Names the generated script in stack traces: pulley://<name>/unit.js. */
  name: string;
  wasmOffsets?: PcTable;
  namesByEntry?: ReadonlyMap<number, string>;
}

const unitUrl = (name: string): string => `pulley://${name}/unit.js`;

/** Just the sourceURL comment: stack traces and profiles name pulley://<name>/unit.js (costs nothing). */
export function sourceUrlComment(name: string): string {
  return `\n//# sourceURL=${unitUrl(name)}\n`;
}

/**
 * The comments to append to a factory body run through `new Function`: its sourceURL and
 * inline map (the map costs about a fifth of the translation's time, hence opt-in).
 */
export function jitDebugComments(unit: GeneratedUnit, options: JitDebugOptions): string {
  const url = unitUrl(options.name);
  const map = unitSourceMap(unit, {
    bodyLine: NEW_FUNCTION_BODY_LINE, file: url,
    wasmSource: `pulley://${options.name}/module.wasm`, bytecodeSource: `pulley://${options.name}/module.pulley`,
    wasmOffsets: options.wasmOffsets, namesByEntry: options.namesByEntry,
  });
  return `\n//# sourceURL=${url}\n${inlineSourceMapComment(map)}\n`;
}
