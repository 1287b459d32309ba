// Values crossing the JS boundary (the JS API's ToWebAssemblyValue / ToJSValue), stored
// in the 16-byte slots of the array-call convention, in globals and in table entries.

import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, valTypeName } from '../src/wasm/types.js';
import { type Address, type Store, readAddress, writeAddress } from './instance-store.js';
import { functionOf, jsFunctionFor } from './instance-call.js';

/** ToBigInt: BigInt, boolean and numeric strings convert; Numbers are a TypeError. */
function toBigInt64(v: unknown): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'boolean' || typeof v === 'string') return BigInt.asIntN(64, BigInt(v));
  throw new TypeError(`cannot convert ${typeof v} to an i64 BigInt`);
}

/** The raw form of a reference: a VMFuncRef address or an externref id; 0 is null. */
export function refToRaw(store: Store, type: number, v: unknown): number {
  if (type === EXTERNREF) return store.externId(v);
  if (v === null) return 0;
  const f = typeof v === 'function' ? functionOf(v) : undefined;
  if (f === undefined) throw new TypeError('a funcref must be null or an exported WebAssembly function');
  return f.addr;
}

export function rawToRef(store: Store, type: number, raw: number): unknown {
  if (type === EXTERNREF) return store.externValue(raw);
  return raw === 0 ? null : jsFunctionFor(store, raw as Address);
}

/** Writes JS value `v` as a wasm value of `type` at `view[at]` (8 bytes, 16 for v128). */
export function writeValue(store: Store, type: number, v: unknown, view: DataView, at: number): void {
  switch (type) {
    case I32: view.setInt32(at, Number(toNumber(v)) | 0, true); return;
    case I64: view.setBigInt64(at, toBigInt64(v), true); return;
    case F32: view.setFloat32(at, toNumber(v), true); return;
    case F64: view.setFloat64(at, toNumber(v), true); return;
    case FUNCREF: case EXTERNREF: writeAddress(view, at, refToRaw(store, type, v)); return;
  }
  throw new TypeError(`a ${valTypeName(type)} value cannot cross the JS boundary`);
}

/** ToNumber, which (unlike Number()) throws a TypeError for a BigInt. */
function toNumber(v: unknown): number {
  if (typeof v === 'bigint') throw new TypeError('cannot convert a BigInt to a Number');
  return +(v as number);
}

export function readValue(store: Store, type: number, view: DataView, at: number): unknown {
  switch (type) {
    case I32: return view.getInt32(at, true);
    case I64: return view.getBigInt64(at, true);
    case F32: return view.getFloat32(at, true);
    case F64: return view.getFloat64(at, true);
    case FUNCREF: case EXTERNREF: return rawToRef(store, type, readAddress(view, at));
  }
  throw new TypeError(`a ${valTypeName(type)} value cannot cross the JS boundary`);
}

/** The value a global or table entry of `type` has when JS gives none. */
export function defaultValue(type: number): unknown {
  switch (type) {
    case I64: return 0n;
    case EXTERNREF: return undefined;
    case FUNCREF: return null;
    case V128: throw new TypeError('v128 has no JS value');
    default: return 0;
  }
}

