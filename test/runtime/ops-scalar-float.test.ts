// Float scalar ops and int/float conversions: hand-computed edge cases (traps, NaN and
// +-0 rules, ties-to-even, double rounding, bit-preserving moves, 32-bit writes keeping
// the high word), then random values against Node's own WebAssembly as the oracle.

import { describe, expect, it } from 'vitest';
import { opByMnemonic } from '../../src/isa/ops.js';
import { TrapKind, TrapSignal } from '../../runtime/machine.js';
import {
  exec, f32bits, f64bits, FILL, FILL_HI, freg, low32, machineWith, u64, xreg,
} from './ops-scalar-harness.js';

const F32_NAN = 0x7fc00000n;
const F64_NAN = 0x7ff8000000000000n;
const isNaN32 = (bits: bigint) => (bits & 0x7f800000n) === 0x7f800000n && (bits & 0x7fffffn) !== 0n;
const isNaN64 = (bits: bigint) => (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && (bits & 0xfffffffffffffn) !== 0n;
/** An f32 in its register: the bits under the kept FILL high word. */
const f32reg = (bits: bigint) => (FILL_HI << 32n) | bits;

type Kind = 'x' | 'f';
/** Where each operand of a `dst src...` or BinaryOperands op lives. */
function kinds(op: string): Kind[] {
  const info = opByMnemonic(op);
  const first = info.operands[0]!.type;
  if (first === 'BinaryOperands<FReg>') return ['f', 'f', 'f'];
  return info.operands.map((o) => (o.type === 'XReg' ? 'x' : 'f'));
}

/** Runs op with dst register 3 and sources 1, 2 (bit patterns), returns dst's 64 bits or the trap. */
function run(op: string, ...srcs: bigint[]): bigint | TrapSignal {
  const k = kinds(op);
  const regs = { x: {} as Record<number, bigint>, f: {} as Record<number, bigint> };
  srcs.forEach((v, i) => { regs[k[i + 1]!][i + 1] = v; });
  const operands = opByMnemonic(op).operands[0]!.type.startsWith('BinaryOperands')
    ? [[3, 1, 2] as [number, number, number]] : [3, 1, 2].slice(0, srcs.length + 1);
  const r = exec(machineWith(regs), op, operands);
  if (r instanceof TrapSignal) return r;
  return k[0] === 'x' ? xreg(r, 3) : freg(r, 3);
}

const trap = (kind: TrapKind) => new TrapSignal(kind);

describe('float ops: hand-computed cases', () => {
  it('min/max follow IEEE 754-2019: NaN wins, -0 < +0', () => {
    expect(run('fmaximum32', f32bits(0), f32bits(-0))).toBe(f32reg(f32bits(0)));
    expect(run('fmaximum32', f32bits(-0), f32bits(0))).toBe(f32reg(f32bits(0)));
    expect(run('fminimum32', f32bits(0), f32bits(-0))).toBe(f32reg(f32bits(-0)));
    expect(run('fminimum64', f64bits(-0), f64bits(0))).toBe(f64bits(-0));
    expect(run('fmaximum64', f64bits(-0), f64bits(-0))).toBe(f64bits(-0));
    expect(isNaN64(run('fmaximum64', F64_NAN, f64bits(1)) as bigint)).toBe(true);
    expect(isNaN64(run('fminimum64', f64bits(-Infinity), F64_NAN) as bigint)).toBe(true);
    expect(run('fminimum64', f64bits(-Infinity), f64bits(3))).toBe(f64bits(-Infinity));
  });

  it('nearest rounds ties to even and keeps the sign of zero', () => {
    const cases: [number, number][] = [[2.5, 2], [-2.5, -2], [3.5, 4], [-3.5, -4], [0.5, 0], [-0.5, -0],
      [-0.2, -0], [0.49999999999999994, 0], [4503599627370497, 4503599627370497], [1.5, 2], [-1.5, -2]];
    for (const [a, expected] of cases) {
      expect(run('fnearest64', f64bits(a)), `nearest(${a})`).toBe(f64bits(expected));
      if (Math.fround(a) === a) expect(run('fnearest32', f32bits(a))).toBe(f32reg(f32bits(expected)));
    }
    expect(run('ftrunc64', f64bits(-0.7))).toBe(f64bits(-0));
    expect(run('fceil32', f32bits(-0.7))).toBe(f32reg(f32bits(-0)));
    expect(run('ffloor64', f64bits(-0.2))).toBe(f64bits(-1));
  });

  it('trapping float-to-int conversions', () => {
    const over = trap(TrapKind.IntegerOverflow), nan = trap(TrapKind.BadConversionToInteger);
    expect(run('x32_from_f32_s', f32bits(2147483648))).toEqual(over);
    expect(run('x32_from_f32_s', f32bits(-2147483648))).toBe(low32(-0x80000000));
    expect(run('x32_from_f32_s', f32bits(-2147483904))).toEqual(over);
    expect(run('x32_from_f32_s', F32_NAN)).toEqual(nan);
    expect(run('x32_from_f64_s', f64bits(-2147483648.9))).toBe(low32(-0x80000000));
    expect(run('x32_from_f64_s', f64bits(-2147483649))).toEqual(over);
    expect(run('x32_from_f64_s', f64bits(2147483647.9))).toBe(low32(0x7fffffff));
    expect(run('x32_from_f64_u', f64bits(-0.9))).toBe(low32(0));
    expect(run('x32_from_f64_u', f64bits(-1))).toEqual(over);
    expect(run('x32_from_f64_u', f64bits(4294967295.9))).toBe(low32(0xffffffff));
    expect(run('x32_from_f64_u', f64bits(4294967296))).toEqual(over);
    expect(run('x64_from_f64_s', f64bits(2 ** 63))).toEqual(over);
    expect(run('x64_from_f64_s', f64bits(-(2 ** 63)))).toBe(1n << 63n);
    expect(run('x64_from_f64_s', f64bits(-123.9))).toBe(u64(-123n));
    expect(run('x64_from_f64_u', f64bits(18446744073709549568))).toBe(18446744073709549568n);
    expect(run('x64_from_f64_u', f64bits(2 ** 64))).toEqual(over);
    expect(run('x64_from_f32_u', f32bits(-1))).toEqual(over);
    expect(run('x64_from_f32_s', f32bits(-(2 ** 63)))).toBe(1n << 63n);
    expect(run('x64_from_f32_s', F32_NAN | 0x80000000n)).toEqual(nan);
    expect(run('x64_from_f64_u', F64_NAN)).toEqual(nan);
  });

  it('saturating float-to-int conversions', () => {
    expect(run('x32_from_f32_s_sat', F32_NAN)).toBe(low32(0));
    expect(run('x32_from_f32_s_sat', f32bits(1e10))).toBe(low32(0x7fffffff));
    expect(run('x32_from_f64_s_sat', f64bits(-1e10))).toBe(low32(0x80000000));
    expect(run('x32_from_f64_u_sat', f64bits(-5))).toBe(low32(0));
    expect(run('x32_from_f64_u_sat', f64bits(1e10))).toBe(low32(0xffffffff));
    expect(run('x64_from_f64_u_sat', f64bits(-5))).toBe(0n);
    expect(run('x64_from_f64_u_sat', f64bits(1e20))).toBe(u64(-1n));
    expect(run('x64_from_f64_s_sat', f64bits(-1e19))).toBe(1n << 63n);
    expect(run('x64_from_f64_s_sat', f64bits(1e19))).toBe((1n << 63n) - 1n);
    expect(run('x64_from_f32_s_sat', f32bits(Infinity))).toBe((1n << 63n) - 1n);
    expect(run('x64_from_f32_u_sat', F32_NAN)).toBe(0n);
  });

  it('int-to-float conversions round once', () => {
    // 2^63 + 2^39 + 1 is just over half an f32 ulp above 2^63: it rounds up. Rounding to
    // f64 first would drop the 1 and make it a tie that goes down to even.
    expect(run('f32_from_x64_u', (1n << 63n) + (1n << 39n) + 1n)).toBe(f32reg(f32bits(2 ** 63 + 2 ** 40)));
    expect(run('f32_from_x64_s', u64(-((1n << 62n) + (1n << 38n) + 1n)))).toBe(f32reg(f32bits(-(2 ** 62 + 2 ** 39))));
    expect(run('f32_from_x64_s', 1n << 63n)).toBe(f32reg(f32bits(-(2 ** 63))));
    expect(run('f64_from_x64_u', u64(-1n))).toBe(f64bits(2 ** 64));
    expect(run('f64_from_x64_s', u64(-1n))).toBe(f64bits(-1));
    expect(run('f32_from_x32_u', 0xffffffffn)).toBe(f32reg(f32bits(4294967296)));
    expect(run('f32_from_x32_s', 0xffffffff_80000001n)).toBe(f32reg(f32bits(-2147483648)));
    expect(run('f64_from_x32_u', 0x12345678_ffffffffn)).toBe(f64bits(4294967295));
    expect(run('f32_from_f64', f64bits(1 + 2 ** -24))).toBe(f32reg(f32bits(1)));
    expect(run('f64_from_f32', 0xaaaa_3fc00000n)).toBe(f64bits(1.5));
  });

  it('moves, bitcasts, neg, abs and copysign keep NaN payloads bit for bit', () => {
    const sNaN64 = 0x7ff0000000000001n;
    expect(run('fmov', sNaN64)).toBe(sNaN64);
    expect(run('fneg64', sNaN64)).toBe(0xfff0000000000001n);
    expect(run('fabs64', 0xfff0000000000001n)).toBe(sNaN64);
    expect(run('fneg32', 0x7f800001n)).toBe(f32reg(0xff800001n));
    expect(run('fabs32', 0xff800001n)).toBe(f32reg(0x7f800001n));
    expect(run('fcopysign32', f32bits(1.5), f32bits(-0))).toBe(f32reg(f32bits(-1.5)));
    expect(run('fcopysign64', 0xfff0000000000001n, f64bits(2))).toBe(sNaN64);
    expect(run('bitcast_int_from_float_32', 0x7f800001n)).toBe(low32(0x7f800001));
    expect(run('bitcast_int_from_float_64', sNaN64)).toBe(sNaN64);
    expect(run('bitcast_float_from_int_32', 0x1234_7f800001n)).toBe(f32reg(0x7f800001n));
    expect(run('bitcast_float_from_int_64', sNaN64)).toBe(sNaN64);
  });

  it('NaN results carry the bits of the x86-64 reference host', () => {
    const sNaN64 = 0xfff00000deadbeefn, qNaN32a = 0x7fc00001n, qNaN32b = 0xffc00002n;
    // Rounding ops: the positive canonical NaN.
    expect(run('ftrunc64', sNaN64)).toBe(F64_NAN);
    expect(run('fnearest64', sNaN64)).toBe(F64_NAN);
    expect(run('fceil32', qNaN32b)).toBe(f32reg(F32_NAN));
    expect(run('ffloor32', 0x7f800001n)).toBe(f32reg(F32_NAN));
    // Arithmetic: the first NaN operand, quieted; else the negative default NaN.
    expect(run('fadd32', qNaN32a, qNaN32b)).toBe(f32reg(qNaN32a));
    expect(run('fmul32', f32bits(2), qNaN32b)).toBe(f32reg(qNaN32b));
    expect(run('fsub64', f64bits(1), sNaN64)).toBe(0xfff80000deadbeefn);
    expect(run('fadd32', f32bits(Infinity), f32bits(-Infinity))).toBe(f32reg(0xffc00000n));
    expect(run('fdiv64', f64bits(0), f64bits(0))).toBe(0xfff8000000000000n);
    expect(run('fsqrt64', f64bits(-1))).toBe(0xfff8000000000000n);
    expect(run('fsqrt32', 0x7f800001n)).toBe(f32reg(0x7fc00001n));
    expect(run('fmaximum32', f32bits(1), qNaN32b)).toBe(f32reg(qNaN32b));
    expect(run('fminimum64', sNaN64, F64_NAN)).toBe(0xfff80000deadbeefn);
    // Conversions quiet the NaN and keep its sign and the top of its payload.
    expect(run('f32_from_f64', 0xfff0_0001_2000_0000n)).toBe(f32reg(0xffc00009n));
    expect(run('f64_from_f32', 0x7f800003n)).toBe(0x7ff8_0000_6000_0000n);
  });

  it('constants, selects and compares', () => {
    const m = exec(machineWith({}), 'fconst32', [4, 0x7f800001]) as any;
    expect(freg(m, 4)).toBe(f32reg(0x7f800001n));
    expect(freg(exec(machineWith({}), 'fconst64', [4, 0x7ff0000000000001n]) as any, 4)).toBe(0x7ff0000000000001n);
    // Condition: the low 32 bits of an x register.
    const sel = (op: string, cond: bigint) =>
      freg(exec(machineWith({ x: { 1: cond }, f: { 5: 0x11111111_7f800001n, 6: 0x22222222_22222222n } }), op, [3, 1, 5, 6]) as any, 3);
    expect(sel('fselect32', 0x1_00000000n)).toBe(f32reg(0x22222222n));
    expect(sel('fselect32', 2n)).toBe(f32reg(0x7f800001n));
    expect(sel('fselect64', 2n)).toBe(0x11111111_7f800001n);
    expect(run('feq32', F32_NAN, F32_NAN)).toBe(low32(0));
    expect(run('fneq32', F32_NAN, F32_NAN)).toBe(low32(1));
    expect(run('feq64', f64bits(0), f64bits(-0))).toBe(low32(1));
    expect(run('flteq64', f64bits(-0), f64bits(0))).toBe(low32(1));
    expect(run('flt64', f64bits(-0), f64bits(0))).toBe(low32(0));
    expect(run('flt32', f32bits(-Infinity), f32bits(-3))).toBe(low32(1));
  });

  it('f32 arithmetic writes the low word only', () => {
    expect(run('fadd32', f32bits(1.5), f32bits(2.25))).toBe(f32reg(f32bits(3.75)));
    expect(run('fdiv32', f32bits(1), f32bits(3))).toBe(f32reg(f32bits(Math.fround(1 / 3))));
    expect(run('fsqrt32', f32bits(2))).toBe(f32reg(f32bits(Math.fround(Math.SQRT2))));
    expect(run('fsub64', f64bits(0.3), f64bits(0.1))).toBe(f64bits(0.3 - 0.1));
    expect(run('fmul64', f64bits(1e308), f64bits(10))).toBe(f64bits(Infinity));
    expect(FILL).not.toBe(0n);
  });
});

// ## Random values against Node's WebAssembly

type WasmType = 'i32' | 'i64' | 'f32' | 'f64';
const TYPE_CODE: Record<WasmType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

/** Pulley op, the wasm instruction bytes with the same meaning, param and result types. */
const ORACLE: [string, number[], WasmType[], WasmType][] = [
  ['f32_from_x32_s', [0xb2], ['i32'], 'f32'], ['f32_from_x32_u', [0xb3], ['i32'], 'f32'],
  ['f32_from_x64_s', [0xb4], ['i64'], 'f32'], ['f32_from_x64_u', [0xb5], ['i64'], 'f32'],
  ['f64_from_x32_s', [0xb7], ['i32'], 'f64'], ['f64_from_x32_u', [0xb8], ['i32'], 'f64'],
  ['f64_from_x64_s', [0xb9], ['i64'], 'f64'], ['f64_from_x64_u', [0xba], ['i64'], 'f64'],
  ['f32_from_f64', [0xb6], ['f64'], 'f32'], ['f64_from_f32', [0xbb], ['f32'], 'f64'],
  ['x32_from_f32_s', [0xa8], ['f32'], 'i32'], ['x32_from_f32_u', [0xa9], ['f32'], 'i32'],
  ['x32_from_f64_s', [0xaa], ['f64'], 'i32'], ['x32_from_f64_u', [0xab], ['f64'], 'i32'],
  ['x64_from_f32_s', [0xae], ['f32'], 'i64'], ['x64_from_f32_u', [0xaf], ['f32'], 'i64'],
  ['x64_from_f64_s', [0xb0], ['f64'], 'i64'], ['x64_from_f64_u', [0xb1], ['f64'], 'i64'],
  ['x32_from_f32_s_sat', [0xfc, 0], ['f32'], 'i32'], ['x32_from_f32_u_sat', [0xfc, 1], ['f32'], 'i32'],
  ['x32_from_f64_s_sat', [0xfc, 2], ['f64'], 'i32'], ['x32_from_f64_u_sat', [0xfc, 3], ['f64'], 'i32'],
  ['x64_from_f32_s_sat', [0xfc, 4], ['f32'], 'i64'], ['x64_from_f32_u_sat', [0xfc, 5], ['f32'], 'i64'],
  ['x64_from_f64_s_sat', [0xfc, 6], ['f64'], 'i64'], ['x64_from_f64_u_sat', [0xfc, 7], ['f64'], 'i64'],
  ['fceil32', [0x8d], ['f32'], 'f32'], ['ffloor32', [0x8e], ['f32'], 'f32'], ['ftrunc32', [0x8f], ['f32'], 'f32'],
  ['fnearest32', [0x90], ['f32'], 'f32'], ['fsqrt32', [0x91], ['f32'], 'f32'],
  ['fadd32', [0x92], ['f32', 'f32'], 'f32'], ['fsub32', [0x93], ['f32', 'f32'], 'f32'],
  ['fmul32', [0x94], ['f32', 'f32'], 'f32'], ['fdiv32', [0x95], ['f32', 'f32'], 'f32'],
  ['fminimum32', [0x96], ['f32', 'f32'], 'f32'], ['fmaximum32', [0x97], ['f32', 'f32'], 'f32'],
  ['fceil64', [0x9b], ['f64'], 'f64'], ['ffloor64', [0x9c], ['f64'], 'f64'], ['ftrunc64', [0x9d], ['f64'], 'f64'],
  ['fnearest64', [0x9e], ['f64'], 'f64'], ['fsqrt64', [0x9f], ['f64'], 'f64'],
  ['fadd64', [0xa0], ['f64', 'f64'], 'f64'], ['fsub64', [0xa1], ['f64', 'f64'], 'f64'],
  ['fmul64', [0xa2], ['f64', 'f64'], 'f64'], ['fdiv64', [0xa3], ['f64', 'f64'], 'f64'],
  ['fminimum64', [0xa4], ['f64', 'f64'], 'f64'], ['fmaximum64', [0xa5], ['f64', 'f64'], 'f64'],
  ['feq32', [0x5b], ['f32', 'f32'], 'i32'], ['fneq32', [0x5c], ['f32', 'f32'], 'i32'],
  ['flt32', [0x5d], ['f32', 'f32'], 'i32'], ['flteq32', [0x5f], ['f32', 'f32'], 'i32'],
  ['feq64', [0x61], ['f64', 'f64'], 'i32'], ['fneq64', [0x62], ['f64', 'f64'], 'i32'],
  ['flt64', [0x63], ['f64', 'f64'], 'i32'], ['flteq64', [0x65], ['f64', 'f64'], 'i32'],
];

/** A module exporting one function per ORACLE row, named after the Pulley op. */
function oracleModule(): Record<string, (...args: any[]) => any> {
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const types = ORACLE.map(([, , params, result]) =>
    [0x60, ...vec(params.map((t) => [TYPE_CODE[t]])), 1, TYPE_CODE[result]]);
  const bodies = ORACLE.map(([, code, params]) => {
    const body = [0, ...params.flatMap((_, i) => [0x20, i]), ...code, 0x0b];
    return [...uleb(body.length), ...body];
  });
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)),
    ...section(3, vec(ORACLE.map((_, i) => uleb(i)))),
    ...section(7, vec(ORACLE.map(([op], i) => [...name(op), 0, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as any;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}

/** Deterministic values of a wasm type as 64-bit register patterns: edges, then random ones. */
function samples(type: WasmType, count: number): bigint[] {
  let s = 0x2545f4914f6cdd1dn;
  const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn);
  const floats = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999997, 1, -1, -0.99, Infinity, -Infinity, NaN,
    2 ** 31, -(2 ** 31), 2 ** 31 - 128, -(2 ** 31) - 256, 2 ** 32, 2 ** 32 - 256, 2 ** 63, -(2 ** 63),
    2 ** 64, 2 ** 63 - 1024, 2 ** 64 - 2048, -(2 ** 63) - 2048, 2147483647.5, -2147483648.5, 4294967295.5,
    -2147483649, 8388608.5, 4503599627370495.5, 1e-45, 3.4e38, 1e300, 5e-324];
  const out: bigint[] = [];
  if (type === 'f32') {
    for (const v of floats) out.push(f32bits(v));
    for (let i = 0; i < count; i++) {
      const r = next();
      // Random bits, and random magnitudes near the integer range boundaries.
      out.push(i % 2 ? r & 0xffffffffn : f32bits((Number(r >> 40n) / 2 ** 24 - 0.5) * 2 ** Number(r % 70n)));
    }
  } else if (type === 'f64') {
    for (const v of floats) out.push(f64bits(v));
    for (let i = 0; i < count; i++) {
      const r = next();
      out.push(i % 2 ? r : f64bits((Number(r >> 11n) / 2 ** 53 - 0.5) * 2 ** Number(r % 70n)));
    }
  } else {
    const edges = [0n, 1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 1n << 53n, (1n << 53n) + 1n,
      (1n << 63n) + (1n << 39n) + 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, 0x20000000_00000801n];
    out.push(...edges);
    for (let i = 0; i < count; i++) out.push(next() >> BigInt(i % 50));
  }
  return out;
}

/** A register pattern as the JS value the wasm function takes. */
function toWasm(type: WasmType, bits: bigint): number | bigint {
  if (type === 'i32') return Number(BigInt.asIntN(32, bits));
  if (type === 'i64') return BigInt.asIntN(64, bits);
  if (type === 'f32') return new Float32Array(new Uint32Array([Number(bits & 0xffffffffn)]).buffer)[0]!;
  return new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
}

describe('float ops and conversions agree with Node WebAssembly on random values', () => {
  const wasm = oracleModule();
  for (const [op, , params, result] of ORACLE) {
    it(op, () => {
      const binary = params.length > 1;
      const a = samples(params[0]!, binary ? 100 : 400);
      const b = binary ? samples(params[1]!, 16) : [undefined];
      for (const x of a) {
        for (const y of b) {
          const args = y === undefined ? [x] : [x, y];
          const label = `${op}(${args.map((v) => '0x' + v.toString(16)).join(', ')})`;
          let expected: unknown;
          try {
            expected = wasm[op]!(...args.map((v, i) => toWasm(params[i]!, v)));
          } catch {
            expected = 'trap';
          }
          const actual = run(op, ...args);
          if (expected === 'trap') {
            expect(actual, label).toBeInstanceOf(TrapSignal);
            const input = toWasm(params[0]!, x) as number;
            const kind = input !== input ? TrapKind.BadConversionToInteger : TrapKind.IntegerOverflow;
            expect((actual as TrapSignal).kind, label).toBe(kind);
          } else if (result === 'i32') {
            expect(actual, label).toBe(low32(expected as number));
          } else if (result === 'i64') {
            expect(actual, label).toBe(u64(expected as bigint));
          } else if (result === 'f32') {
            const bits = (actual as bigint) & 0xffffffffn;
            expect((actual as bigint) >> 32n, label).toBe(FILL_HI);
            if (!(isNaN32(bits) && Number.isNaN(expected))) expect(bits, label).toBe(f32bits(expected as number));
          } else {
            const bits = actual as bigint;
            if (!(isNaN64(bits) && Number.isNaN(expected))) expect(bits, label).toBe(f64bits(expected as number));
          }
        }
      }
    });
  }
});
