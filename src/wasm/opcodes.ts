// The wasm op table as data, parsed once from ./opcode-lines.ts. The operator reader,
// the validator and the compiler all read WasmOpInfo from here.

import { OPCODE_LINES } from './opcode-lines.js';
import { F32, F64, I32, I64, V128, type ValType } from './types.js';

/** Immediate kinds, named as in opcode-lines.ts (numeric, so the hot switches compare numbers). */
export enum Imm {
  none, block, label, br_table, func, call_indirect, local, global, table, mem, memlane, lane,
  zero, i32, i64, f32, f64, v128, shuffle, select_t, reftype, data_zero, data, zero_zero,
  elem_table, elem, table_table,
}

export const MISC_PREFIX = 0xfc;
export const SIMD_PREFIX = 0xfd;

export interface WasmOpInfo {
  readonly name: string;
  /** 0 for single-byte ops, else MISC_PREFIX or SIMD_PREFIX. */
  readonly prefix: number;
  /** The opcode byte, or the LEB128 sub-opcode after the prefix. */
  readonly code: number;
  readonly imm: Imm;
  /** mem/memlane: natural access width in bytes; lane: lane count. */
  readonly immArg: number;
  /** Stack signature, or undefined when the validator types the op itself (`*`). */
  readonly params: readonly ValType[] | undefined;
  readonly results: readonly ValType[] | undefined;
  /** Dense index over the whole table, for per-op arrays. */
  readonly id: number;
}

const SIG_LETTERS: Record<string, ValType> = { i: I32, I: I64, f: F32, F: F64, v: V128 };

function parseSig(sig: string, line: string): ValType[] {
  return [...sig].map((c) => {
    const t = SIG_LETTERS[c];
    if (t === undefined) throw new Error(`wasm op table: bad signature letter '${c}' in '${line}'`);
    return t;
  });
}

function parseLine(line: string, id: number): WasmOpInfo {
  const fields = line.split(' ');
  if (fields.length < 3 || fields.length > 4) throw new Error(`wasm op table: bad line '${line}'`);
  const [codeField, name] = fields;
  const sig = fields[fields.length - 1];
  const immField = fields.length === 4 ? fields[2] : 'none';
  const [immName, immArgText] = immField.split(':');
  const imm = Imm[immName as keyof typeof Imm];
  if (imm === undefined) throw new Error(`wasm op table: bad immediate in '${line}'`);
  const prefixed = codeField.includes(':');
  const [prefixText, subText] = prefixed ? codeField.split(':') : ['0', codeField];
  const colon = sig.indexOf(':');
  if (sig !== '*' && colon < 0) throw new Error(`wasm op table: bad signature in '${line}'`);
  return {
    name,
    prefix: prefixed ? ({ fc: MISC_PREFIX, fd: SIMD_PREFIX } as Record<string, number>)[prefixText] : 0,
    code: parseInt(subText, 16),
    imm,
    immArg: immArgText === undefined ? 0 : Number(immArgText),
    params: sig === '*' ? undefined : parseSig(sig.slice(0, colon), line),
    results: sig === '*' ? undefined : parseSig(sig.slice(colon + 1), line),
    id,
  };
}

export const WASM_OPS: readonly WasmOpInfo[] = OPCODE_LINES.map(parseLine);

function indexBy(prefix: number): (WasmOpInfo | undefined)[] {
  const table: (WasmOpInfo | undefined)[] = [];
  for (const op of WASM_OPS) {
    if (op.prefix !== prefix) continue;
    if (table[op.code] !== undefined) throw new Error(`wasm op table: opcode ${op.name} listed twice`);
    table[op.code] = op;
  }
  return table;
}

/** Single-byte ops by opcode. */
export const BASE_WASM_OPS = indexBy(0);
/** 0xfc-prefixed ops by sub-opcode. */
export const MISC_WASM_OPS = indexBy(MISC_PREFIX);
/** 0xfd-prefixed ops by sub-opcode. */
export const SIMD_WASM_OPS = indexBy(SIMD_PREFIX);

export const WASM_OPS_BY_NAME: ReadonlyMap<string, WasmOpInfo> = new Map(WASM_OPS.map((op) => [op.name, op]));

export function wasmOp(name: string): WasmOpInfo {
  const op = WASM_OPS_BY_NAME.get(name);
  if (op === undefined) throw new Error(`no wasm op named ${name}`);
  return op;
}
