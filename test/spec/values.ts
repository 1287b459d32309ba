// Spec-test values (wast2json form: bit patterns as unsigned decimal strings, README of
// ../shared/wasm-testsuite) to and from the JS API, and bit-exact comparison of results.

export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'externref' | 'funcref';

export interface SpecValue {
  type: ValueType;
  /** Bits as unsigned decimal, "nan:canonical"/"nan:arithmetic", "null", or v128 lanes. */
  value?: string | string[];
  lane_type?: 'i8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64';
}

const scratch = new DataView(new ArrayBuffer(16));

/** One host object per externref number, per script: `ref.extern n` must be the same object. */
export class ExternRefs {
  private readonly cache = new Map<string, object>();
  get(n: string): object {
    let ref = this.cache.get(n);
    if (ref === undefined) this.cache.set(n, (ref = { externref: Number(n) }));
    return ref;
  }
}

export const isRefType = (t: ValueType): boolean => t === 'externref' || t === 'funcref';

/** Float bit patterns that JS numbers cannot carry (a signalling NaN gets quieted). */
export function isSignallingNan(v: SpecValue): boolean {
  if (typeof v.value !== 'string' || !/^\d+$/.test(v.value)) return false;
  if (v.type === 'f32') {
    const bits = Number(v.value);
    return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0 && (bits & 0x400000) === 0;
  }
  if (v.type === 'f64') {
    const bits = BigInt(v.value);
    const exp = 0x7ff0000000000000n;
    return (bits & exp) === exp && (bits & 0xfffffffffffffn) !== 0n && (bits & 0x8000000000000n) === 0n;
  }
  return false;
}

/** The JS value the JS API expects for an argument. */
export function toJs(v: SpecValue, refs: ExternRefs): unknown {
  const s = v.value as string;
  switch (v.type) {
    case 'i32': return Number(s) | 0;
    case 'i64': return BigInt.asIntN(64, BigInt(s));
    case 'f32': scratch.setUint32(0, Number(s), true); return scratch.getFloat32(0, true);
    case 'f64': scratch.setBigUint64(0, BigInt(s), true); return scratch.getFloat64(0, true);
    case 'externref': return s === 'null' ? null : refs.get(s);
    case 'funcref': if (s === 'null') return null; break;
    case 'v128': break;
  }
  throw new Error(`a ${v.type} value ${JSON.stringify(v.value)} cannot be passed from JS`);
}

/** A result in comparable form: the bits of a number type, or the JS value of a reference. */
export type Bits = { bits: bigint } | { bytes: Uint8Array } | { ref: unknown };

/** The bits of a JS result of type `t` (numbers) or the value itself (references). */
export function bitsOfJs(t: ValueType, r: unknown): Bits {
  switch (t) {
    case 'i32':
      if (typeof r !== 'number') throw new Error(`i32 result is ${typeof r}`);
      return { bits: BigInt(r >>> 0) };
    case 'i64':
      if (typeof r !== 'bigint') throw new Error(`i64 result is ${typeof r}`);
      return { bits: BigInt.asUintN(64, r) };
    case 'f32':
      if (typeof r !== 'number') throw new Error(`f32 result is ${typeof r}`);
      scratch.setFloat32(0, r, true);
      return { bits: BigInt(scratch.getUint32(0, true)) };
    case 'f64':
      if (typeof r !== 'number') throw new Error(`f64 result is ${typeof r}`);
      scratch.setFloat64(0, r, true);
      return { bits: scratch.getBigUint64(0, true) };
    case 'externref': case 'funcref':
      return { ref: r };
    case 'v128':
      throw new Error('a v128 result cannot reach JS');
  }
}

/** The bits of a result of type `t` stored little-endian at `bytes[0..]`. */
export function bitsOfMemory(t: ValueType, bytes: Uint8Array): Bits {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  switch (t) {
    case 'i32': case 'f32': return { bits: BigInt(view.getUint32(0, true)) };
    case 'i64': case 'f64': return { bits: view.getBigUint64(0, true) };
    case 'v128': return { bytes: bytes.slice(0, 16) };
    default: throw new Error(`a ${t} result cannot be stored to memory`);
  }
}

const LANE_BITS = { i8: 8, i16: 16, i32: 32, i64: 64, f32: 32, f64: 64 } as const;

/** v128 lanes (unsigned decimals, lane 0 first) as 16 little-endian bytes. */
export function v128Bytes(v: SpecValue): Uint8Array {
  const width = LANE_BITS[v.lane_type!] / 8;
  const out = new Uint8Array(16);
  (v.value as string[]).forEach((lane, i) => {
    let bits = BigInt(lane);
    for (let b = 0; b < width; b++, bits >>= 8n) out[i * width + b] = Number(bits & 0xffn);
  });
  return out;
}

/** Whether float bits of `width` (32/64) match a NaN pattern or exact bits. */
function floatMatches(width: 32 | 64, expected: string, bits: bigint): boolean {
  const sign = 1n << BigInt(width - 1);
  const quiet = width === 32 ? 0x7fc00000n : 0x7ff8000000000000n;
  if (expected === 'nan:canonical') return (bits & ~sign) === quiet;
  if (expected === 'nan:arithmetic') return (bits & quiet) === quiet;
  return bits === BigInt(expected);
}

function laneMatches(lane: keyof typeof LANE_BITS, expected: string, bits: bigint): boolean {
  if (lane === 'f32' || lane === 'f64') return floatMatches(LANE_BITS[lane] as 32 | 64, expected, bits);
  return bits === BigInt(expected);
}

/** Whether a result matches the expected spec value; `refs` resolves externref numbers. */
export function matches(expected: SpecValue, actual: Bits, refs: ExternRefs): boolean {
  const e = expected.value;
  if ('ref' in actual) {
    if (e === undefined) return actual.ref !== null; // any non-null reference
    if (e === 'null') return actual.ref === null;
    return expected.type === 'externref' && actual.ref === refs.get(e as string);
  }
  if ('bytes' in actual) {
    const lane = expected.lane_type!;
    const width = LANE_BITS[lane] / 8;
    return (e as string[]).every((want, i) => {
      let bits = 0n;
      for (let b = width - 1; b >= 0; b--) bits = (bits << 8n) | BigInt(actual.bytes[i * width + b]);
      return laneMatches(lane, want, bits);
    });
  }
  if (expected.type === 'f32') return floatMatches(32, e as string, actual.bits);
  if (expected.type === 'f64') return floatMatches(64, e as string, actual.bits);
  return actual.bits === BigInt(e as string);
}

/** A short text of a value for failure messages. */
export function showValue(v: SpecValue): string {
  const value = Array.isArray(v.value) ? `${v.lane_type}x[${v.value.join(' ')}]` : (v.value ?? '_');
  return `${v.type}:${value}`;
}

export function showBits(t: ValueType, b: Bits): string {
  if ('ref' in b) return `${t}:${b.ref === null ? 'null' : typeof b.ref === 'object' ? JSON.stringify(b.ref) : String(b.ref)}`;
  if ('bytes' in b) return `v128:[${Array.from(b.bytes, (x) => x.toString(16).padStart(2, '0')).join('')}]`;
  return `${t}:${b.bits}`;
}
