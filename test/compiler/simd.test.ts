// SIMD in the compiler where the spec files are thin: v128 values under register
// pressure (locals and operand depths beyond the registers, live across calls, more v128
// parameters than v registers), multi-instruction lowerings whose result goes straight
// into a local that is also an operand, and large-offset accesses. Node's WebAssembly
// runs the same bytes as the oracle; inputs are random bytes in memory, outputs are
// compared byte for byte, and whether it traps.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { wasmOp } from '../../src/wasm/opcodes.js';
import { type ModuleDef, buildModule, i32, sleb, uleb } from '../api/wasm-builder.js';

const v128 = 0x7b;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, I32_CONST = 0x41, CALL = 0x10;

/** A SIMD instruction: 0xfd, its sub-opcode, then immediates. */
function simd(name: string, ...imm: number[]): number[] {
  const info = wasmOp(name);
  return [0xfd, ...uleb(info.code), ...imm];
}
/** memarg: alignment 0, offset. */
const mem = (offset: number): number[] => [0, ...uleb(offset)];
const get = (i: number): number[] => [LOCAL_GET, ...uleb(i)];
const set = (i: number): number[] => [LOCAL_SET, ...uleb(i)];
const i32c = (n: number): number[] => [I32_CONST, ...sleb(n)];
/** v128.load of input vector k (inputs are 16-byte vectors at 16 * k). */
const input = (k: number): number[] => [...i32c(16 * k), ...simd('v128.load', ...mem(0))];
/** Stores the v128 on top of the stack as output vector k (outputs start at OUT). */
const OUT = 4096;
const output = (k: number, value: number[]): number[] => [...i32c(OUT + 16 * k), ...value, ...simd('v128.store', ...mem(0))];

type Engine = { Module: new (b: Uint8Array) => object; Instance: new (m: object, i?: object) => { exports: Record<string, unknown> } };

/** Runs `run` of the module on `engine` with memory seeded by `seed`; returns output bytes and trap message. */
function runOn(engine: Engine, bytes: Uint8Array, seed: Uint8Array, outVectors: number): { out: number[]; trap?: string } {
  const { exports } = new engine.Instance(new engine.Module(bytes), {});
  const memory = exports.mem as { buffer: ArrayBuffer };
  new Uint8Array(memory.buffer).set(seed, 0);
  let trap: string | undefined;
  try { (exports.run as () => void)(); } catch (e) { trap = (e as Error).message; }
  return { out: [...new Uint8Array(memory.buffer, OUT, 16 * outVectors)], trap };
}

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  // Some special float lanes (NaN, -0, inf) among the random ones.
  const special = [0x7fc00000, 0x80000000, 0x7f800000, 0xff800000];
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) view.setUint32(16 * i + 4 * (i % 4), special[i % 4]!, true);
  return out;
}

function check(def: ModuleDef, outVectors: number, tier: 'interp' | 'js'): void {
  const { bytes } = buildModule({ ...def, memory: { min: 1 }, exports: [...def.exports ?? [], { name: 'mem', kind: 'memory', index: 0 }] });
  const ours = createWebAssembly({ tier }) as unknown as Engine;
  for (const seed of [1, 2, 3]) {
    const data = randomBytes(1024, seed);
    const expected = runOn(WebAssembly as unknown as Engine, bytes, data, outVectors);
    const actual = runOn(ours, bytes, data, outVectors);
    // Trap or not as Node does (messages differ between engines: ours are the spec's).
    expect(actual.trap === undefined, actual.trap).toBe(expected.trap === undefined);
    if (actual.trap !== undefined) expect(actual.trap).toMatch(/out of bounds memory access/);
    expect(actual.out).toEqual(expected.out);
  }
}

const runExport = [{ name: 'run', kind: 'func' as const, index: 0 }];

/** The ops whose lowering is more than one Pulley op, each binary except where noted. */
const SEQUENCES = [
  'i32x4.dot_i16x8_s', 'i16x8.extmul_low_i8x16_s', 'i32x4.extmul_high_i16x8_u', 'i64x2.extmul_low_i32x4_s',
  'f32x4.pmin', 'f32x4.pmax', 'f64x2.pmin', 'f64x2.pmax', 'v128.andnot', 'i8x16.shuffle',
];
const UNARY_SEQUENCES = [
  'i16x8.extadd_pairwise_i8x16_s', 'i32x4.extadd_pairwise_i16x8_u', 'i32x4.trunc_sat_f64x2_s_zero',
  'i32x4.trunc_sat_f64x2_u_zero', 'f64x2.convert_low_i32x4_s', 'f64x2.convert_low_i32x4_u',
];
const SHUFFLE_MASK = [31, 0, 17, 2, 3, 19, 5, 20, 8, 30, 1, 16, 12, 13, 14, 15];
const withImm = (name: string): number[] => simd(name, ...(name === 'i8x16.shuffle' ? SHUFFLE_MASK : []));

describe.each(['interp', 'js'] as const)('SIMD lowering vs Node (%s)', (tier) => {
  it('writes multi-op results into a local that is also an operand', () => {
    const body: number[] = [];
    let k = 0;
    for (const name of SEQUENCES) {
      for (const target of [0, 1]) {
        body.push(...input(0), ...set(0), ...input(1), ...set(1));
        body.push(...get(0), ...get(1), ...withImm(name), ...set(target));
        body.push(...output(k++, get(target)));
      }
    }
    for (const name of UNARY_SEQUENCES) {
      body.push(...input(2), ...set(0), ...get(0), ...simd(name), ...set(0), ...output(k++, get(0)));
    }
    // bitselect with each operand aliased by the destination.
    for (const target of [0, 1, 2]) {
      body.push(...input(3), ...set(0), ...input(4), ...set(1), ...input(5), ...set(2));
      body.push(...get(0), ...get(1), ...get(2), ...simd('v128.bitselect'), ...set(target), ...output(k++, get(target)));
    }
    check({ types: [[[], []]], funcs: [{ type: 0, locals: [v128, v128, v128], body }], exports: runExport }, k, tier);
  });

  it('keeps v128 locals and operand depths beyond the registers', () => {
    const locals = 20;
    const body: number[] = [];
    for (let i = 0; i < locals; i++) body.push(...input(i % 16), ...set(i));
    // 20 values deep on the operand stack, each a mix of two locals, then summed.
    for (let i = 0; i < locals; i++) body.push(...get(i), ...get((i * 7 + 3) % locals), ...simd('i8x16.sub'));
    for (let i = 1; i < locals; i++) body.push(...simd('i32x4.add'));
    body.push(...set(0));
    for (let i = 0; i < locals; i++) body.push(...output(i, get(i)));
    check({ types: [[[], []]], funcs: [{ type: 0, locals: Array(locals).fill(v128), body }], exports: runExport }, locals, tier);
  });

  it('passes v128 arguments and results through calls, also on the stack, with live v128 values around', () => {
    const params = 18;
    // callee(v128 x18, i32, f64-free mix) -> (v128, v128, i32): results from its arguments.
    const calleeType: [number[], number[]] = [[...Array(params).fill(v128), i32], [v128, v128, v128]];
    const callee: number[] = [
      ...get(0), ...get(params - 1), ...simd('i16x8.add'),
      ...get(params - 2), ...get(params), ...simd('i32x4.replace_lane', 1),
      ...get(5), ...get(16), ...simd('v128.xor'),
    ];
    // Local 4 is set before the call and read after (the callee's own v128 locals must not clobber it).
    const body: number[] = [...input(13), ...set(4), ...input(15), ...input(14)]; // live below the call
    for (let i = 0; i < params; i++) body.push(...input(i % 16));
    body.push(...i32c(0x12345678), CALL, 1);
    for (let j = 2; j >= 0; j--) body.push(...set(j));
    body.push(...simd('i64x2.sub'), ...set(3));
    for (let j = 0; j < 5; j++) body.push(...output(j, get(j)));
    check({
      types: [[[], []], calleeType],
      funcs: [{ type: 0, locals: Array(5).fill(v128), body }, { type: 1, body: callee }],
      exports: runExport,
    }, 5, tier);
  });

  it('selects v128 values and carries them out of blocks', () => {
    const body: number[] = [
      ...input(0), ...input(1), ...i32c(0), 0x1b, ...set(0),
      ...input(0), ...input(1), ...i32c(1), 0x1b, ...set(1),
      // block (result v128): br_if out with a v128, else fall through with another.
      0x02, v128, ...input(2), ...i32c(1), 0x0d, 0, 0x1a, ...input(3), 0x0b, ...set(2),
    ];
    for (let j = 0; j < 3; j++) body.push(...output(j, get(j)));
    check({ types: [[[], []]], funcs: [{ type: 0, locals: [v128, v128, v128], body }], exports: runExport }, 3, tier);
  });

  it('checks bounds of every access form, also with offsets beyond 16 bits', () => {
    const forms: [string, number[]][] = [
      ['v128.load', []], ['v128.load8x8_s', []], ['v128.load32_splat', []], ['v128.load64_zero', []],
    ];
    for (const [name] of forms) {
      for (const [addr, offset] of [[65536 - 16, 0], [0, 65536 - 8], [8, 65530], [0, 0x10000], [0x7fffffff, 0x7fffffff]] as const) {
        const body = [...output(0, [...i32c(addr), ...simd(name, ...mem(offset))])];
        check({ types: [[[], []]], funcs: [{ type: 0, body }], exports: runExport }, 1, tier);
      }
    }
    for (const [addr, offset] of [[65536 - 2, 1], [65536 - 2, 0x10000], [65530, 0]] as const) {
      const body = [
        ...i32c(addr), ...input(1), ...simd('v128.store16_lane', ...mem(offset), 3),
        ...output(0, [...i32c(addr & 0xff), ...input(2), ...simd('v128.load32_lane', ...mem(offset), 2)]),
      ];
      check({ types: [[[], []]], funcs: [{ type: 0, body }], exports: runExport }, 1, tier);
    }
  });
});
