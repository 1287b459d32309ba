// Integer scalar ops against hand-computed results (traps, edges, 32-bit writes keeping
// the high word) and against BigInt reference arithmetic on random 64-bit values.

import { describe, expect, it } from 'vitest';
import { OPS_BY_MNEMONIC } from '../../src/isa/ops.js';
import { TrapKind, TrapSignal } from '../../runtime/machine.js';
import { exec, FILL, low32, machineWith, scalarOps, u64, xreg } from './ops-scalar-harness.js';

const MIN64 = -(1n << 63n);
const MAX_U64 = (1n << 64n) - 1n;

/** dst x3 = op(x1, x2) for a BinaryOperands op; the TrapSignal if it traps. */
function bin(op: string, a: bigint, b: bigint): bigint | TrapSignal {
  const r = exec(machineWith({ x: { 1: a, 2: b } }), op, [[3, 1, 2]]);
  return r instanceof TrapSignal ? r : xreg(r, 3);
}

/** dst x3 = op(x1) for a `dst src` op. */
function un(op: string, a: bigint): bigint {
  const r = exec(machineWith({ x: { 1: a } }), op, [3, 1]);
  if (r instanceof TrapSignal) throw new Error(`${op} trapped`);
  return xreg(r, 3);
}

/** dst x3 = op(x1, imm) for a `dst src1 imm` op. */
function imm(op: string, a: bigint, k: number): bigint {
  const r = exec(machineWith({ x: { 1: a } }), op, [3, 1, k]);
  if (r instanceof TrapSignal) throw new Error(`${op} trapped`);
  return xreg(r, 3);
}

const trap = (kind: TrapKind | null) => new TrapSignal(kind);

describe('scalar op handlers', () => {
  it('cover exactly ops of the table', () => {
    for (const name of Object.keys(scalarOps)) expect(OPS_BY_MNEMONIC.has(name), name).toBe(true);
    expect(Object.keys(scalarOps).length).toBe(192);
  });
});

describe('integer ops: hand-computed cases', () => {
  const cases: [string, bigint, bigint, bigint | TrapSignal][] = [
    ['xadd32', 0xffffffffn, 1n, low32(0)],
    ['xadd64', 0xffffffffn, 1n, 0x1_0000_0000n],
    ['xadd64', MAX_U64, 1n, 0n],
    ['xsub32', 0n, 1n, low32(0xffffffff)],
    ['xsub64', 0x1_0000_0000n, 1n, 0xffffffffn],
    ['xsub64', 0n, 1n, MAX_U64],
    ['xmul32', 0x10000n, 0x10000n, low32(0)],
    ['xmul64', 0xffffffffn, 0xffffffffn, 0xfffffffe_00000001n],
    ['xmul64', u64(-3n), 5n, u64(-15n)],
    ['xmulhi64_s', u64(-1n), 1n, MAX_U64],
    ['xmulhi64_u', MAX_U64, MAX_U64, 0xffffffff_fffffffen],
    ['xdiv32_s', 0x80000000n, 0xffffffffn, trap(TrapKind.IntegerOverflow)],
    ['xdiv32_s', 5n, 0xffffffff_00000000n, trap(TrapKind.DivideByZero)],
    ['xdiv32_s', u64(-7n), 2n, low32(-3)],
    ['xdiv32_u', 0xffffffffn, 2n, low32(0x7fffffff)],
    ['xdiv32_u', 1n, 0n, trap(TrapKind.DivideByZero)],
    ['xrem32_s', 0x80000000n, 0xffffffffn, low32(0)],
    ['xrem32_s', u64(-7n), 2n, low32(-1)],
    ['xrem32_s', 7n, 0n, trap(TrapKind.DivideByZero)],
    ['xrem32_u', 0xffffffffn, 10n, low32(5)],
    ['xdiv64_s', MIN64, u64(-1n), trap(TrapKind.IntegerOverflow)],
    ['xdiv64_s', 1n, 0n, trap(TrapKind.DivideByZero)],
    ['xdiv64_s', u64(-7n), 2n, u64(-3n)],
    ['xdiv64_u', MAX_U64, 2n, MAX_U64 >> 1n],
    ['xdiv64_u', 1n, 0n, trap(TrapKind.DivideByZero)],
    ['xrem64_s', u64(MIN64), u64(-1n), 0n],
    ['xrem64_s', u64(-7n), 2n, u64(-1n)],
    ['xrem64_s', 1n, 0n, trap(TrapKind.DivideByZero)],
    ['xrem64_u', MAX_U64, 10n, 5n],
    ['xrem64_u', 1n, 0n, trap(TrapKind.DivideByZero)],
    ['xshl32', 1n, 33n, low32(2)],
    ['xshr32_s', 0x80000000n, 31n, low32(-1)],
    ['xshr32_u', 0x80000000n, 63n, low32(1)],
    ['xshl64', 1n, 65n, 2n],
    ['xshl64', 1n, 63n, 1n << 63n],
    ['xshr64_s', 1n << 63n, 63n, MAX_U64],
    ['xshr64_u', 1n << 63n, 63n, 1n],
    ['xshr64_u', 0x12345678_9abcdef0n, 32n, 0x12345678n],
    ['xrotl32', 0x80000001n, 1n, low32(3)],
    ['xrotr32', 1n, 33n, low32(0x80000000)],
    ['xrotl64', 0x80000000_00000001n, 68n, 0x18n],
    ['xrotr64', 1n, 1n, 1n << 63n],
    ['xeq64', 0x1_00000000n, 0n, low32(0)],
    ['xneq64', 0x1_00000000n, 0n, low32(1)],
    ['xslt64', MAX_U64, 0n, low32(1)],
    ['xult64', MAX_U64, 0n, low32(0)],
    ['xslteq64', 5n, 5n, low32(1)],
    ['xulteq64', 0x1_00000000n, 0xffffffffn, low32(0)],
    ['xeq32', 0xaaaa_00000005n, 5n, low32(1)],
    ['xslt32', 0xffffffffn, 0n, low32(1)],
    ['xult32', 0xffffffffn, 0n, low32(0)],
    ['xslteq32', 0x80000000n, 0x80000000n, low32(1)],
    ['xulteq32', 0n, 0xffffffffn, low32(1)],
    ['xmin32_u', 0xffffffffn, 1n, low32(1)],
    ['xmin32_s', 0xffffffffn, 1n, low32(-1)],
    ['xmax32_u', 0xffffffffn, 1n, low32(0xffffffff)],
    ['xmax32_s', 0xffffffffn, 1n, low32(1)],
    ['xmin64_u', MAX_U64, 1n, 1n],
    ['xmin64_s', MAX_U64, 1n, MAX_U64],
    ['xmax64_u', MAX_U64, 1n, MAX_U64],
    ['xmax64_s', 1n << 63n, 0n, 0n],
    ['xband32', 0xff00ff00n, 0x0ff00ff0n, low32(0x0f000f00)],
    ['xband64', 0xff00ff00_00000001n, 0x0ff00ff0_00000003n, 0x0f000f00_00000001n],
    ['xbor32', 0xf0n, 0x0f_0000000fn, low32(0xff)],
    ['xbxor32', 0xffffffffn, 0x0000ffffn, low32(0xffff0000)],
    ['xneq32', 0x1_00000005n, 5n, low32(0)],
    ['xbor64', 0xff000000_00000000n, 0xffn, 0xff000000_000000ffn],
    ['xbxor64', MAX_U64, 0x1_00000001n, 0xfffffffe_fffffffen],
    ['xadd32_uoverflow_trap', 0xffffffffn, 1n, trap(null)],
    ['xadd32_uoverflow_trap', 0xfffffffen, 1n, low32(0xffffffff)],
    ['xadd64_uoverflow_trap', MAX_U64, 1n, trap(null)],
    ['xadd64_uoverflow_trap', 0xffffffffn, 1n, 0x1_00000000n],
  ];
  it.each(cases)('%s(%s, %s)', (op, a, b, expected) => {
    expect(bin(op, a, b)).toEqual(expected);
  });

  const unary: [string, bigint, bigint][] = [
    ['xmov', 0x12345678_9abcdef0n, 0x12345678_9abcdef0n],
    ['xneg32', 0x80000000n, low32(0x80000000)],
    ['xneg64', 1n, MAX_U64],
    ['xneg64', 0x1_00000000n, u64(-0x1_00000000n)],
    ['xabs32', 0x80000000n, low32(0x80000000)],
    ['xabs32', 0xfffffffbn, low32(5)],
    ['xabs64', u64(-5n), 5n],
    ['xabs64', 1n << 63n, 1n << 63n],
    ['xctz32', 0xffff_00000000n, low32(32)],
    ['xctz64', 0n, 64n],
    ['xctz64', 1n << 40n, 40n],
    ['xclz32', 1n, low32(31)],
    ['xclz64', 1n, 63n],
    ['xclz64', 1n << 40n, 23n],
    ['xpopcnt32', MAX_U64, low32(32)],
    ['xpopcnt64', MAX_U64, 64n],
    ['xbnot32', 0n, low32(0xffffffff)],
    ['xbnot64', 0n, MAX_U64],
    ['zext8', MAX_U64, 0xffn],
    ['zext16', 0xffff_12345678n, 0x5678n],
    ['zext32', MAX_U64, 0xffffffffn],
    ['sext8', 0x80n, u64(-128n)],
    ['sext16', 0x7fffn, 0x7fffn],
    ['sext32', 0x80000000n, u64(-0x80000000n)],
    ['bswap32', 0x01020304n, low32(0x04030201)],
    ['bswap64', 0x01020304_05060708n, 0x08070605_04030201n],
    ['xbmask32', 0x1_00000000n, low32(0)],
    ['xbmask32', 0x100n, low32(0xffffffff)],
    ['xbmask64', 0x1_00000000n, MAX_U64],
    ['xbmask64', 0n, 0n],
  ];
  it.each(unary)('%s(%s)', (op, a, expected) => {
    expect(un(op, a)).toBe(expected);
  });

  const immediates: [string, bigint, number, bigint][] = [
    ['xadd32_u8', 0xffffffffn, 255, low32(254)],
    ['xadd32_u32', 1n, 0xffffffff, low32(0)],
    ['xadd64_u8', 0xffffffffn, 1, 0x1_00000000n],
    ['xadd64_u32', 1n, 0xffffffff, 0x1_00000000n],
    ['xsub32_u8', 0n, 1, low32(0xffffffff)],
    ['xsub64_u8', 0n, 255, u64(-255n)],
    ['xsub64_u32', 0n, 0xffffffff, u64(-0xffffffffn)],
    ['xmul32_s8', 3n, -1, low32(-3)],
    ['xmul32_s32', 0x10000n, 0x10000, low32(0)],
    ['xmul64_s8', 3n, -1, u64(-3n)],
    ['xmul64_s32', 0x1_00000000n, -2, u64(-0x2_00000000n)],
    ['xband32_s8', 0xffffffffn, -2, low32(0xfffffffe)],
    ['xband32_s32', 0xffffffffn, 0x0f0f0f0f, low32(0x0f0f0f0f)],
    ['xband64_s8', MAX_U64, -2, u64(-2n)],
    ['xband64_s32', MAX_U64, 0x7fffffff, 0x7fffffffn],
    ['xbor32_s8', 0n, -128, low32(0xffffff80)],
    ['xbor64_s8', 0n, -128, u64(-128n)],
    ['xbor64_s32', 0n, -1, MAX_U64],
    ['xbor32_s32', 0x10n, 0x01, low32(0x11)],
    ['xbxor32_s8', 0n, -1, low32(0xffffffff)],
    ['xbxor32_s32', 0xffn, 0xff, low32(0)],
    ['xbxor64_s8', 0n, -1, MAX_U64],
    ['xbxor64_s32', MAX_U64, 1, u64(-2n)],
  ];
  it.each(immediates)('%s(%s, imm %s)', (op, a, k, expected) => {
    expect(imm(op, a, k)).toBe(expected);
  });

  it('shift by u6 immediates (32-bit ones mask to 5 bits)', () => {
    const u6 = (op: string, a: bigint, k: number) =>
      xreg(exec(machineWith({ x: { 1: a } }), op, [[3, 1, k]]) as any, 3);
    expect(u6('xshl32_u6', 1n, 33)).toBe(low32(2));
    expect(u6('xshr32_s_u6', 0x80000000n, 32)).toBe(low32(0x80000000));
    expect(u6('xshr32_u_u6', 0x80000000n, 4)).toBe(low32(0x08000000));
    expect(u6('xshl64_u6', 1n, 63)).toBe(1n << 63n);
    expect(u6('xshr64_s_u6', 1n << 63n, 1)).toBe(0xc0000000_00000000n);
    expect(u6('xshr64_u_u6', MAX_U64, 60)).toBe(15n);
  });

  it('constants sign-extend to 64 bits', () => {
    const run = (op: string, ops: (number | bigint)[]) => xreg(exec(machineWith({}), op, ops) as any, 4);
    expect(run('xzero', [4])).toBe(0n);
    expect(run('xone', [4])).toBe(1n);
    expect(run('xconst8', [4, -1])).toBe(MAX_U64);
    expect(run('xconst16', [4, -2])).toBe(u64(-2n));
    expect(run('xconst32', [4, 0x7fffffff])).toBe(0x7fffffffn);
    expect(run('xconst32', [4, -0x80000000])).toBe(u64(-0x80000000n));
    expect(run('xconst64', [4, 0x12345678_9abcdef0n])).toBe(0x12345678_9abcdef0n);
  });

  it('xmadd, selects and 128-bit ops', () => {
    let m = exec(machineWith({ x: { 1: 0xffffffffn, 2: 0xffffffffn, 5: 7n } }), 'xmadd64', [3, 1, 2, 5]) as any;
    expect(xreg(m, 3)).toBe(0xfffffffe_00000008n);
    m = exec(machineWith({ x: { 1: 0x10000n, 2: 0x10000n, 5: 7n } }), 'xmadd32', [3, 1, 2, 5]) as any;
    expect(xreg(m, 3)).toBe(low32(7));
    // The condition is the low 32 bits only.
    m = exec(machineWith({ x: { 1: 0x1_00000000n, 2: 11n, 4: 22n } }), 'xselect64', [3, 1, 2, 4]);
    expect(xreg(m, 3)).toBe(22n);
    m = exec(machineWith({ x: { 1: 1n, 2: 0x5_0000000bn, 4: 22n } }), 'xselect32', [3, 1, 2, 4]);
    expect(xreg(m, 3)).toBe(low32(11));
    // (2^64 - 1) + 1 = 2^64: carry into the high register.
    m = exec(machineWith({ x: { 1: MAX_U64, 2: 0n, 4: 1n, 5: 0n } }), 'xadd128', [6, 7, 1, 2, 4, 5]);
    expect([xreg(m, 6), xreg(m, 7)]).toEqual([0n, 1n]);
    m = exec(machineWith({ x: { 1: 0n, 2: 1n, 4: 1n, 5: 0n } }), 'xsub128', [6, 7, 1, 2, 4, 5]);
    expect([xreg(m, 6), xreg(m, 7)]).toEqual([MAX_U64, 0n]);
    m = exec(machineWith({ x: { 1: u64(-1n), 2: 1n } }), 'xwidemul64_s', [6, 7, 1, 2]);
    expect([xreg(m, 6), xreg(m, 7)]).toEqual([MAX_U64, MAX_U64]);
    m = exec(machineWith({ x: { 1: MAX_U64, 2: MAX_U64 } }), 'xwidemul64_u', [6, 7, 1, 2]);
    expect([xreg(m, 6), xreg(m, 7)]).toEqual([1n, MAX_U64 - 1n]);
    // Same register for lo and hi: hi is written last and wins.
    m = exec(machineWith({ x: { 1: MAX_U64, 2: 2n } }), 'xwidemul64_u', [6, 6, 1, 2]);
    expect(xreg(m, 6)).toBe(1n);
  });

  it('leaves untouched registers alone', () => {
    const m = exec(machineWith({ x: { 1: 1n, 2: 2n } }), 'xadd64', [[1, 1, 2]]) as any;
    expect(xreg(m, 1)).toBe(3n);
    expect(xreg(m, 0)).toBe(FILL);
    expect(xreg(m, 31)).toBe(FILL);
  });
});

// ## Random 64-bit values against BigInt arithmetic (an independent reference)

function* randomU64(count: number): Generator<bigint> {
  const edges = [0n, 1n, 2n, 31n, 32n, 63n, 64n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x1_00000000n,
    MIN64 & MAX_U64, (1n << 63n) - 1n, MAX_U64, MAX_U64 - 1n];
  yield* edges;
  let s = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < count; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & MAX_U64;
    // Mix in short values so carries, signs and small shifts all occur.
    const shift = BigInt(Number(s >> 58n));
    yield i % 3 === 0 ? s >> shift : s;
  }
}

const signed = (v: bigint) => BigInt.asIntN(64, v);
const b = (c: boolean) => low32(c ? 1 : 0);
const rotl = (a: bigint, s: bigint) => u64((a << (s & 63n)) | (a >> ((64n - (s & 63n)) & 63n)));

/** Ops whose 0/1 result goes to the low word only. */
const COMPARES = new Set(['xeq64', 'xneq64', 'xslt64', 'xslteq64', 'xult64', 'xulteq64']);

const reference: Record<string, (a: bigint, b: bigint) => bigint> = {
  xadd64: (x, y) => u64(x + y),
  xsub64: (x, y) => u64(x - y),
  xmul64: (x, y) => u64(x * y),
  xmulhi64_u: (x, y) => (x * y) >> 64n,
  xmulhi64_s: (x, y) => u64((signed(x) * signed(y)) >> 64n),
  xshl64: (x, y) => u64(x << (y & 63n)),
  xshr64_u: (x, y) => x >> (y & 63n),
  xshr64_s: (x, y) => u64(signed(x) >> (y & 63n)),
  xrotl64: (x, y) => rotl(x, y & 0xffffffffn),
  xrotr64: (x, y) => rotl(x, (64n - (y & 63n)) & 63n),
  xeq64: (x, y) => b(x === y),
  xneq64: (x, y) => b(x !== y),
  xslt64: (x, y) => b(signed(x) < signed(y)),
  xslteq64: (x, y) => b(signed(x) <= signed(y)),
  xult64: (x, y) => b(x < y),
  xulteq64: (x, y) => b(x <= y),
  xmin64_u: (x, y) => (x < y ? x : y),
  xmax64_u: (x, y) => (x > y ? x : y),
  xmin64_s: (x, y) => (signed(x) < signed(y) ? x : y),
  xmax64_s: (x, y) => (signed(x) > signed(y) ? x : y),
};

describe('64-bit integer ops match BigInt arithmetic on random values', () => {
  const values = [...randomU64(60)];
  for (const [op, ref] of Object.entries(reference)) {
    it(op, () => {
      for (const x of values) {
        for (const y of values.slice(0, 25)) {
          expect(bin(op, x, y), `${op}(${x}, ${y})`).toBe(ref(x, y));
        }
        // The same register as both sources and destination.
        const m = exec(machineWith({ x: { 1: x } }), op, [[1, 1, 1]]) as any;
        const same = COMPARES.has(op) ? (x & ~0xffffffffn) | (ref(x, x) & 0xffffffffn) : ref(x, x);
        expect(xreg(m, 1), `${op}(${x}, same)`).toBe(same);
      }
    });
  }

  it('unary ops', () => {
    const popcount = (v: bigint) => BigInt([...v.toString(2)].filter((c) => c === '1').length);
    const bits = (v: bigint) => v.toString(2).length;
    for (const x of values) {
      expect(un('xneg64', x)).toBe(u64(-x));
      expect(un('xabs64', x)).toBe(u64(signed(x) < 0n ? -signed(x) : signed(x)));
      expect(un('xpopcnt64', x)).toBe(popcount(x));
      expect(un('xclz64', x)).toBe(x === 0n ? 64n : 64n - BigInt(bits(x)));
      expect(un('xctz64', x)).toBe(x === 0n ? 64n : BigInt(bits(x & -x) - 1));
      expect(un('sext8', x)).toBe(u64(BigInt.asIntN(8, x)));
      expect(un('sext16', x)).toBe(u64(BigInt.asIntN(16, x)));
    }
  });
});

// ## 32-bit ops, the 128-bit ops and the immediate forms on random values

const u32 = (v: bigint) => BigInt.asUintN(32, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const rotl32 = (a: bigint, s: bigint) => u32((u32(a) << (s & 31n)) | (u32(a) >> ((32n - (s & 31n)) & 31n)));

const reference32: Record<string, (a: bigint, b: bigint) => bigint | 'trap'> = {
  xadd32: (x, y) => x + y,
  xsub32: (x, y) => x - y,
  xmul32: (x, y) => x * y,
  xshl32: (x, y) => u32(x) << (y & 31n),
  xshr32_u: (x, y) => u32(x) >> (y & 31n),
  xshr32_s: (x, y) => s32(x) >> (y & 31n),
  xrotl32: (x, y) => rotl32(x, y),
  xrotr32: (x, y) => rotl32(x, 32n - (y & 31n)),
  xeq32: (x, y) => (u32(x) === u32(y) ? 1n : 0n),
  xslt32: (x, y) => (s32(x) < s32(y) ? 1n : 0n),
  xulteq32: (x, y) => (u32(x) <= u32(y) ? 1n : 0n),
  xmin32_s: (x, y) => (s32(x) < s32(y) ? x : y),
  xmax32_u: (x, y) => (u32(x) > u32(y) ? x : y),
  xdiv32_s: (x, y) => (u32(y) === 0n || (s32(x) === -(1n << 31n) && s32(y) === -1n) ? 'trap' : s32(x) / s32(y)),
  xdiv32_u: (x, y) => (u32(y) === 0n ? 'trap' : u32(x) / u32(y)),
  xrem32_s: (x, y) => (u32(y) === 0n ? 'trap' : s32(y) === -1n ? 0n : s32(x) % s32(y)),
  xrem32_u: (x, y) => (u32(y) === 0n ? 'trap' : u32(x) % u32(y)),
  xband32: (x, y) => x & y,
  xbxor32: (x, y) => x ^ y,
};

describe('32-bit integer ops match BigInt arithmetic on random values', () => {
  const values = [...randomU64(40)];
  for (const [op, ref] of Object.entries(reference32)) {
    it(op, () => {
      for (const x of values) {
        for (const y of values.slice(0, 30)) {
          const want = ref(x, y);
          const got = bin(op, x, y);
          if (want === 'trap') expect(got, `${op}(${x}, ${y})`).toBeInstanceOf(TrapSignal);
          else expect(got, `${op}(${x}, ${y})`).toBe(low32(want));
        }
      }
    });
  }

  it('immediate forms', () => {
    for (const x of values) {
      for (const k of [0, 1, 5, 127, 128, 255]) {
        const k8 = BigInt((k << 24) >> 24);
        expect(imm('xadd32_u8', x, k)).toBe(low32(x + BigInt(k)));
        expect(imm('xadd64_u8', x, k)).toBe(u64(x + BigInt(k)));
        expect(imm('xsub64_u8', x, k)).toBe(u64(x - BigInt(k)));
        expect(imm('xmul64_s8', x, k)).toBe(u64(x * k8));
        expect(imm('xband64_s8', x, k)).toBe(u64(x & k8));
        expect(imm('xbor32_s8', x, k)).toBe(low32(x | k8));
      }
      for (const k of [0x7fffffff, -0x80000000, -1, 0x12345678]) {
        expect(imm('xadd64_u32', x, k)).toBe(u64(x + BigInt(k >>> 0)));
        expect(imm('xsub32_u32', x, k)).toBe(low32(x - BigInt(k >>> 0)));
        expect(imm('xmul64_s32', x, k)).toBe(u64(x * BigInt(k)));
        expect(imm('xbxor64_s32', x, k)).toBe(u64(x ^ BigInt(k)));
      }
    }
  });

  it('xmadd64, 128-bit add/sub and widening multiplies', () => {
    const v = values.slice(0, 30);
    for (const a of v) {
      for (const c of v) {
        const d = c ^ 0x5555n;
        let m = exec(machineWith({ x: { 1: a, 2: c, 4: d } }), 'xmadd64', [3, 1, 2, 4]) as any;
        expect(xreg(m, 3)).toBe(u64(a * c + d));
        const lhs = (c << 64n) | a, rhs = (a << 64n) | d;
        const pair = (r: any) => (xreg(r, 7) << 64n) | xreg(r, 6);
        m = exec(machineWith({ x: { 1: a, 2: c, 4: d, 5: a } }), 'xadd128', [6, 7, 1, 2, 4, 5]);
        expect(pair(m)).toBe(BigInt.asUintN(128, lhs + rhs));
        m = exec(machineWith({ x: { 1: a, 2: c, 4: d, 5: a } }), 'xsub128', [6, 7, 1, 2, 4, 5]);
        expect(pair(m)).toBe(BigInt.asUintN(128, lhs - rhs));
        m = exec(machineWith({ x: { 1: a, 2: c } }), 'xwidemul64_s', [6, 7, 1, 2]);
        expect(pair(m)).toBe(BigInt.asUintN(128, signed(a) * signed(c)));
        m = exec(machineWith({ x: { 1: a, 2: c } }), 'xwidemul64_u', [6, 7, 1, 2]);
        expect(pair(m)).toBe(a * c);
      }
    }
  });
});
