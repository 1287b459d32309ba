// The exact NaN bits of f64 add/sub/mul/div/sqrt, on the JS tier and the interpreter. The
// rule is Pulley's on x86-64 (runtime/ops/fmath.ts setNaNResultWords64, NAN64 in the JS
// tier's prelude): a NaN first operand quieted, else a NaN second operand quieted, else
// the default NaN 0xfff8000000000000. The JS tier keeps f64 values in JS doubles; this
// guards any scheme that checks NaN results late (once per run of arithmetic, replaying
// the run when one is NaN, handing a trapping run back to the interpreter): overwritten
// locals, stores in mid-run, loops, traps, compares, selects, calls and conversions.
// Expected bits come from the rule below (ref), never from V8, whose NaN payloads are
// unspecified: Node's WebAssembly only vouches for non-NaN results and for NaN-ness.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { buildModule, f64, i32, i64, sleb, uleb } from '../api/wasm-builder.js';

// ## The reference: IEEE doubles for non-NaN operands, the NaN rule by hand on bits.
const SNAN = 0x7ff0000000000001n, QNAN = 0x7ff8000000000123n, NNAN = 0xfff4000000000005n, DEFAULT_NAN = 0xfff8000000000000n;
const isNaN64 = (b: bigint) => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
const quiet = (b: bigint) => b | 0x0008000000000000n;
const dv = new DataView(new ArrayBuffer(8));
const num = (b: bigint) => { dv.setBigUint64(0, b); return dv.getFloat64(0); }; // NaN bits only for compares
const bits = (x: number) => { dv.setFloat64(0, x); return dv.getBigUint64(0); };
const arith = (f: (x: number, y: number) => number) => (a: bigint, b: bigint): bigint => {
  if (isNaN64(a)) return quiet(a);
  if (isNaN64(b)) return quiet(b);
  const r = f(num(a), num(b));
  return Number.isNaN(r) ? DEFAULT_NAN : bits(r);
};
const add = arith((x, y) => x + y), sub = arith((x, y) => x - y), mul = arith((x, y) => x * y), div = arith((x, y) => x / y);
const sqrt = (a: bigint) => arith((x) => Math.sqrt(x))(a, a);
const [ONE, NEG_ONE, ZERO, INF] = [bits(1), bits(-1), bits(0), bits(Infinity)];
const VALUES = [bits(1.5), bits(-2.25), bits(3), ZERO, bits(-0), INF, bits(-Infinity), bits(1e300), SNAN, QNAN, NNAN];
const hex = (b: bigint | number) => `0x${b.toString(16)}`;

// ## The module. Inputs come in as i64 bits and results leave as i64 bits (reinterpret).
const O = {
  loop: 0x03, end: 0x0b, brIf: 0x0d, call: 0x10, select: 0x1b, get: 0x20, set: 0x21, gget: 0x23, gset: 0x24,
  f64Load: 0x2b, i32Store: 0x36, i64Store: 0x37, f64Store: 0x39, i32Const: 0x41, f64Const: 0x44, i32Eqz: 0x45, i32LtS: 0x48,
  f64Eq: 0x61, f64Ne: 0x62, f64Lt: 0x63, f64Gt: 0x64, f64Le: 0x65, i32Add: 0x6a, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74,
  f64Sqrt: 0x9f, f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3, i32TruncF64S: 0xaa, toBits: 0xbd, fromBits: 0xbf,
};
const { get, set, f64Add: ADD, f64Sub: SUB, f64Mul: MUL, f64Div: DIV, f64Sqrt: SQRT } = O;
const F = (p: number) => [get, p, O.fromBits]; // an i64 parameter as f64
const M = (p: number) => [O.i32Const, ...sleb(256 + 8 * p), O.f64Load, 3, 0]; // the same, through mem[256 + 8p]
const spill = [0, 1, 2].flatMap((p) => [O.i32Const, ...sleb(256 + 8 * p), get, p, O.i64Store, 3, 0]);
const K = (x: number) => { const v = new DataView(new ArrayBuffer(8)); v.setFloat64(0, x, true); return [O.f64Const, ...new Uint8Array(v.buffer)]; };
const store = (addr: number, value: number[]) => [O.i32Const, ...sleb(addr), ...value, O.f64Store, 3, 0];
const shl = (cmp: number[], n: number) => [...cmp, O.i32Const, n, O.i32Shl, O.i32Or];

// chain(a, b, c), locals x y z w = 3 4 5 6: x, y, z are overwritten while later ops still
// read the run's inputs. Returns the final value, or w, or the overwritten x. The *M ones
// load their inputs from memory (their f registers are then all JS locals, not the file).
const chainBody = (ret: number[], src = F) => [...(src === M ? spill : []), ...src(0), set, 3, ...src(1), set, 4, ...src(2), set, 5,
  get, 3, get, 4, ADD, get, 5, MUL, set, 6, //   w = (x + y) * z
  get, 6, get, 5, SUB, SQRT, set, 3, //          x = sqrt(w - z)
  get, 4, get, 5, get, 5, MUL, DIV, set, 4, //   y = y / (z * z)
  get, 4, get, 3, SUB, get, 3, get, 6, MUL, ADD, set, 5, // z = (y - x) + x * w
  ...ret, O.toBits];
const refChain = (a: bigint, b: bigint, c: bigint) => {
  const w = mul(add(a, b), c), x = sqrt(sub(w, c)), y = div(b, mul(c, c)), z = add(sub(y, x), mul(x, w));
  return { final: div(z, add(w, y)), w, x };
};
// stores(a, b, c): mem[0..32) gets four values of a chain (with constants V8 might fold).
const storesBody = [...F(0), ...K(1), MUL, set, 3, ...store(0, [get, 3]), //  x = a * 1
  ...F(1), ...K(0), SUB, ...K(-1), MUL, set, 4, ...store(8, [get, 4]), //     y = (b - 0) * -1
  get, 3, get, 4, SUB, SQRT, ...F(2), DIV, set, 5, ...store(16, [get, 5]), // z = sqrt(x - y) / c
  ...store(24, [get, 5, get, 3, ADD, ...F(2), ...F(2), SUB, MUL]), //         (z + x) * (c - c)
  get, 4, get, 5, ADD, O.toBits];
const refStores = (a: bigint, b: bigint, c: bigint) => {
  const x = mul(a, ONE), y = mul(sub(b, ZERO), NEG_ONE), z = div(sqrt(sub(x, y)), c);
  return { mem: [x, y, z, mul(add(z, x), sub(c, c))], ret: add(y, z) };
};
// mandel(cr, ci, limit, k): z = z^2 + c while n < k and !(|z|^2 > limit); mem[64] = n, mem[72] = zi.
const mandelBody = [...F(0), set, 8, ...F(1), set, 9, ...F(2), set, 10, O.loop, 0x40,
  get, 4, get, 4, MUL, get, 5, get, 5, MUL, SUB, get, 8, ADD, set, 6, //  t = zr*zr - zi*zi + cr
  get, 4, get, 4, ADD, get, 5, MUL, get, 9, ADD, set, 5, //              zi = (zr + zr) * zi + ci
  get, 6, set, 4, get, 7, O.i32Const, 1, O.i32Add, set, 7,
  get, 7, get, 3, O.i32LtS, get, 4, get, 4, MUL, get, 5, get, 5, MUL, ADD, get, 10, O.f64Gt, O.i32Eqz, O.i32And, O.brIf, 0,
  O.end, O.i32Const, 0xc0, 0, get, 7, O.i32Store, 2, 0, ...store(72, [get, 5]), get, 4, O.toBits];
const refMandel = (cr: bigint, ci: bigint, limit: bigint, k: number) => {
  let [zr, zi, n] = [ZERO, ZERO, 0];
  for (;;) {
    const t = add(sub(mul(zr, zr), mul(zi, zi)), cr);
    zi = add(mul(add(zr, zr), zi), ci); zr = t; n++;
    if (!(n < k && !(num(add(mul(zr, zr), mul(zi, zi))) > num(limit)))) return { zr, zi, n };
  }
};
// trapping(a, b, addr, delta): globals g0 = a + b, g1 = a * b before the chain; in it x, y
// and addr are overwritten (addr += delta), x is stored to mem[32], then f64.load(addr)
// traps when addr is out of bounds. With delta = 2^31, a re-run that does not start from
// the run's entry registers adds delta twice and reads mem[addr] instead of trapping.
const trappingBody = [...F(0), ...F(1), ADD, set, 4, ...F(0), ...F(1), MUL, set, 5, get, 4, O.gset, 0, get, 5, O.gset, 1,
  get, 4, get, 5, MUL, set, 4, get, 5, get, 4, SUB, set, 5, ...store(32, [get, 4]), get, 2, get, 3, O.i32Add, set, 2,
  get, 4, get, 5, DIV, get, 2, O.f64Load, 3, 0, ADD, set, 6, get, 6, O.gset, 1, get, 6, get, 4, MUL, O.toBits];
const refTrapping = (a: bigint, b: bigint, loaded: bigint) => {
  const g0 = add(a, b), g1 = mul(a, b), x = mul(g0, g1), y = sub(g1, x), z = add(div(x, y), loaded);
  return { g0, g1, x, z, ret: mul(z, x) };
};
// cmp(a, b): x = a - b, y = sqrt(a) * b, and six compares of them as bits of an i32.
const cmpBody = [...F(0), ...F(1), SUB, set, 2, ...F(0), SQRT, ...F(1), MUL, set, 3, get, 2, get, 3, O.f64Lt,
  ...shl([get, 2, get, 3, O.f64Le], 1), ...shl([get, 2, get, 3, O.f64Eq], 2), ...shl([get, 2, get, 3, O.f64Ne], 3),
  ...shl([get, 2, get, 2, O.f64Eq], 4), ...shl([get, 3, get, 3, O.f64Ne], 5)];
const refCmp = (a: bigint, b: bigint) => {
  const [x, y] = [num(sub(a, b)), num(mul(sqrt(a), b))];
  return +(x < y) | +(x <= y) << 1 | +(x === y) << 2 | +(x !== y) << 3 | +(x === x) << 4 | +(y !== y) << 5;
};
// sel(a, b): select(x, y, x != x) + select(y, x, y < x) with x = a - b, y = sqrt(a).
const selBody = [...F(0), ...F(1), SUB, set, 2, ...F(0), SQRT, set, 3, get, 2, get, 3, get, 2, get, 2, O.f64Ne, O.select,
  get, 3, get, 2, get, 3, get, 2, O.f64Lt, O.select, ADD, O.toBits];
const refSel = (a: bigint, b: bigint) => {
  const x = sub(a, b), y = sqrt(a);
  return add(isNaN64(x) ? x : y, num(y) < num(x) ? y : x);
};
// handover(a, b): x = a * -1, y = x * 3, f = floor(b); mem[0] = x, mem[8] = y, mem[16] = y + f.
// floor of a NaN is the interpreter's to do, in the middle of the run: it must get the
// run's entry registers, not x as V8's optimized code makes it (x * -1 is a negation there).
// (Inputs and results through memory, so that all its f registers are JS locals; the inputs
// are read at a dynamic address, `at`, as the heap accesses of compiled programs are.)
const handoverBody = [...[0, 1].flatMap((p) => [O.i32Const, ...sleb(256 + 8 * p), get, p, O.i64Store, 3, 0]),
  get, 2, O.f64Load, 3, 0, ...K(-1), MUL, set, 3, get, 3, ...K(3), MUL, set, 4, get, 2, O.f64Load, 3, 8, 0x9c, set, 5,
  ...store(0, [get, 3]), ...store(8, [get, 4]), ...store(16, [get, 4, get, 5, ADD])];
const argOf = (a: bigint, b: bigint) => sub(mul(a, b), div(b, a)); // passes, trunc, truncSat: of a*b - b/a
const argBody = [...F(0), ...F(1), MUL, ...F(1), ...F(0), DIV, SUB];

const types: [number[], number[]][] = [[[i64, i64, i64], [i64]], [[i64, i64, i64, i32], [i64]], [[i64, i64, i32, i32], [i64]],
  [[], [i64]], [[i64, i64], [i32]], [[i64, i64], [i64]], [[f64], [i64]], [[i64, i64, i32], []]];
const funcs = [
  { name: 'chain', type: 0, locals: [f64, f64, f64, f64], body: chainBody([get, 5, get, 6, get, 4, ADD, DIV]) },
  { name: 'chainW', type: 0, locals: [f64, f64, f64, f64], body: chainBody([get, 6]) },
  { name: 'chainX', type: 0, locals: [f64, f64, f64, f64], body: chainBody([get, 3]) },
  { name: 'stores', type: 0, locals: [f64, f64, f64], body: storesBody },
  { name: 'mandel', type: 1, locals: [f64, f64, f64, i32, f64, f64, f64], body: mandelBody },
  { name: 'trapping', type: 2, locals: [f64, f64, f64], body: trappingBody },
  { name: 'g0', type: 3, body: [O.gget, 0, O.toBits] },
  { name: 'g1', type: 3, body: [O.gget, 1, O.toBits] },
  { name: 'cmp', type: 4, locals: [f64, f64], body: cmpBody },
  { name: 'sel', type: 5, locals: [f64, f64], body: selBody },
  { name: 'ident', type: 6, body: [get, 0, O.toBits] },
  { name: 'passes', type: 5, body: [...argBody, O.call, 10] },
  { name: 'trunc', type: 4, body: [...argBody, O.i32TruncF64S] },
  { name: 'truncSat', type: 4, body: [...argBody, 0xfc, 0x02] },
  { name: 'chainM', type: 0, locals: [f64, f64, f64, f64], body: chainBody([get, 5, get, 6, get, 4, ADD, DIV], M) },
  { name: 'chainXM', type: 0, locals: [f64, f64, f64, f64], body: chainBody([get, 3], M) },
  { name: 'handover', type: 7, locals: [f64, f64, f64], body: handoverBody },
];
const built = buildModule({ types, funcs, memory: { min: 1 } }).bytes;
// The builder has no globals and exports no globals: splice both sections in before code.
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
const exportsList = [...funcs.map((f, i) => [...name(f.name), 0, i]), [...name('mem'), 2, 0], [...name('G0'), 3, 0], [...name('G1'), 3, 1]];
const globalSection = section(6, [2, ...[0, 1].flatMap(() => [f64, 1, ...K(0), O.end])]);
const exportSection = section(7, [...uleb(exportsList.length), ...exportsList.flat()]);
let at = 8; // the code section's start: skip sections (id, uleb size, body) up to it
for (let size = 0, shift = 0, b = 0; built[at] !== 10; at += size, size = shift = 0) {
  do { b = built[++at]!; size |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  at++;
}
const bytes = new Uint8Array([...built.subarray(0, at), ...globalSection, ...exportSection, ...built.subarray(at)]);

// ## Running: our two tiers, each checked against the rule and against each other.
type Exports = Record<string, (...args: unknown[]) => unknown> & { mem: { buffer: ArrayBuffer } };
const tiers = (['js', 'interp'] as const).map((tier) => {
  const W = createWebAssembly({ tier });
  return { tier, W, ex: new W.Instance(new W.Module(bytes), {}).exports as unknown as Exports };
});
const node = { W: WebAssembly, ex: new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports };
const u64 = (v: unknown) => BigInt.asUintN(64, v as bigint);
const mem64 = (ex: Exports, addr: number) => new DataView(ex.mem.buffer).getBigUint64(addr, true);

/** Runs `f` on both tiers (result = expected bits, same on both) and on Node (non-NaN equal, NaN-ness equal). */
function check(label: string, f: (ex: Exports) => bigint | number, expected: bigint | number): void {
  const [js, interp] = tiers.map(({ ex }) => f(ex));
  const fmt = (v: bigint | number) => (typeof v === 'bigint' ? hex(v) : String(v));
  expect(fmt(js!), `js: ${label}`).toBe(fmt(expected));
  expect(fmt(interp!), `interp: ${label}`).toBe(fmt(js!));
  const native = f(node.ex);
  if (typeof expected === 'bigint' && isNaN64(expected)) expect(isNaN64(native as bigint), `node NaN: ${label}`).toBe(true);
  else expect(fmt(native), `node: ${label}`).toBe(fmt(expected));
}
const triples = VALUES.flatMap((a) => VALUES.flatMap((b) => VALUES.map((c) => [a, b, c] as const)));
const pairs = VALUES.flatMap((a) => VALUES.map((b) => [a, b] as const));

describe('f64 NaN bits, JS tier = interpreter = the x86-64 rule', () => {
  it.each(tiers)('the rule by hand: signalling NaNs come out quiet, inf - inf is the default NaN ($tier)', ({ ex }) => {
    const two = bits(2);
    expect(hex(u64(ex.chain!(SNAN, ONE, two)))).toBe(hex(0x7ff8000000000001n)); // a NaN first: quieted
    expect(hex(u64(ex.chainM!(SNAN, ONE, two)))).toBe(hex(0x7ff8000000000001n));
    expect(hex(u64(ex.chainW!(SNAN, QNAN, two)))).toBe(hex(0x7ff8000000000001n)); // both NaN: the first one
    expect(hex(u64(ex.chainW!(ONE, NNAN, two)))).toBe(hex(0xfffc000000000005n)); // the second, quieted, sign kept
    expect(hex(u64(ex.chainX!(INF, bits(-Infinity), two)))).toBe(hex(DEFAULT_NAN)); // inf - inf, then sqrt
    expect(hex(u64(ex.chainXM!(bits(-8), ONE, ONE)))).toBe(hex(DEFAULT_NAN)); // sqrt(-8)
    ex.stores!(SNAN, SNAN, two);
    expect(hex(mem64(ex, 0))).toBe(hex(0x7ff8000000000001n)); // sNaN * 1 is not sNaN
    expect(hex(mem64(ex, 8))).toBe(hex(0x7ff8000000000001n)); // nor is (sNaN - 0) * -1 negative
    expect(hex(u64(ex.passes!(SNAN, ONE)))).toBe(hex(0x7ff8000000000001n));
    expect(hex(u64(ex.sel!(SNAN, ONE)))).toBe(hex(0x7ff8000000000001n));
  });

  it('a straight-line chain with overwritten locals: final value, an intermediate, an overwritten local', () => {
    for (let round = 0; round < 3; round++) { // rounds: the JS tier's code optimized by V8 too
      for (const [a, b, c] of triples) {
        const r = refChain(a, b, c), label = `(${hex(a)}, ${hex(b)}, ${hex(c)})`;
        check(`chain${label}`, (ex) => u64(ex.chain!(a, b, c)), r.final);
        check(`chainW${label}`, (ex) => u64(ex.chainW!(a, b, c)), r.w);
        check(`chainX${label}`, (ex) => u64(ex.chainX!(a, b, c)), r.x);
        check(`chainM${label}`, (ex) => u64(ex.chainM!(a, b, c)), r.final);
        check(`chainXM${label}`, (ex) => u64(ex.chainXM!(a, b, c)), r.x);
      }
    }
  });

  it('values stored to memory in the middle of a chain', () => {
    for (const [a, b, c] of triples) {
      const r = refStores(a, b, c), label = `stores(${hex(a)}, ${hex(b)}, ${hex(c)})`;
      check(label, (ex) => u64(ex.stores!(a, b, c)), r.ret);
      r.mem.forEach((m, i) => check(`${label} mem[${8 * i}]`, (ex) => mem64(ex, 8 * i), m));
    }
  });

  it('a mandelbrot loop whose state overflows to inf and then becomes NaN', () => {
    const NAN_LIMIT = QNAN; // |z|^2 > NaN is false: only k ends the loop
    const cases: [bigint, bigint, bigint, number][] = [[bits(0.25), bits(0.5), bits(4), 100], [bits(-1), ZERO, bits(4), 100],
      [bits(1e200), bits(1e200), INF, 10], [bits(1e200), bits(-1e200), NAN_LIMIT, 10], [bits(0.5), bits(0.5), INF, 3000],
      [bits(2), bits(-2), NAN_LIMIT, 20000], [SNAN, ZERO, bits(4), 5], [QNAN, NNAN, INF, 5], [bits(3), NNAN, NAN_LIMIT, 7],
      [bits(1e-300), SNAN, bits(4), 3], [bits(0.5), bits(0.5), bits(4), 100]];
    for (const [cr, ci, limit, k] of cases) {
      const r = refMandel(cr, ci, limit, k), label = `mandel(${hex(cr)}, ${hex(ci)}, ${hex(limit)}, ${k})`;
      check(label, (ex) => u64(ex.mandel!(cr, ci, limit, k)), r.zr);
      check(`${label} n`, (ex) => new DataView(ex.mem.buffer).getInt32(64, true), r.n);
      check(`${label} zi`, (ex) => mem64(ex, 72), r.zi);
    }
  });

  it('a trap in the middle of a chain leaves the globals and memory set before it', () => {
    const oob = [[65536 - 4, 0], [-8, 0], [40, 65536], [40, 0x80000000 | 0]];
    for (const [a, b] of pairs) {
      const label = `trapping(${hex(a)}, ${hex(b)})`;
      for (const { ex } of [...tiers, node]) {
        new DataView(ex.mem.buffer).setBigUint64(40, bits(0.75), true);
        expect(u64(ex.trapping!(a, b, 40, 0)), label).toBe(refTrapping(a, b, bits(0.75)).ret);
      }
      const r = refTrapping(a, b, ZERO);
      for (const [addr, delta] of oob) {
        for (const { ex, W } of [...tiers, node]) {
          (ex.G0 as unknown as { value: number }).value = 42; (ex.G1 as unknown as { value: number }).value = 42;
          new DataView(ex.mem.buffer).setBigUint64(32, 0x1234n, true);
          expect(() => ex.trapping!(a, b, addr, delta), label).toThrow(W.RuntimeError);
        }
        check(`${label} g0`, (ex) => u64(ex.g0!()), r.g0);
        check(`${label} g1`, (ex) => u64(ex.g1!()), r.g1);
        check(`${label} mem[32]`, (ex) => mem64(ex, 32), r.x);
        check(`${label} G0.value`, (ex) => Number.isNaN((ex.G0 as unknown as { value: number }).value) ? 1 : 0, +isNaN64(r.g0));
      }
    }
  });

  it('the interpreter taking over in the middle of a run (floor of a NaN) starts from its entry registers', () => {
    for (let round = 0; round < 2000; round++) { // until V8 optimizes the JS tier's code
      for (const [a, b] of [[SNAN, bits(2.5)], [SNAN, QNAN], [bits(1.5), NNAN]] as const) {
        const x = mul(a, NEG_ONE), y = mul(x, bits(3)), label = `handover(${hex(a)}, ${hex(b)})`;
        // Pulley's floor of a NaN is the canonical NaN (runtime/ops/float.ts setRounded64).
        const ret = add(y, isNaN64(b) ? 0x7ff8000000000000n : bits(Math.floor(num(b))));
        tiers[0]!.ex.handover!(a, b, 256);
        expect(hex(mem64(tiers[0]!.ex, 0)), `${label} mem[0]`).toBe(hex(x));
        expect(hex(mem64(tiers[0]!.ex, 8)), `${label} mem[8]`).toBe(hex(y));
        expect(hex(mem64(tiers[0]!.ex, 16)), `${label} mem[16]`).toBe(hex(ret));
      }
    }
  });

  it('compares of NaN results, and selects on them', () => {
    for (const [a, b] of pairs) {
      check(`cmp(${hex(a)}, ${hex(b)})`, (ex) => ex.cmp!(a, b) as number, refCmp(a, b));
      check(`sel(${hex(a)}, ${hex(b)})`, (ex) => u64(ex.sel!(a, b)), refSel(a, b));
    }
  });

  it('a chain result as a call argument, and through i32.trunc_f64_s / i32.trunc_sat_f64_s', () => {
    for (const [a, b] of pairs) {
      const x = argOf(a, b), label = `(${hex(a)}, ${hex(b)})`, v = num(x);
      check(`passes${label}`, (ex) => u64(ex.passes!(a, b)), x);
      const inRange = v > -2147483649 && v < 2147483648; // false for NaN
      if (inRange) check(`trunc${label}`, (ex) => ex.trunc!(a, b) as number, Math.trunc(v) | 0);
      else for (const { ex, W } of [...tiers, node]) expect(() => ex.trunc!(a, b), `trunc${label}`).toThrow(W.RuntimeError);
      const sat = Number.isNaN(v) ? 0 : inRange ? Math.trunc(v) | 0 : v < 0 ? -2147483648 : 2147483647;
      check(`truncSat${label}`, (ex) => ex.truncSat!(a, b) as number, sat);
    }
  });
});
