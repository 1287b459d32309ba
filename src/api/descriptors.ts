// Reading the JS API's descriptor objects: value type names, limits ([EnforceRange]
// unsigned long, as WebIDL converts them).

import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, valTypeName } from '../wasm/types.js';
import type { ExternKind } from '../wasm/types.js';

const VALUE_TYPES: Record<string, number> = {
  i32: I32, i64: I64, f32: F32, f64: F64, v128: V128, externref: EXTERNREF, anyfunc: FUNCREF, funcref: FUNCREF,
};

export function valueTypeOf(name: unknown, what: string): number {
  const t = VALUE_TYPES[String(name)];
  if (t === undefined) throw new TypeError(`${what}: unknown value type ${JSON.stringify(String(name))}`);
  return t;
}

export function refTypeOf(name: unknown, what: string): number {
  const t = valueTypeOf(name, what);
  if (t !== FUNCREF && t !== EXTERNREF) throw new TypeError(`${what}: element must be "anyfunc" or "externref"`);
  return t;
}

/** The JS API's name of a value type ("funcref" is spelled "anyfunc" in table descriptors). */
export function valueTypeName(t: number): string {
  return valTypeName(t);
}

/** WebIDL [EnforceRange] unsigned long. */
export function enforceU32(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const i = Math.trunc(n);
  if (i < 0 || i > 0xffffffff) throw new TypeError(`${what} is out of range`);
  return i;
}

/** initial/maximum of a Memory or Table descriptor; `limit` is the largest allowed. */
export function readLimits(desc: unknown, limit: number, what: string): { initial: number; maximum: number | undefined } {
  if (desc === null || typeof desc !== 'object') throw new TypeError(`${what}: the descriptor must be an object`);
  const d = desc as Record<string, unknown>;
  if (d['initial'] === undefined) throw new TypeError(`${what}: initial is required`);
  const initial = enforceU32(d['initial'], `${what}: initial`);
  const maximum = d['maximum'] === undefined ? undefined : enforceU32(d['maximum'], `${what}: maximum`);
  if (initial > limit) throw new RangeError(`${what}: initial ${initial} is above the limit ${limit}`);
  if (maximum !== undefined && maximum > limit) throw new RangeError(`${what}: maximum ${maximum} is above the limit ${limit}`);
  if (maximum !== undefined && maximum < initial) throw new RangeError(`${what}: maximum ${maximum} is below initial ${initial}`);
  return { initial, maximum };
}

/** The JS API's kind names. */
export const KIND_NAMES: Record<ExternKind, 'function' | 'table' | 'memory' | 'global'> = {
  func: 'function', table: 'table', memory: 'memory', global: 'global',
};
