// Random straight-line f64 code (seeded): the JS tier must give the interpreter's exact
// bits, NaN payloads included, whatever runs of deferred NaN tests (codegen/nan-runs.ts)
// it forms: overwritten locals, values used twice, moves, selects, compares, negations,
// stores of intermediates, conversions that trap. Node's WebAssembly vouches for the
// non-NaN results and for NaN-ness; the interpreter (itself checked against the Pulley
// vectors and the x86-64 rule in deferred-nan.test.ts) for the payloads.

import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { buildModule, f64, i32, i64, sleb } from '../api/wasm-builder.js';

const OP = {
  get: 0x20, set: 0x21, tee: 0x22, select: 0x1b, f64Load: 0x2b, f64Store: 0x39, i32Const: 0x41,
  f64Lt: 0x63, f64Eq: 0x61, f64Abs: 0x99, f64Neg: 0x9a, f64Sqrt: 0x9f, f64Floor: 0x9c,
  f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3, i32TruncF64S: 0xaa, toBits: 0xbd, fromBits: 0xbf, drop: 0x1a,
};
const SNAN = 0x7ff0000000000001n, QNAN = 0x7ff8000000000123n, NNAN = 0xfff4000000000005n;
const dv = new DataView(new ArrayBuffer(8));
const bits = (x: number) => { dv.setFloat64(0, x); return dv.getBigUint64(0); };
const isNaN64 = (b: bigint) => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
const INPUTS = [bits(1.5), bits(-0), bits(Infinity), bits(1e300), SNAN, QNAN, NNAN];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

/**
 * One function (a, b, c: i64 bits, at: i32 address) -> i64: locals 4..9 are f64, read
 * from the inputs through memory (so that the JS tier keeps them in JS locals), then
 * `length` random statements, then the bits of one local. Every 8 bytes of memory from 0
 * up to 64 may receive a stored intermediate.
 */
function randomBody(rnd: () => number, length: number): number[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const local = () => 4 + Math.floor(rnd() * 6);
  const body: number[] = [];
  // Inputs to memory at 64.., then into locals 4..6 through loads from the address `at`.
  [0, 1, 2].forEach((p) => body.push(OP.i32Const, ...sleb(64 + 8 * p), OP.get, p, 0x37, 3, 0));
  [0, 1, 2].forEach((p) => body.push(OP.get, 3, OP.f64Load, 3, 8 * p, OP.set, 4 + p));
  body.push(OP.get, 4, OP.get, 5, OP.f64Mul, OP.set, 7, OP.get, 6, OP.set, 8, OP.get, 4, OP.set, 9);
  for (let k = 0; k < length; k++) {
    const r = rnd();
    if (r < 0.55) body.push(OP.get, local(), OP.get, local(), pick([OP.f64Add, OP.f64Sub, OP.f64Mul, OP.f64Div]), OP.set, local());
    else if (r < 0.62) body.push(OP.get, local(), pick([OP.f64Sqrt, OP.f64Neg, OP.f64Abs]), OP.set, local());
    else if (r < 0.70) body.push(OP.get, local(), OP.set, local());
    else if (r < 0.77) body.push(OP.get, local(), OP.get, local(), OP.get, local(), OP.get, local(), pick([OP.f64Lt, OP.f64Eq]), OP.select, OP.set, local());
    else if (r < 0.84) body.push(OP.i32Const, ...sleb(8 * Math.floor(rnd() * 8)), OP.get, local(), OP.f64Store, 3, 0);
    else if (r < 0.88) body.push(OP.get, local(), OP.f64Floor, OP.set, local());
    else if (r < 0.91) body.push(OP.get, local(), OP.get, local(), OP.f64Sub, OP.i32TruncF64S, OP.drop); // traps on NaN or out of range
    else body.push(OP.get, local(), OP.tee, local(), OP.get, local(), OP.f64Add, OP.set, local());
  }
  body.push(OP.get, local(), OP.toBits);
  return body;
}

const FUNCTIONS = 40, LENGTH = 24;
const rnd = random(20261124);
const { bytes } = buildModule({
  types: [[[i64, i64, i64, i32], [i64]]],
  funcs: Array.from({ length: FUNCTIONS }, (_, k) => ({ type: 0, name: `r${k}`, locals: [f64, f64, f64, f64, f64, f64], body: randomBody(rnd, LENGTH) })),
  memory: { min: 1 },
  exports: [...Array.from({ length: FUNCTIONS }, (_, k) => ({ name: `r${k}`, kind: 'func' as const, index: k })), { name: 'mem', kind: 'memory', index: 0 }],
});

type Fn = (a: bigint, b: bigint, c: bigint, at: number) => bigint;
type Exports = Record<string, Fn> & { mem: { buffer: ArrayBuffer } };
const engines = [
  ...(['js', 'interp'] as const).map((tier) => {
    const W = createWebAssembly({ tier });
    return { name: tier, ex: new W.Instance(new W.Module(bytes)).exports as unknown as Exports };
  }),
  { name: 'node', ex: new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports },
];
/** The result bits and the 8 stored words, or the trap's message kind. */
function outcome(ex: Exports, k: number, a: bigint, b: bigint, c: bigint): { value: bigint | 'trap'; mem: bigint[] } {
  new Uint8Array(ex.mem.buffer, 0, 64).fill(0);
  let value: bigint | 'trap';
  try { value = BigInt.asUintN(64, ex[`r${k}`]!(a, b, c, 64)); } catch { value = 'trap'; }
  const view = new DataView(ex.mem.buffer);
  return { value, mem: Array.from({ length: 8 }, (_, i) => view.getBigUint64(8 * i, true)) };
}

describe('random f64 code: JS tier = interpreter, bit for bit', () => {
  it(`${FUNCTIONS} functions of ${LENGTH} statements over ${INPUTS.length}^3 inputs`, () => {
    for (let k = 0; k < FUNCTIONS; k++) {
      for (let round = 0; round < 2; round++) { // the second round on code V8 has optimized
        for (const a of INPUTS) for (const b of INPUTS) for (const c of INPUTS) {
          const [js, interp, node] = engines.map(({ ex }) => outcome(ex, k, a, b, c));
          const label = `r${k}(${a.toString(16)}, ${b.toString(16)}, ${c.toString(16)})`;
          expect(js, label).toEqual(interp);
          // Node: the same trap, non-NaN values equal, NaN where we have NaN.
          const same = (x: bigint | 'trap', y: bigint | 'trap') => (typeof x === 'bigint' && typeof y === 'bigint' && isNaN64(x) ? isNaN64(y) : x === y);
          expect(same(js!.value, node!.value), `${label} against Node: ${String(js!.value)} ${String(node!.value)}`).toBe(true);
          js!.mem.forEach((m, i) => expect(same(m, node!.mem[i]!), `${label} mem[${8 * i}]`).toBe(true));
        }
      }
    }
  });
});
