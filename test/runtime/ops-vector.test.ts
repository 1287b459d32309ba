// Hand-computed cases for the vector ops where lanes are easy to get wrong: saturation
// edges, narrowing, shuffles, bitmasks, float NaN / ±0 rules, float -> int saturation,
// exact fused multiply-add, address checks. Each row runs one assembled instruction.

import { describe, expect, it } from 'vitest';
import { Machine, TrapKind, type TrapSignal } from '../../runtime/machine.js';
import { fmaF32, fmaF64, fmaF64Exact } from '../../runtime/ops/vector-float-math.js';
import { exec, getV, type Lane, setV } from './ops-vector-harness.js';

interface Row {
  text: string;
  /** x registers to set first (shift amounts), as [reg, value]. */
  x?: [number, number][];
  inputs: [number, Lane, (number | bigint)[]][];
  out: [number, Lane, (number | bigint)[]];
}

const ROWS: Row[] = [
  // saturation edges
  { text: 'vaddi8x16_sat v0, v1, v2', inputs: [[1, 'i8', [127, -128, 100, -100]], [2, 'i8', [1, -1, 27, -28]]], out: [0, 'i8', [127, -128, 127, -128, 0]] },
  { text: 'vaddu8x16_sat v0, v1, v2', inputs: [[1, 'u8', [250, 1]], [2, 'u8', [10, 2]]], out: [0, 'u8', [255, 3, 0]] },
  { text: 'vsubu8x16_sat v0, v1, v2', inputs: [[1, 'u8', [5, 10]], [2, 'u8', [10, 5]]], out: [0, 'u8', [0, 5]] },
  { text: 'vsubi16x8_sat v0, v1, v2', inputs: [[1, 'i16', [-32768, 32767, 0]], [2, 'i16', [1, -1, -32768]]], out: [0, 'i16', [-32768, 32767, 32767]] },
  { text: 'vsubu16x8_sat v0, v1, v2', inputs: [[1, 'u16', [1, 65535]], [2, 'u16', [2, 1]]], out: [0, 'u16', [0, 65534]] },
  // wrapping
  { text: 'vaddi32x4 v0, v1, v2', inputs: [[1, 'i32', [0x7fffffff]], [2, 'i32', [1]]], out: [0, 'i32', [-0x80000000, 0, 0, 0]] },
  { text: 'vaddi64x2 v0, v1, v2', inputs: [[1, 'u64', [0xffffffffn, 2n ** 64n - 1n]], [2, 'u64', [1n, 1n]]], out: [0, 'u64', [0x100000000n, 0n]] },
  { text: 'vsubi64x2 v0, v1, v2', inputs: [[1, 'u64', [0x100000000n, 0n]], [2, 'u64', [1n, 1n]]], out: [0, 'u64', [0xffffffffn, 2n ** 64n - 1n]] },
  { text: 'vmuli64x2 v0, v1, v2', inputs: [[1, 'u64', [2n ** 32n + 3n, 2n ** 63n]], [2, 'u64', [2n ** 32n + 5n, 3n]]], out: [0, 'u64', [8n * 2n ** 32n + 15n, 2n ** 63n]] },
  { text: 'vmuli16x8 v0, v1, v2', inputs: [[1, 'i16', [300, -2]], [2, 'i16', [300, 16384]]], out: [0, 'i16', [(90000 << 16) >> 16, -32768]] },
  { text: 'vneg64x2 v0, v1', inputs: [[1, 'i64', [1n, -(2n ** 63n)]]], out: [0, 'i64', [-1n, -(2n ** 63n)]] },
  { text: 'vabs8x16 v0, v1', inputs: [[1, 'i8', [-128, -5, 5]]], out: [0, 'i8', [-128, 5, 5]] },
  { text: 'vabs64x2 v0, v1', inputs: [[1, 'i64', [-(2n ** 40n), 7n]]], out: [0, 'i64', [2n ** 40n, 7n]] },
  // Q15 and averages
  { text: 'vqmulrsi16x8 v0, v1, v2', inputs: [[1, 'i16', [-32768, 16384, -16384, 1]], [2, 'i16', [-32768, 16384, 3, 16384]]], out: [0, 'i16', [32767, 8192, -1, 1, 0]] },
  { text: 'vavground8x16 v0, v1, v2', inputs: [[1, 'u8', [255, 1, 0]], [2, 'u8', [255, 2, 1]]], out: [0, 'u8', [255, 2, 1, 0]] },
  { text: 'vavground16x8 v0, v1, v2', inputs: [[1, 'u16', [65535, 4]], [2, 'u16', [65534, 5]]], out: [0, 'u16', [65535, 5, 0]] },
  { text: 'vaddpairwisei16x8_s v0, v1, v2', inputs: [[1, 'i16', [1, 2, 3, 4, 32767, 1, 0, 0]], [2, 'i16', [10, 20, 0, 0, 0, 0, -1, -2]]], out: [0, 'i16', [3, 7, -32768, 0, 30, 0, 0, -3]] },
  // shifts: the amount is masked to the lane width
  { text: 'vshli8x16 v0, v1, x2', x: [[2, 9]], inputs: [[1, 'u8', [0x81, 1]]], out: [0, 'u8', [0x02, 2, 0]] },
  { text: 'vshri64x2_s v0, v1, x3', x: [[3, 65]], inputs: [[1, 'i64', [-(2n ** 40n), 2n ** 40n]]], out: [0, 'i64', [-(2n ** 39n), 2n ** 39n]] },
  { text: 'vshli64x2 v0, v1, x4', x: [[4, 32]], inputs: [[1, 'u64', [0xffffffffn, 1n]]], out: [0, 'u64', [0xffffffff00000000n, 2n ** 32n]] },
  { text: 'vshri16x8_u v0, v1, x2', x: [[2, 17]], inputs: [[1, 'u16', [0x8000]]], out: [0, 'u16', [0x4000, 0]] },
  // narrowing (src1 lanes, then src2 lanes), widening
  { text: 'vnarrow16x8_s v0, v1, v2', inputs: [[1, 'i16', [300, -300, 5, -5, 127, -128, 128, -129]], [2, 'i16', [1]]], out: [0, 'i8', [127, -128, 5, -5, 127, -128, 127, -128, 1, 0]] },
  { text: 'vnarrow16x8_u v0, v1, v2', inputs: [[1, 'i16', [-5, 300, 200]], [2, 'i16', [256, 255]]], out: [0, 'u8', [0, 255, 200, 0, 0, 0, 0, 0, 255, 255]] },
  { text: 'vnarrow32x4_u v1, v1, v2', inputs: [[1, 'i32', [70000, -1, 65535, 3]], [2, 'i32', [-70000]]], out: [1, 'u16', [65535, 0, 65535, 3, 0, 0, 0, 0]] },
  { text: 'vnarrow64x2_s v0, v1, v2', inputs: [[1, 'i64', [2n ** 31n, -(2n ** 31n) - 1n]], [2, 'i64', [-5n, 2n ** 40n]]], out: [0, 'i32', [0x7fffffff, -0x80000000, -5, 0x7fffffff]] },
  { text: 'vnarrow64x2_u v0, v1, v2', inputs: [[1, 'i64', [-1n, 2n ** 32n]], [2, 'i64', [0xffffffffn, 0n]]], out: [0, 'u32', [0, 0xffffffff, 0xffffffff, 0]] },
  { text: 'vunarrow64x2_u v0, v1, v2', inputs: [[1, 'u64', [2n ** 64n - 1n, 2n ** 32n]], [2, 'u64', [7n, 0xffffffffn]]], out: [0, 'u32', [0xffffffff, 0xffffffff, 7, 0xffffffff]] },
  { text: 'vwidenhigh8x16_s v1, v1', inputs: [[1, 'i8', [0, 0, 0, 0, 0, 0, 0, 0, -1, 2, -128, 127]]], out: [1, 'i16', [-1, 2, -128, 127, 0, 0, 0, 0]] },
  { text: 'vwidenlow32x4_u v0, v1', inputs: [[1, 'i32', [-1, -2, 3, 4]]], out: [0, 'u64', [0xffffffffn, 0xfffffffen]] },
  { text: 'vwidenhigh32x4_s v0, v1', inputs: [[1, 'i32', [1, 2, -3, 4]]], out: [0, 'i64', [-3n, 4n]] },
  // comparisons give all-ones masks
  { text: 'vslt64x2 v0, v1, v2', inputs: [[1, 'i64', [-1n, 5n]], [2, 'i64', [0n, 5n]]], out: [0, 'i64', [-1n, 0n]] },
  { text: 'vulteq64x2 v0, v1, v2', inputs: [[1, 'u64', [2n ** 63n, 5n]], [2, 'u64', [1n, 5n]]], out: [0, 'i64', [0n, -1n]] },
  { text: 'vult8x16 v0, v1, v2', inputs: [[1, 'u8', [1, 200]], [2, 'u8', [200, 1]]], out: [0, 'i8', [-1, 0, 0]] },
  { text: 'vslteq16x8 v0, v1, v2', inputs: [[1, 'i16', [-1, 1]], [2, 'i16', [-1, -1]]], out: [0, 'i16', [-1, 0, -1, -1, -1, -1, -1, -1]] },
  { text: 'veqf64x2 v0, v1, v2', inputs: [[1, 'f64', [NaN, -0]], [2, 'f64', [NaN, 0]]], out: [0, 'i64', [0n, -1n]] },
  { text: 'vneqf32x4 v0, v1, v2', inputs: [[1, 'f32', [NaN, 1, 0, 2]], [2, 'f32', [NaN, 1, -0, 3]]], out: [0, 'i32', [-1, 0, 0, -1]] },
  { text: 'vlteqf32x4 v0, v1, v2', inputs: [[1, 'f32', [NaN, 1, 2, -Infinity]], [2, 'f32', [1, 1, 1, 0]]], out: [0, 'i32', [0, -1, 0, -1]] },
  // shuffle: byte i of the mask selects lane i (16..31 = src2); swizzle: out of range -> 0
  {
    text: 'vshuffle v0, v1, v2, 0x1f000f0110',
    inputs: [[1, 'u8', [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]], [2, 'u8', [30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45]]],
    out: [0, 'u8', [30, 11, 25, 10, 45, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]],
  },
  { text: 'vswizzlei8x16 v0, v1, v2', inputs: [[1, 'u8', [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]], [2, 'u8', [3, 16, 0x80, 15, 255]]], out: [0, 'u8', [13, 0, 0, 25, 0, ...new Array<number>(11).fill(10)]] },
  // popcount, bitselect
  { text: 'vpopcnt8x16 v0, v1', inputs: [[1, 'u8', [0xff, 0x80, 0x55, 0]]], out: [0, 'u8', [8, 1, 4, 0]] },
  { text: 'vbitselect128 v0, v1, v2, v3', inputs: [[1, 'u32', [0xff00ff00]], [2, 'u32', [0x12345678]], [3, 'u32', [0xabcdef01]]], out: [0, 'u32', [0x12cd5601, 0, 0, 0]] },
  // wasm minimum / maximum: NaN wins, -0 < +0
  { text: 'vminimumf32x4 v0, v1, v2', inputs: [[1, 'f32', [-0, 0, NaN, 1]], [2, 'f32', [0, -0, 1, 2]]], out: [0, 'f32', [-0, -0, NaN, 1]] },
  { text: 'vmaximumf64x2 v0, v1, v2', inputs: [[1, 'f64', [-0, 1]], [2, 'f64', [0, NaN]]], out: [0, 'f64', [0, NaN]] },
  // rounding: nearest is ties-to-even and keeps -0
  { text: 'vnearest32x4 v0, v1', inputs: [[1, 'f32', [2.5, -0.5, 3.5, -2.5]]], out: [0, 'f32', [2, -0, 4, -2]] },
  { text: 'vnearest64x2 v0, v1', inputs: [[1, 'f64', [0.49999999999999994, 4503599627370495.5]]], out: [0, 'f64', [0, 4503599627370496]] },
  { text: 'vceil64x2 v0, v1', inputs: [[1, 'f64', [-0.5, 1.1]]], out: [0, 'f64', [-0, 2]] },
  { text: 'vtrunc32x4 v0, v1', inputs: [[1, 'f32', [-1.9, 1.9, -0.1, 1e30]]], out: [0, 'f32', [-1, 1, -0, Math.fround(1e30)]] },
  // sign ops work on the bits, also of NaNs
  { text: 'vnegf32x4 v0, v1', inputs: [[1, 'u32', [0x7fc00001, 0, 0x80000000, 0x3f800000]]], out: [0, 'u32', [0xffc00001, 0x80000000, 0, 0xbf800000]] },
  { text: 'vabsf64x2 v0, v1', inputs: [[1, 'u64', [0xfff0000000000001n, 0x8000000000000000n]]], out: [0, 'u64', [0x7ff0000000000001n, 0n]] },
  // float -> int saturates, NaN -> 0
  { text: 'vi32x4_from_f32x4_s v0, v1', inputs: [[1, 'f32', [NaN, 3e9, -3e9, -1.9]]], out: [0, 'i32', [0, 0x7fffffff, -0x80000000, -1]] },
  { text: 'vi32x4_from_f32x4_u v0, v1', inputs: [[1, 'f32', [-1, 5e9, 1.9, NaN]]], out: [0, 'u32', [0, 0xffffffff, 1, 0]] },
  { text: 'vi64x2_from_f64x2_s v0, v1', inputs: [[1, 'f64', [1e19, -2.5]]], out: [0, 'i64', [2n ** 63n - 1n, -2n]] },
  { text: 'vi64x2_from_f64x2_u v0, v1', inputs: [[1, 'f64', [-0.9, 2 ** 63 + 2 ** 11]]], out: [0, 'u64', [0n, 2n ** 63n + 2n ** 11n]] },
  // int -> float rounds to nearest even
  { text: 'vf64x2_from_i64x2_s v0, v1', inputs: [[1, 'i64', [2n ** 53n + 1n, -(2n ** 53n) - 3n]]], out: [0, 'f64', [2 ** 53, -(2 ** 53) - 4]] },
  { text: 'vf64x2_from_i64x2_u v0, v1', inputs: [[1, 'u64', [2n ** 64n - 1n, 1n]]], out: [0, 'f64', [2 ** 64, 1]] },
  { text: 'vf32x4_from_i32x4_u v0, v1', inputs: [[1, 'u32', [0xffffffff, 16777217]]], out: [0, 'f32', [2 ** 32, 16777216, 0, 0]] },
  // f32 <-> f64; a NaN keeps its payload, quieted
  { text: 'vfpromotelow v0, v1', inputs: [[1, 'u32', [0x7f800001, 0x3fc00000, 0xdead, 0xbeef]]], out: [0, 'u64', [0x7ff8000020000000n, 0x3ff8000000000000n]] },
  { text: 'vfdemote v0, v1', inputs: [[1, 'f64', [1 + 2 ** -24, 1e300]]], out: [0, 'f32', [1, Infinity, 0, 0]] },
];

// bitmask: bit i = top bit of lane i; all_true / any_true; extracts (32-bit results keep the high word)
const X_ROWS: { text: string; inputs: [number, Lane, (number | bigint)[]][]; x: bigint }[] = [
  { text: 'vbitmask8x16 x5, v1', inputs: [[1, 'u8', [0x80, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80]]], x: 0x8005n },
  { text: 'vbitmask16x8 x5, v1', inputs: [[1, 'u16', [0, 0x8000, 0, 0, 0, 0, 0, 0xffff]]], x: 0x82n },
  { text: 'vbitmask64x2 x5, v1', inputs: [[1, 'i64', [1n, -1n]]], x: 2n },
  { text: 'valltrue16x8 x5, v1', inputs: [[1, 'u16', [1, 1, 1, 1, 1, 1, 1, 0x100]]], x: 1n },
  { text: 'valltrue8x16 x5, v1', inputs: [[1, 'u16', [1, 1, 1, 1, 1, 1, 1, 0x100]]], x: 0n },
  { text: 'valltrue64x2 x5, v1', inputs: [[1, 'u64', [2n ** 63n, 1n]]], x: 1n },
  { text: 'vanytrue32x4 x5, v1', inputs: [[1, 'u32', [0, 0, 0, 0x80000000]]], x: 1n },
  { text: 'vanytrue64x2 x5, v1', inputs: [[1, 'u64', [0n, 0n]]], x: 0n },
  { text: 'xextractv16x8 x5, v1, 7', inputs: [[1, 'u16', [0, 0, 0, 0, 0, 0, 0, 0xfffe]]], x: 0xfffen },
  { text: 'xextractv64x2 x5, v1, 1', inputs: [[1, 'u64', [0n, 0x8000000000000001n]]], x: 0x8000000000000001n },
];

describe('vector ops, hand-computed', () => {
  for (const row of ROWS) {
    it(row.text, () => {
      const m = new Machine();
      for (const [r, value] of row.x ?? []) m.setX64(r, value, 0);
      for (const [r, lane, values] of row.inputs) setV(m, r, lane, values);
      exec(m, row.text);
      const [r, lane, expected] = row.out;
      const got = getV(m, r, lane);
      const want = [...expected, ...new Array(got.length - expected.length).fill(typeof expected[0] === 'bigint' ? 0n : 0)];
      // toEqual tells -0 from +0 and treats NaN as equal to NaN.
      expect(got).toEqual(want);
    });
  }

  for (const row of X_ROWS) {
    it(row.text, () => {
      const m = new Machine();
      m.setX64(5, -1, -1); // a 32-bit result leaves the high word alone
      for (const [r, lane, values] of row.inputs) setV(m, r, lane, values);
      exec(m, row.text);
      const wide = row.text.startsWith('xextractv64x2');
      const expected = wide ? row.x : (0xffffffffn << 32n) | row.x;
      expect(BigInt.asUintN(64, m.getX64(5))).toBe(expected);
    });
  }

  it('vinsertx16 / vsplatx16 / vselect / fextractv32x4 move exact bits', () => {
    const m = new Machine();
    m.setX64(2, 0x12345678, 0);
    setV(m, 1, 'u16', [1, 2, 3, 4, 5, 6, 7, 8]);
    exec(m, 'vinsertx16 v0, v1, x2, 6');
    expect(getV(m, 0, 'u16')).toEqual([1, 2, 3, 4, 5, 6, 0x5678, 8]);
    exec(m, 'vsplatx16 v3, x2');
    expect(getV(m, 3, 'u16')).toEqual(new Array(8).fill(0x5678));
    m.setX64(4, 0, 1); // low word 0: vselect looks at the low 32 bits only
    exec(m, 'vselect v5, x4, v0, v3');
    expect(getV(m, 5, 'u16')).toEqual(getV(m, 3, 'u16'));
    setV(m, 6, 'u32', [0, 0, 0x7fa00001, 0]);
    m.f64[32 + 7] = 1.5; // f7 = 0x3ff8000000000000
    exec(m, 'fextractv32x4 f7, v6, 2');
    expect(m.u32[64 + 14]).toBe(0x7fa00001); // the signalling NaN's bits, untouched
    expect(m.u32[64 + 15]).toBe(0x3ff80000); // the high word is left alone
  });

  it('vfma: one rounding (naive a * b + c rounds twice and differs)', () => {
    const m = new Machine();
    // f64: (1 + 2^-27)(1 - 2^-27) - 1 = -2^-54 exactly; a * b alone rounds to 1.
    setV(m, 1, 'f64', [1 + 2 ** -27, 2 ** 600]);
    setV(m, 2, 'f64', [1 - 2 ** -27, 2 ** 500]);
    setV(m, 3, 'f64', [-1, -Infinity]);
    exec(m, 'vfma64x2 v0, v1, v2, v3');
    expect(getV(m, 0, 'f64')).toEqual([-(2 ** -54), -Infinity]);
    // f32: (1 + 2^-12)^2 + 2^-60 = 1 + 2^-11 + 2^-24 + 2^-60, just above a tie between f32s;
    // rounding first to f64 drops 2^-60 and the tie then goes to even (down).
    setV(m, 1, 'f32', [1 + 2 ** -12, 0, Infinity, 3]);
    setV(m, 2, 'f32', [1 + 2 ** -12, Infinity, 0, 4]);
    setV(m, 3, 'f32', [2 ** -60, 1, 1, -12]);
    exec(m, 'vfma32x4 v0, v1, v2, v3');
    const got = getV(m, 0, 'f32');
    expect(got[0]).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(Math.fround((1 + 2 ** -12) * (1 + 2 ** -12) + 2 ** -60)).toBe(1 + 2 ** -11);
    expect(got.slice(1)).toEqual([NaN, NaN, 0]);
  });

  it('fma fast path agrees with exact BigInt arithmetic on random and edge inputs', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const randomDouble = (expLo: number, expHi: number) => {
      words[0] = (rand() * 2 ** 32) >>> 0;
      words[1] = ((rand() * 2 ** 20) >>> 0) | ((expLo + Math.floor(rand() * (expHi - expLo)) + 1023) << 20) | (rand() < 0.5 ? 0x80000000 : 0);
      return bits[0]!;
    };
    for (let i = 0; i < 20000; i++) {
      const a = randomDouble(-60, 60), b = randomDouble(-60, 60);
      // c near -a * b makes the cancellations where a naive product-then-add goes wrong
      const c = i % 3 === 0 ? -(a * b) * (1 + (rand() - 0.5) * 2 ** -40) : randomDouble(-120, 120);
      const fast = fmaF64(a, b, c), exact = fmaF64Exact(a, b, c);
      if (!Object.is(fast, exact)) expect([a, b, c, fast]).toEqual([a, b, c, exact]);
    }
    // subnormal and overflowing results go through the exact path
    expect(fmaF64(2 ** -1000, 2 ** -70, 2 ** -1074)).toBe(2 ** -1070 + 2 ** -1074);
    expect(fmaF64(2 ** 1000, 2 ** 30, -Number.MAX_VALUE)).toBe(Infinity);
    expect(fmaF64(Number.MAX_VALUE, 2, -Number.MAX_VALUE)).toBe(Number.MAX_VALUE);
    expect(fmaF64(-(2 ** -600), 2 ** -600, 0)).toBe(-0);
    expect(fmaF32(Math.fround(2 ** -100), Math.fround(2 ** -49), 0)).toBe(2 ** -149);
  });

  it('memory: z traps on null, g32 checks wasm address against bound - offset - 16', () => {
    const m = new Machine();
    const mem = m.space.map('mem', new Uint8Array(64));
    for (let i = 0; i < 64; i++) mem.bytes[i] = i;
    const trapKind = (text: string) => {
      try { exec(m, text); return null; } catch (e) { return (e as TrapSignal).kind; }
    };
    m.setX64(1, 0, 0);
    expect(trapKind('vload128le_z v0, x1, 0')).toBe(TrapKind.MemoryOutOfBounds);
    m.setX64(1, 0, mem.id); // base = mem
    m.setX64(2, 64, 0); // bound
    m.setX64(3, 40, 0); // wasm address
    expect(trapKind('vload128le_g32 v0, x1, x2, x3, 8')).toBe(null); // 40 <= 64 - 8 - 16
    expect(getV(m, 0, 'u8')).toEqual(Array.from({ length: 16 }, (_, i) => 48 + i));
    m.setX64(3, 41, 0);
    expect(trapKind('vload128le_g32 v0, x1, x2, x3, 8')).toBe(TrapKind.MemoryOutOfBounds);
    m.setX64(3, 2, 0);
    expect(trapKind('vload16x4le_s_z v4, x3, 0')).toBe(TrapKind.MemoryOutOfBounds); // address 2: no region
    expect(trapKind('vload8x8_s_z v4, x1, 60')).toBe(TrapKind.MemoryOutOfBounds); // crosses the end
    mem.bytes.set([0xff, 0x80, 0x01, 0x7f, 0xfe, 0xff, 0, 0], 8);
    expect(trapKind('vload8x8_s_z v4, x1, 8')).toBe(null);
    expect(getV(m, 4, 'i16')).toEqual([-1, -128, 1, 127, -2, -1, 0, 0]);
    expect(trapKind('vload16x4le_u_z v4, x1, 8')).toBe(null);
    expect(getV(m, 4, 'u32')).toEqual([0x80ff, 0x7f01, 0xfffe, 0]);
    setV(m, 5, 'u32', [0xdeadbeef, 1, 2, 3]);
    expect(trapKind('vstore128le_o32 x1, 48, v5')).toBe(null);
    expect(Array.from(mem.bytes.subarray(48, 52))).toEqual([0xef, 0xbe, 0xad, 0xde]);
  });
});
