// The JS tier's inline vector ops (codegen/inline-vector.ts): a hand-written SIMD module
// whose functions each apply one v128 op to memory. Checked: (1) the ops meant to be
// inline compile to code that does not call the interpreter's handler for them (float
// ops only on a NaN lane); (2) every call gives what Node's own WebAssembly gives (NaN
// lanes compared as NaN: wasm leaves their bits open), and the same bytes as our
// interpreter tier, NaN bits included; (3) out-of-bounds vector accesses trap, leaving
// memory as Node leaves it.
import { describe, expect, it } from 'vitest';
import { compileModule } from '../../src/compiler/compile.js';
import { decodeInstr } from '../../src/isa/decode.js';
import { opByMnemonic, type OpInfo } from '../../src/isa/ops.js';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { generateUnit } from '../../codegen/unit.js';
import { createWebAssembly } from '../../src/index.js';
import { buildModule, i32, uleb } from '../api/wasm-builder.js';

const v128 = 0x7b;
const simd = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];
const get = (i: number) => [0x20, i];
const MEMARG = [0, 0];
const load = simd(0x00, ...MEMARG);
const store = simd(0x0b, ...MEMARG);
const scalarLoad = { i32: [0x28, 2, 0], i64: [0x29, 3, 0], f32: [0x2a, 2, 0], f64: [0x2b, 3, 0] };
const scalarStore = { i32: [0x36, 2, 0], i64: [0x37, 3, 0], f32: [0x38, 2, 0], f64: [0x39, 3, 0] };
type Scalar = keyof typeof scalarLoad;

/** How results are compared with Node: exact bytes, or float lanes where any NaN equals any NaN. */
type Kind = 'bits' | 'f32' | 'f64';
/** Every function is (dst, a, b): it reads memory at a (and b, or b as a shift count) and writes at dst. */
interface Case { name: string; body: number[]; kind?: Kind; shift?: boolean }

const binary = (name: string, code: number, kind: Kind = 'bits'): Case =>
  ({ name, kind, body: [...get(0), ...get(1), ...load, ...get(2), ...load, ...simd(code), ...store] });
const shift = (name: string, code: number): Case =>
  ({ name, shift: true, body: [...get(0), ...get(1), ...load, ...get(2), ...simd(code), ...store] });
const splat = (name: string, code: number, from: Scalar): Case =>
  ({ name, body: [...get(0), ...get(2), ...scalarLoad[from], ...simd(code), ...store] });
const extract = (name: string, code: number, lane: number, to: Scalar): Case =>
  ({ name, body: [...get(0), ...get(1), ...load, ...simd(code, lane), ...scalarStore[to]] });
const replace = (name: string, code: number, lane: number, from: Scalar): Case =>
  ({ name, body: [...get(0), ...get(1), ...load, ...get(2), ...scalarLoad[from], ...simd(code, lane), ...store] });
const shuffle = (name: string, mask: number[]): Case =>
  ({ name, body: [...get(0), ...get(1), ...load, ...get(2), ...load, ...simd(0x0d, ...mask), ...store] });

const unary = (name: string, code: number, kind: Kind = 'bits'): Case =>
  ({ name, kind, body: [...get(0), ...get(1), ...load, ...simd(code), ...store] });
/** An i32 result of one v128 (reductions), stored at dst. */
const reduce = (name: string, code: number): Case =>
  ({ name, body: [...get(0), ...get(1), ...load, ...simd(code), ...scalarStore.i32] });
const loadExtend = (name: string, code: number): Case =>
  ({ name, body: [...get(0), ...get(1), ...simd(code, ...MEMARG), ...store] });

const CASES: Case[] = [
  binary('i8x16.add', 0x6e), binary('i8x16.sub', 0x71), binary('i16x8.add', 0x8e), binary('i16x8.sub', 0x91),
  binary('i16x8.mul', 0x95), binary('i32x4.add', 0xae), binary('i32x4.sub', 0xb1), binary('i32x4.mul', 0xb5),
  binary('i64x2.add', 0xce), binary('i64x2.sub', 0xd1), binary('i64x2.mul', 0xd5),
  binary('v128.and', 0x4e), binary('v128.or', 0x50), binary('v128.xor', 0x51), binary('v128.andnot', 0x4f),
  binary('i8x16.eq', 0x23), binary('i8x16.ne', 0x24), binary('i8x16.lt_s', 0x25), binary('i8x16.lt_u', 0x26),
  binary('i8x16.gt_s', 0x27), binary('i8x16.le_u', 0x2a), binary('i8x16.ge_s', 0x2b),
  binary('i16x8.eq', 0x2d), binary('i16x8.lt_s', 0x2f), binary('i16x8.lt_u', 0x30), binary('i16x8.ge_u', 0x36),
  binary('i32x4.eq', 0x37), binary('i32x4.ne', 0x38), binary('i32x4.lt_s', 0x39), binary('i32x4.lt_u', 0x3a),
  binary('i32x4.gt_u', 0x3c), binary('i32x4.le_s', 0x3d), binary('i32x4.ge_u', 0x40),
  binary('i64x2.eq', 0xd6), binary('i64x2.ne', 0xd7),
  binary('i8x16.swizzle', 0x0e),
  binary('f32x4.add', 0xe4, 'f32'), binary('f32x4.sub', 0xe5, 'f32'), binary('f32x4.mul', 0xe6, 'f32'), binary('f32x4.div', 0xe7, 'f32'),
  binary('f64x2.add', 0xf0, 'f64'), binary('f64x2.sub', 0xf1, 'f64'), binary('f64x2.mul', 0xf2, 'f64'), binary('f64x2.div', 0xf3, 'f64'),
  { name: 'v128.not', body: [...get(0), ...get(1), ...load, ...simd(0x4d), ...store] },
  { name: 'v128.bitselect', body: [...get(0), ...get(1), ...load, ...get(2), ...load, ...get(1), ...simd(0x00, 0, 16), ...simd(0x52), ...store] },
  { name: 'v128.const', body: [...get(0), ...simd(0x0c, ...[...Array(16).keys()].map((i) => (i * 37 + 11) & 0xff)), ...store] },
  // The same v128 value on both sides: the register allocator may give dst and sources one register.
  { name: 'i32x4.add(x, x)', body: [...get(0), ...get(1), ...load, 0x22, 3, ...get(3), ...simd(0xae), ...store] },
  shift('i8x16.shl', 0x6b), shift('i8x16.shr_s', 0x6c), shift('i8x16.shr_u', 0x6d),
  shift('i16x8.shl', 0x8b), shift('i16x8.shr_s', 0x8c), shift('i16x8.shr_u', 0x8d),
  shift('i32x4.shl', 0xab), shift('i32x4.shr_s', 0xac), shift('i32x4.shr_u', 0xad),
  shift('i64x2.shl', 0xcb), shift('i64x2.shr_s', 0xcc), shift('i64x2.shr_u', 0xcd),
  splat('i8x16.splat', 0x0f, 'i32'), splat('i16x8.splat', 0x10, 'i32'), splat('i32x4.splat', 0x11, 'i32'),
  splat('i64x2.splat', 0x12, 'i64'), splat('f32x4.splat', 0x13, 'f32'), splat('f64x2.splat', 0x14, 'f64'),
  extract('i8x16.extract_lane_s 5', 0x15, 5, 'i32'), extract('i8x16.extract_lane_u 15', 0x16, 15, 'i32'),
  extract('i16x8.extract_lane_s 3', 0x18, 3, 'i32'), extract('i16x8.extract_lane_u 7', 0x19, 7, 'i32'),
  extract('i32x4.extract_lane 2', 0x1b, 2, 'i32'), extract('i64x2.extract_lane 1', 0x1d, 1, 'i64'),
  extract('f32x4.extract_lane 3', 0x1f, 3, 'f32'), extract('f64x2.extract_lane 1', 0x21, 1, 'f64'),
  replace('i8x16.replace_lane 9', 0x17, 9, 'i32'), replace('i16x8.replace_lane 6', 0x1a, 6, 'i32'),
  replace('i32x4.replace_lane 1', 0x1c, 1, 'i32'), replace('i64x2.replace_lane 0', 0x1e, 0, 'i64'),
  replace('f32x4.replace_lane 2', 0x20, 2, 'f32'), replace('f64x2.replace_lane 1', 0x22, 1, 'f64'),
  shuffle('shuffle interleave', [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23]),
  shuffle('shuffle words', [4, 5, 6, 7, 28, 29, 30, 31, 0, 1, 2, 3, 16, 17, 18, 19]),
  shuffle('shuffle reverse', [31, 30, 29, 28, 27, 26, 25, 24, 7, 6, 5, 4, 3, 2, 1, 0]),
  // Saturating, pairwise, min/max, average, Q15, 64-bit compares.
  binary('i8x16.add_sat_s', 0x6f), binary('i8x16.add_sat_u', 0x70), binary('i8x16.sub_sat_s', 0x72), binary('i8x16.sub_sat_u', 0x73),
  binary('i16x8.add_sat_s', 0x8f), binary('i16x8.add_sat_u', 0x90), binary('i16x8.sub_sat_s', 0x92), binary('i16x8.sub_sat_u', 0x93),
  binary('i8x16.min_s', 0x76), binary('i8x16.min_u', 0x77), binary('i8x16.max_s', 0x78), binary('i8x16.max_u', 0x79),
  binary('i16x8.min_s', 0x96), binary('i16x8.min_u', 0x97), binary('i16x8.max_s', 0x98), binary('i16x8.max_u', 0x99),
  binary('i32x4.min_s', 0xb6), binary('i32x4.min_u', 0xb7), binary('i32x4.max_s', 0xb8), binary('i32x4.max_u', 0xb9),
  binary('i8x16.avgr_u', 0x7b), binary('i16x8.avgr_u', 0x9b), binary('i16x8.q15mulr_sat_s', 0x82),
  binary('i64x2.lt_s', 0xd8), binary('i64x2.gt_s', 0xd9), binary('i64x2.le_s', 0xda), binary('i64x2.ge_s', 0xdb),
  unary('i16x8.extadd_pairwise_i8x16_s', 0x7c), unary('i16x8.extadd_pairwise_i8x16_u', 0x7d),
  unary('i32x4.extadd_pairwise_i16x8_s', 0x7e), unary('i32x4.extadd_pairwise_i16x8_u', 0x7f),
  // Widening, narrowing, extended multiplies and dot products (widen + multiply + pairwise).
  binary('i8x16.narrow_i16x8_s', 0x65), binary('i8x16.narrow_i16x8_u', 0x66), binary('i16x8.narrow_i32x4_s', 0x85), binary('i16x8.narrow_i32x4_u', 0x86),
  unary('i16x8.extend_low_i8x16_s', 0x87), unary('i16x8.extend_high_i8x16_s', 0x88), unary('i16x8.extend_low_i8x16_u', 0x89), unary('i16x8.extend_high_i8x16_u', 0x8a),
  unary('i32x4.extend_low_i16x8_s', 0xa7), unary('i32x4.extend_high_i16x8_s', 0xa8), unary('i32x4.extend_low_i16x8_u', 0xa9), unary('i32x4.extend_high_i16x8_u', 0xaa),
  unary('i64x2.extend_low_i32x4_s', 0xc7), unary('i64x2.extend_high_i32x4_s', 0xc8), unary('i64x2.extend_low_i32x4_u', 0xc9), unary('i64x2.extend_high_i32x4_u', 0xca),
  binary('i16x8.extmul_low_i8x16_s', 0x9c), binary('i32x4.extmul_high_i16x8_u', 0xbf), binary('i64x2.extmul_low_i32x4_s', 0xdc),
  binary('i32x4.dot_i16x8_s', 0xba),
  loadExtend('v128.load8x8_s', 0x01), loadExtend('v128.load8x8_u', 0x02), loadExtend('v128.load16x4_s', 0x03),
  loadExtend('v128.load16x4_u', 0x04), loadExtend('v128.load32x2_s', 0x05), loadExtend('v128.load32x2_u', 0x06),
  // Unary integer ops and reductions.
  unary('i8x16.abs', 0x60), unary('i8x16.neg', 0x61), unary('i8x16.popcnt', 0x62), unary('i16x8.abs', 0x80), unary('i16x8.neg', 0x81),
  unary('i32x4.abs', 0xa0), unary('i32x4.neg', 0xa1), unary('i64x2.abs', 0xc0), unary('i64x2.neg', 0xc1),
  reduce('v128.any_true', 0x53), reduce('i8x16.all_true', 0x63), reduce('i8x16.bitmask', 0x64), reduce('i16x8.all_true', 0x83),
  reduce('i16x8.bitmask', 0x84), reduce('i32x4.all_true', 0xa3), reduce('i32x4.bitmask', 0xa4), reduce('i64x2.all_true', 0xc3), reduce('i64x2.bitmask', 0xc4),
  // Float lanes: compares, min/max, sqrt, rounding, sign ops, conversions.
  binary('f32x4.eq', 0x41), binary('f32x4.ne', 0x42), binary('f32x4.lt', 0x43), binary('f32x4.gt', 0x44), binary('f32x4.le', 0x45), binary('f32x4.ge', 0x46),
  binary('f64x2.eq', 0x47), binary('f64x2.ne', 0x48), binary('f64x2.lt', 0x49), binary('f64x2.gt', 0x4a), binary('f64x2.le', 0x4b), binary('f64x2.ge', 0x4c),
  binary('f32x4.min', 0xe8, 'f32'), binary('f32x4.max', 0xe9, 'f32'), binary('f32x4.pmin', 0xea, 'f32'), binary('f32x4.pmax', 0xeb, 'f32'),
  binary('f64x2.min', 0xf4, 'f64'), binary('f64x2.max', 0xf5, 'f64'), binary('f64x2.pmin', 0xf6, 'f64'), binary('f64x2.pmax', 0xf7, 'f64'),
  unary('f32x4.ceil', 0x67, 'f32'), unary('f32x4.floor', 0x68, 'f32'), unary('f32x4.trunc', 0x69, 'f32'), unary('f32x4.nearest', 0x6a, 'f32'),
  unary('f64x2.ceil', 0x74, 'f64'), unary('f64x2.floor', 0x75, 'f64'), unary('f64x2.trunc', 0x7a, 'f64'), unary('f64x2.nearest', 0x94, 'f64'),
  unary('f32x4.abs', 0xe0), unary('f32x4.neg', 0xe1), unary('f32x4.sqrt', 0xe3, 'f32'),
  unary('f64x2.abs', 0xec), unary('f64x2.neg', 0xed), unary('f64x2.sqrt', 0xef, 'f64'),
  unary('i32x4.trunc_sat_f32x4_s', 0xf8), unary('i32x4.trunc_sat_f32x4_u', 0xf9),
  unary('f32x4.convert_i32x4_s', 0xfa, 'f32'), unary('f32x4.convert_i32x4_u', 0xfb, 'f32'),
  unary('i32x4.trunc_sat_f64x2_s_zero', 0xfc), unary('i32x4.trunc_sat_f64x2_u_zero', 0xfd),
  unary('f64x2.convert_low_i32x4_s', 0xfe, 'f64'), unary('f64x2.convert_low_i32x4_u', 0xff, 'f64'),
  unary('f32x4.demote_f64x2_zero', 0x5e, 'f32'), unary('f64x2.promote_low_f32x4', 0x5f, 'f64'),
];

/** Pulley ops the JS tier must translate inline (checked present in the module's bytecode, so the check is never empty). */
const INLINE = [
  'vaddi8x16', 'vsubi8x16', 'vaddi16x8', 'vsubi16x8', 'vmuli16x8', 'vaddi32x4', 'vsubi32x4', 'vmuli32x4',
  'vaddi64x2', 'vsubi64x2', 'vmuli64x2', 'vband128', 'vbor128', 'vbxor128', 'vbnot128', 'vbitselect128',
  'veq8x16', 'vneq8x16', 'vslt8x16', 'vult8x16', 'veq32x4', 'vslt32x4', 'vult32x4', 'veq64x2', 'vneq64x2',
  'vswizzlei8x16', 'vshuffle', 'vconst128', 'vshli8x16', 'vshri16x8_s', 'vshri32x4_u', 'vshli64x2', 'vshri64x2_s',
  'vsplatx8', 'vsplatx16', 'vsplatx32', 'vsplatx64', 'vsplatf32', 'vsplatf64',
  'xextractv8x16', 'xextractv16x8', 'xextractv32x4', 'xextractv64x2', 'fextractv32x4', 'fextractv64x2',
  'vinsertx8', 'vinsertx16', 'vinsertx32', 'vinsertx64', 'vinsertf32', 'vinsertf64',
  'vaddi8x16_sat', 'vaddu8x16_sat', 'vaddi16x8_sat', 'vaddu16x8_sat', 'vsubi8x16_sat', 'vsubu8x16_sat', 'vsubi16x8_sat', 'vsubu16x8_sat',
  'vaddpairwisei16x8_s', 'vaddpairwisei32x4_s', 'vqmulrsi16x8', 'vavground8x16', 'vavground16x8', 'vslt64x2', 'vslteq64x2',
  'vmin8x16_s', 'vmin8x16_u', 'vmax8x16_s', 'vmax8x16_u', 'vmin16x8_s', 'vmin16x8_u', 'vmax16x8_s', 'vmax16x8_u',
  'vmin32x4_s', 'vmin32x4_u', 'vmax32x4_s', 'vmax32x4_u', 'vabs8x16', 'vabs16x8', 'vabs32x4', 'vabs64x2',
  'vneg8x16', 'vneg16x8', 'vneg32x4', 'vneg64x2', 'vpopcnt8x16',
  'vwidenlow8x16_s', 'vwidenlow8x16_u', 'vwidenhigh8x16_s', 'vwidenhigh8x16_u', 'vwidenlow16x8_s', 'vwidenlow16x8_u',
  'vwidenhigh16x8_s', 'vwidenhigh16x8_u', 'vwidenlow32x4_s', 'vwidenlow32x4_u', 'vwidenhigh32x4_s', 'vwidenhigh32x4_u',
  'vnarrow16x8_s', 'vnarrow16x8_u', 'vnarrow32x4_s', 'vnarrow32x4_u', 'vnarrow64x2_s', 'vunarrow64x2_u',
  'vanytrue8x16', 'valltrue8x16', 'valltrue16x8', 'valltrue32x4', 'valltrue64x2',
  'vbitmask8x16', 'vbitmask16x8', 'vbitmask32x4', 'vbitmask64x2',
  'veqf32x4', 'vneqf32x4', 'vltf32x4', 'vlteqf32x4', 'veqf64x2', 'vneqf64x2', 'vltf64x2', 'vlteqf64x2',
  'vabsf32x4', 'vnegf32x4', 'vabsf64x2', 'vnegf64x2', 'vf32x4_from_i32x4_s', 'vf32x4_from_i32x4_u',
  'vf64x2_from_i64x2_s', 'vf64x2_from_i64x2_u', 'vi32x4_from_f32x4_s', 'vi32x4_from_f32x4_u',
];
/** Pulley's vector ops: those named v... and those with a v register operand (extract, bitmask...). */
const isVectorOp = (op: OpInfo) => op.mnemonic.startsWith('v') || op.operands.some((o) => o.type.includes('VReg'));

/** Float lane ops: inline, with the handler only on a NaN lane. */
const INLINE_FLOAT = ['vaddf32x4', 'vsubf32x4', 'vmulf32x4', 'vdivf32x4', 'vaddf64x2', 'vsubf64x2', 'vmulf64x2', 'vdivf64x2',
  'vminimumf32x4', 'vmaximumf32x4', 'vminimumf64x2', 'vmaximumf64x2', 'vsqrt32x4', 'vsqrt64x2',
  'vceil32x4', 'vfloor32x4', 'vtrunc32x4', 'vnearest32x4', 'vceil64x2', 'vfloor64x2', 'vtrunc64x2', 'vnearest64x2',
  'vfpromotelow', 'vfdemote',
  // Handler only for a lane out of i64 range (it saturates).
  'vi64x2_from_f64x2_s', 'vi64x2_from_f64x2_u'];

const OOB_LOAD: Case = { name: 'oob load', body: [...get(0), ...get(1), ...load, ...store] };
const OOB_STORE: Case = { name: 'oob store', body: [...get(1), ...get(2), ...load, ...store] };
const ALL = [...CASES, OOB_LOAD, OOB_STORE];

const { bytes } = buildModule({
  types: [[[i32, i32, i32], []]],
  memory: { min: 1 },
  funcs: ALL.map((c) => ({ type: 0, locals: [v128], body: c.body })),
  exports: [
    ...ALL.map((c, index) => ({ name: c.name, kind: 'func' as const, index })),
    { name: 'memory', kind: 'memory' as const, index: 0 },
  ],
});

const SPECIAL_F32 = [0, -0, 1, -1, 1.5, Infinity, -Infinity, NaN, 3.4e38, 1e-45, -2.5, 0.1];
const SPECIAL_F64 = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1.7e308, 5e-324, 0.1, -3.25, 2 ** 53];
const SPECIAL_AT = 4096;
/** Integer lane edges (i8, i16, i32, i64 minimum / maximum / -1 / 0 / 1...) for saturation, abs, neg, narrowing. */
const INT_EDGES_AT = SPECIAL_AT + 256;
const INT_EDGES = [0x7f80ff00, 0x817e01fe, 0x7fff8000, 0x0000ffff, 0x80000000, 0x7fffffff, -1, 1,
  0, 0x80000000, -1, 0x7fffffff, 0xffff8000, 0x7fff, 0xff80, 0x100];
/** Floats at the edges of the integer conversions (trunc_sat, convert) and rounding ties. */
const CONVERT_F32_AT = INT_EDGES_AT + 64;
const CONVERT_F32 = [2147483520, 2147483648, -2147483648, -2147483904, 4294967040, 4294967296, -0.9, -1, 2.5, -3.5, 0.5, -0.5];
const CONVERT_F64_AT = CONVERT_F32_AT + 48;
const CONVERT_F64 = [2147483647.9, 2147483648, -2147483648.9, -2147483649, 4294967295.5, 4294967296, -0.5, -1.5, 9.3e18, -9.3e18, 2.5, 1.8e19];

/** Memory contents: pseudo-random bytes (a fixed LCG), then special float values at SPECIAL_AT. */
function fillMemory(mem: Uint8Array): void {
  let seed = 12345;
  for (let i = 0; i < SPECIAL_AT; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    mem[i] = seed >>> 24;
  }
  const view = new DataView(mem.buffer);
  SPECIAL_F32.forEach((x, i) => view.setFloat32(SPECIAL_AT + 4 * i, x, true));
  view.setUint32(SPECIAL_AT + 4 * SPECIAL_F32.length, 0x7fa00001, true); // a signalling NaN
  SPECIAL_F64.forEach((x, i) => view.setFloat64(SPECIAL_AT + 64 + 8 * i, x, true));
  INT_EDGES.forEach((x, i) => view.setInt32(INT_EDGES_AT + 4 * i, x | 0, true));
  CONVERT_F32.forEach((x, i) => view.setFloat32(CONVERT_F32_AT + 4 * i, x, true));
  CONVERT_F64.forEach((x, i) => view.setFloat64(CONVERT_F64_AT + 8 * i, x, true));
}

const SOURCES = [0, 16, 48, 7, 1001, SPECIAL_AT, SPECIAL_AT + 16, SPECIAL_AT + 32, SPECIAL_AT + 40, SPECIAL_AT + 64, SPECIAL_AT + 80,
  SPECIAL_AT + 112, INT_EDGES_AT, INT_EDGES_AT + 16, INT_EDGES_AT + 32, INT_EDGES_AT + 48, CONVERT_F32_AT, CONVERT_F32_AT + 16,
  CONVERT_F32_AT + 32, CONVERT_F64_AT, CONVERT_F64_AT + 16, CONVERT_F64_AT + 32, CONVERT_F64_AT + 48, CONVERT_F64_AT + 64, CONVERT_F64_AT + 80];
const SHIFTS = [0, 1, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, -1];
const DST = 8192;

type Exports = Record<string, (...args: number[]) => void> & { memory: { buffer: ArrayBuffer } };

function instances() {
  // Ours and Node's have the same shape; typed as Node's, one constructor call fits both.
  const make = (W: typeof WebAssembly) => new W.Instance(new W.Module(bytes)).exports as unknown as Exports;
  const all = {
    js: make(createWebAssembly({ tier: 'js' }) as unknown as typeof WebAssembly),
    interp: make(createWebAssembly({ tier: 'interp' }) as unknown as typeof WebAssembly),
    node: make(WebAssembly),
  };
  for (const e of Object.values(all)) fillMemory(new Uint8Array(e.memory.buffer));
  return all;
}

/** The 16 bytes at `at` as the kind's lanes: hex words, and float lanes as values (NaN as 'NaN'). */
function lanes(mem: ArrayBuffer, at: number, kind: Kind): string[] {
  const view = new DataView(mem, at, 16);
  if (kind === 'f32') return [0, 1, 2, 3].map((i) => { const x = view.getFloat32(4 * i, true); return Number.isNaN(x) ? 'NaN' : view.getUint32(4 * i, true).toString(16); });
  if (kind === 'f64') return [0, 1].map((i) => { const x = view.getFloat64(8 * i, true); return Number.isNaN(x) ? 'NaN' : view.getBigUint64(8 * i, true).toString(16); });
  return [0, 1, 2, 3].map((i) => view.getUint32(4 * i, true).toString(16));
}

function outcome(f: () => void): string {
  try { f(); return 'ok'; } catch (e) { return `threw ${(e as Error).constructor.name}`; }
}

describe('inline vector ops on the JS tier', () => {
  it('are translated inline: no handler call for them in the generated code', () => {
    const compiled = compileModule(bytes);
    const unit = generateUnit(compiled.code, unitFunctionsOf(compiled));
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const f of unit.functions) {
      const end = unitFunctionsOf(compiled).find((u) => u.entry === f.entry)!.end;
      for (let pc = f.entry; pc < end;) {
        const instr = decodeInstr(compiled.code, pc, { checked: false });
        const name = instr.op.mnemonic;
        const call = `H[${instr.op.index}](m, ${pc}, `;
        if (INLINE.includes(name) && f.source.includes(call)) problems.push(`${name} at pc ${pc} calls its handler`);
        // Float ops call it only on a NaN lane, not as the translator's generic fallback (`r = H[...]`).
        if (INLINE_FLOAT.includes(name) && f.source.includes(`r = ${call}`)) problems.push(`${name} at pc ${pc} is not inline`);
        // No vector op but vfma (relaxed SIMD only) is left to the translator's generic fallback.
        if (isVectorOp(instr.op) && !name.startsWith('vfma') && f.source.includes(`r = ${call}`)) problems.push(`${name} at pc ${pc} falls back`);
        seen.add(name);
        pc += instr.size;
      }
    }
    expect(problems).toEqual([]);
    expect([...INLINE, ...INLINE_FLOAT].filter((name) => !seen.has(name)), 'ops the module was meant to contain').toEqual([]);
    // The names above are Pulley 35 mnemonics (opByMnemonic throws otherwise).
    for (const name of [...INLINE, ...INLINE_FLOAT]) opByMnemonic(name);
  });

  it('give what Node gives, and the interpreter\'s exact bytes', () => {
    const { js, interp, node } = instances();
    const mismatches: string[] = [];
    for (const c of CASES) {
      const seconds = c.shift ? SHIFTS : SOURCES;
      for (const a of SOURCES) {
        for (const b of seconds) {
          for (const e of [js, interp, node]) e[c.name]!(DST, a, b);
          const kind = c.kind ?? 'bits';
          const mine = lanes(js.memory.buffer, DST, kind);
          const theirs = lanes(node.memory.buffer, DST, kind);
          const exact = lanes(js.memory.buffer, DST, 'bits').join() === lanes(interp.memory.buffer, DST, 'bits').join();
          if (mine.join() !== theirs.join() || !exact) {
            if (mismatches.length < 10) mismatches.push(`${c.name}(${a}, ${b}): js ${lanes(js.memory.buffer, DST, 'bits')} interp ${lanes(interp.memory.buffer, DST, 'bits')} node ${theirs}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(Buffer.compare(new Uint8Array(js.memory.buffer), new Uint8Array(interp.memory.buffer))).toBe(0);
  });

  it('trap out of bounds as Node does, memory untouched by a failed store', () => {
    const { js, node } = instances();
    const end = 65536;
    for (const [name, a, b] of [['oob load', end - 16, 0], ['oob load', end - 8, 0], ['oob load', -1, 0],
      ['oob store', end - 16, 0], ['oob store', end - 8, 16], ['oob store', end - 1, 32]] as const) {
      expect(outcome(() => js[name]!(DST, a, b)), `${name} ${a} ${b}`).toBe(outcome(() => node[name]!(DST, a, b)));
    }
    expect(Buffer.compare(new Uint8Array(js.memory.buffer), new Uint8Array(node.memory.buffer))).toBe(0);
  });
});
