// The WebAssembly spec testsuite's SIMD assertions as an independent oracle: each
// `assert_return` that invokes a function named after a wasm SIMD instruction (such as
// "i8x16.add_sat_s") is run as the one Pulley op Cranelift lowers that instruction to,
// with the arguments in registers, and the result compared lane by lane (bit for bit,
// except that a NaN expectation accepts any NaN).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { Machine, F_I32, V_BYTE } from '../../runtime/machine.js';
import { exec } from './ops-vector-harness.js';

/** How a wasm instruction maps onto a Pulley op: operand shape, and whether src1/src2 swap. */
type Shape = 'binary' | 'swapped' | 'unary' | 'shift' | 'toX' | 'bitselect' | 'splat';
const MAP: Record<string, [string, Shape]> = {};

function add(shape: Shape, pairs: Record<string, string>): void {
  for (const [wasm, pulley] of Object.entries(pairs)) MAP[wasm] = [pulley, shape];
}

add('binary', {
  'i8x16.add': 'vaddi8x16', 'i16x8.add': 'vaddi16x8', 'i32x4.add': 'vaddi32x4', 'i64x2.add': 'vaddi64x2',
  'i8x16.sub': 'vsubi8x16', 'i16x8.sub': 'vsubi16x8', 'i32x4.sub': 'vsubi32x4', 'i64x2.sub': 'vsubi64x2',
  'i16x8.mul': 'vmuli16x8', 'i32x4.mul': 'vmuli32x4', 'i64x2.mul': 'vmuli64x2',
  'i8x16.add_sat_s': 'vaddi8x16_sat', 'i8x16.add_sat_u': 'vaddu8x16_sat',
  'i16x8.add_sat_s': 'vaddi16x8_sat', 'i16x8.add_sat_u': 'vaddu16x8_sat',
  'i8x16.sub_sat_s': 'vsubi8x16_sat', 'i8x16.sub_sat_u': 'vsubu8x16_sat',
  'i16x8.sub_sat_s': 'vsubi16x8_sat', 'i16x8.sub_sat_u': 'vsubu16x8_sat',
  'i8x16.min_s': 'vmin8x16_s', 'i8x16.min_u': 'vmin8x16_u', 'i8x16.max_s': 'vmax8x16_s', 'i8x16.max_u': 'vmax8x16_u',
  'i16x8.min_s': 'vmin16x8_s', 'i16x8.min_u': 'vmin16x8_u', 'i16x8.max_s': 'vmax16x8_s', 'i16x8.max_u': 'vmax16x8_u',
  'i32x4.min_s': 'vmin32x4_s', 'i32x4.min_u': 'vmin32x4_u', 'i32x4.max_s': 'vmax32x4_s', 'i32x4.max_u': 'vmax32x4_u',
  'i8x16.avgr_u': 'vavground8x16', 'i16x8.avgr_u': 'vavground16x8', 'i16x8.q15mulr_sat_s': 'vqmulrsi16x8',
  'i8x16.narrow_i16x8_s': 'vnarrow16x8_s', 'i8x16.narrow_i16x8_u': 'vnarrow16x8_u',
  'i16x8.narrow_i32x4_s': 'vnarrow32x4_s', 'i16x8.narrow_i32x4_u': 'vnarrow32x4_u',
  'i8x16.swizzle': 'vswizzlei8x16', and: 'vband128', or: 'vbor128', xor: 'vbxor128',
  'f32x4.add': 'vaddf32x4', 'f32x4.sub': 'vsubf32x4', 'f32x4.mul': 'vmulf32x4', 'f32x4.div': 'vdivf32x4',
  'f64x2.add': 'vaddf64x2', 'f64x2.sub': 'vsubf64x2', 'f64x2.mul': 'vmulf64x2', 'f64x2.div': 'vdivf64x2',
  'f32x4.min': 'vminimumf32x4', 'f32x4.max': 'vmaximumf32x4', 'f64x2.min': 'vminimumf64x2', 'f64x2.max': 'vmaximumf64x2',
  'i8x16.eq': 'veq8x16', 'i8x16.ne': 'vneq8x16', 'i8x16.lt_s': 'vslt8x16', 'i8x16.le_s': 'vslteq8x16',
  'i8x16.lt_u': 'vult8x16', 'i8x16.le_u': 'vulteq8x16',
  'i16x8.eq': 'veq16x8', 'i16x8.ne': 'vneq16x8', 'i16x8.lt_s': 'vslt16x8', 'i16x8.le_s': 'vslteq16x8',
  'i16x8.lt_u': 'vult16x8', 'i16x8.le_u': 'vulteq16x8',
  'i32x4.eq': 'veq32x4', 'i32x4.ne': 'vneq32x4', 'i32x4.lt_s': 'vslt32x4', 'i32x4.le_s': 'vslteq32x4',
  'i32x4.lt_u': 'vult32x4', 'i32x4.le_u': 'vulteq32x4',
  'i64x2.eq': 'veq64x2', 'i64x2.ne': 'vneq64x2', 'i64x2.lt_s': 'vslt64x2', 'i64x2.le_s': 'vslteq64x2',
  'f32x4.eq': 'veqf32x4', 'f32x4.ne': 'vneqf32x4', 'f32x4.lt': 'vltf32x4', 'f32x4.le': 'vlteqf32x4',
  'f64x2.eq': 'veqf64x2', 'f64x2.ne': 'vneqf64x2', 'f64x2.lt': 'vltf64x2', 'f64x2.le': 'vlteqf64x2',
});
// a > b is b < a
add('swapped', {
  'i8x16.gt_s': 'vslt8x16', 'i8x16.ge_s': 'vslteq8x16', 'i8x16.gt_u': 'vult8x16', 'i8x16.ge_u': 'vulteq8x16',
  'i16x8.gt_s': 'vslt16x8', 'i16x8.ge_s': 'vslteq16x8', 'i16x8.gt_u': 'vult16x8', 'i16x8.ge_u': 'vulteq16x8',
  'i32x4.gt_s': 'vslt32x4', 'i32x4.ge_s': 'vslteq32x4', 'i32x4.gt_u': 'vult32x4', 'i32x4.ge_u': 'vulteq32x4',
  'i64x2.gt_s': 'vslt64x2', 'i64x2.ge_s': 'vslteq64x2',
  'f32x4.gt': 'vltf32x4', 'f32x4.ge': 'vlteqf32x4', 'f64x2.gt': 'vltf64x2', 'f64x2.ge': 'vlteqf64x2',
});
add('unary', {
  'i8x16.abs': 'vabs8x16', 'i16x8.abs': 'vabs16x8', 'i32x4.abs': 'vabs32x4', 'i64x2.abs': 'vabs64x2',
  'i8x16.neg': 'vneg8x16', 'i16x8.neg': 'vneg16x8', 'i32x4.neg': 'vneg32x4', 'i64x2.neg': 'vneg64x2',
  'i8x16.popcnt': 'vpopcnt8x16', not: 'vbnot128',
  'f32x4.abs': 'vabsf32x4', 'f64x2.abs': 'vabsf64x2', 'f32x4.neg': 'vnegf32x4', 'f64x2.neg': 'vnegf64x2',
  'f32x4.sqrt': 'vsqrt32x4', 'f64x2.sqrt': 'vsqrt64x2', 'f32x4.ceil': 'vceil32x4', 'f64x2.ceil': 'vceil64x2',
  'f32x4.floor': 'vfloor32x4', 'f64x2.floor': 'vfloor64x2', 'f32x4.trunc': 'vtrunc32x4', 'f64x2.trunc': 'vtrunc64x2',
  'f32x4.nearest': 'vnearest32x4', 'f64x2.nearest': 'vnearest64x2',
  'i16x8.extend_low_i8x16_s': 'vwidenlow8x16_s', 'i16x8.extend_low_i8x16_u': 'vwidenlow8x16_u',
  'i16x8.extend_high_i8x16_s': 'vwidenhigh8x16_s', 'i16x8.extend_high_i8x16_u': 'vwidenhigh8x16_u',
  'i32x4.extend_low_i16x8_s': 'vwidenlow16x8_s', 'i32x4.extend_low_i16x8_u': 'vwidenlow16x8_u',
  'i32x4.extend_high_i16x8_s': 'vwidenhigh16x8_s', 'i32x4.extend_high_i16x8_u': 'vwidenhigh16x8_u',
  'i64x2.extend_low_i32x4_s': 'vwidenlow32x4_s', 'i64x2.extend_low_i32x4_u': 'vwidenlow32x4_u',
  'i64x2.extend_high_i32x4_s': 'vwidenhigh32x4_s', 'i64x2.extend_high_i32x4_u': 'vwidenhigh32x4_u',
  'f32x4.convert_i32x4_s': 'vf32x4_from_i32x4_s', 'f32x4.convert_i32x4_u': 'vf32x4_from_i32x4_u',
  'i32x4.trunc_sat_f32x4_s': 'vi32x4_from_f32x4_s', 'i32x4.trunc_sat_f32x4_u': 'vi32x4_from_f32x4_u',
  'f32x4.demote_f64x2_zero': 'vfdemote', 'f64x2.promote_low_f32x4': 'vfpromotelow',
});
add('shift', {
  'i8x16.shl': 'vshli8x16', 'i16x8.shl': 'vshli16x8', 'i32x4.shl': 'vshli32x4', 'i64x2.shl': 'vshli64x2',
  'i8x16.shr_s': 'vshri8x16_s', 'i16x8.shr_s': 'vshri16x8_s', 'i32x4.shr_s': 'vshri32x4_s', 'i64x2.shr_s': 'vshri64x2_s',
  'i8x16.shr_u': 'vshri8x16_u', 'i16x8.shr_u': 'vshri16x8_u', 'i32x4.shr_u': 'vshri32x4_u', 'i64x2.shr_u': 'vshri64x2_u',
});
add('toX', {
  'i8x16.any_true': 'vanytrue8x16', 'i16x8.any_true': 'vanytrue16x8', 'i32x4.any_true': 'vanytrue32x4',
  'i8x16.all_true': 'valltrue8x16', 'i16x8.all_true': 'valltrue16x8', 'i32x4.all_true': 'valltrue32x4',
  'i64x2.all_true': 'valltrue64x2',
  'i8x16.bitmask': 'vbitmask8x16', 'i16x8.bitmask': 'vbitmask16x8', 'i32x4.bitmask': 'vbitmask32x4',
  'i64x2.bitmask': 'vbitmask64x2',
});
add('bitselect', { bitselect: 'vbitselect128' });
add('splat', {
  'i8x16.splat': 'vsplatx8', 'i16x8.splat': 'vsplatx16', 'i32x4.splat': 'vsplatx32', 'i64x2.splat': 'vsplatx64',
  'f32x4.splat': 'vsplatf32', 'f64x2.splat': 'vsplatf64',
});

// ## Values as wast2json writes them: unsigned decimal bit patterns, or nan:canonical / nan:arithmetic

interface Value { type: string; lane_type?: string; value: string | string[] }

const BITS: Record<string, number> = { i8: 8, i16: 16, i32: 32, i64: 64, f32: 32, f64: 64 };

function v128Bytes(v: Value): Uint8Array {
  const width = BITS[v.lane_type!]! / 8;
  const bytes = new Uint8Array(16);
  (v.value as string[]).forEach((text, i) => {
    let x = BigInt.asUintN(width * 8, BigInt(text));
    for (let k = 0; k < width; k++) { bytes[i * width + k] = Number(x & 0xffn); x >>= 8n; }
  });
  return bytes;
}

/** Problems with v register `r` against the expected v128, lane by lane. */
function checkV128(m: Machine, r: number, v: Value): string[] {
  const width = BITS[v.lane_type!]! / 8;
  const problems: string[] = [];
  (v.value as string[]).forEach((text, i) => {
    let got = 0n;
    for (let k = width - 1; k >= 0; k--) got = (got << 8n) | BigInt(m.u8[V_BYTE + 16 * r + i * width + k]!);
    if (text.startsWith('nan:')) {
      const isNaN = width === 4 ? (got & 0x7fffffffn) > 0x7f800000n : (got & 0x7fffffffffffffffn) > 0x7ff0000000000000n;
      if (!isNaN) problems.push(`lane ${i}: expected a NaN, got 0x${got.toString(16)}`);
    } else if (got !== BigInt.asUintN(width * 8, BigInt(text))) {
      problems.push(`lane ${i}: expected 0x${BigInt.asUintN(width * 8, BigInt(text)).toString(16)}, got 0x${got.toString(16)}`);
    }
  });
  return problems;
}

function setVBytes(m: Machine, r: number, bytes: Uint8Array): void {
  m.u8.set(bytes, V_BYTE + 16 * r);
}

/** Runs one assertion; returns its problems (empty when it passes). */
const m = new Machine({ stackSize: 16 });

function runAssertion(op: string, shape: Shape, args: Value[], expected: Value): string[] {
  m.u8.fill(0); // every register zero, as in a fresh machine
  switch (shape) {
    case 'binary': case 'swapped':
      setVBytes(m, 1, v128Bytes(args[0]!));
      setVBytes(m, 2, v128Bytes(args[1]!));
      exec(m, shape === 'binary' ? `${op} v0, v1, v2` : `${op} v0, v2, v1`);
      break;
    case 'unary':
      setVBytes(m, 1, v128Bytes(args[0]!));
      exec(m, `${op} v0, v1`);
      break;
    case 'shift':
      setVBytes(m, 1, v128Bytes(args[0]!));
      m.setX64(2, Number(BigInt.asIntN(32, BigInt(args[1]!.value as string))), 0);
      exec(m, `${op} v0, v1, x2`);
      break;
    case 'bitselect':
      setVBytes(m, 1, v128Bytes(args[0]!));
      setVBytes(m, 2, v128Bytes(args[1]!));
      setVBytes(m, 3, v128Bytes(args[2]!));
      exec(m, `${op} v0, v3, v1, v2`);
      break;
    case 'toX': {
      setVBytes(m, 1, v128Bytes(args[0]!));
      exec(m, `${op} x0, v1`);
      const got = m.u32[0]!;
      const want = Number(BigInt.asUintN(32, BigInt(expected.value as string)));
      return got === want ? [] : [`expected ${want}, got ${got}`];
    }
    case 'splat': {
      const bits = BigInt.asUintN(64, BigInt(args[0]!.value as string));
      const word = (args[0]!.type.startsWith('f') ? F_I32 : 0) + 2 * 2;
      m.i32[word] = Number(bits & 0xffffffffn) | 0;
      m.i32[word + 1] = Number(bits >> 32n) | 0;
      exec(m, `${op} v0, ${args[0]!.type.startsWith('f') ? 'f2' : 'x2'}`);
      break;
    }
  }
  return checkV128(m, 0, expected);
}

// ## The suite

const dir = sharedPath('wasm-testsuite/core');

interface Command { type: string; line: number; action?: { type: string; field: string; args: Value[] }; expected?: Value[] }

describe.skipIf(!dir)('vector ops against the spec testsuite SIMD assertions', () => {
  const files = dir ? readdirSync(dir).filter((f) => /^simd_.*\.json$/.test(f)).sort() : [];
  const byOp = new Map<string, { run: number; failures: string[] }>();
  for (const file of files) {
    const { commands } = JSON.parse(readFileSync(join(dir!, file), 'utf8')) as { commands: Command[] };
    for (const c of commands) {
      if (c.type !== 'assert_return' || c.action?.type !== 'invoke') continue;
      const mapped = MAP[c.action.field];
      if (!mapped) continue;
      const [op, shape] = mapped;
      const entry = byOp.get(op) ?? { run: 0, failures: [] };
      byOp.set(op, entry);
      entry.run++;
      const problems = runAssertion(op, shape, c.action.args, c.expected![0]!);
      if (problems.length > 0) entry.failures.push(`${file}:${c.line} ${c.action.field}: ${problems.join('; ')}`);
    }
  }

  it('covers most vector ops', () => {
    expect(byOp.size).toBeGreaterThanOrEqual(125);
  });

  for (const [op, { run, failures }] of [...byOp].sort()) {
    it(`${op} (${run} assertions)`, () => {
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }
});
