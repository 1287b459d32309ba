// i64 multiplication on both tiers: the JS tier's inline product (codegen/inline-ops.ts mul64Words)
// takes the product's high word from a rounded double, so this checks it where rounding
// could bite: operands whose low words are near 2^16, 2^31 or 2^32, products just above a
// power of two (where truncating instead of rounding comes out one low: checked), and
// many seeded random ones. Expected values are BigInt products mod 2^64, and Node's
// WebAssembly where present. Scalar i64.mul and i64x2.mul (vmuli64x2) both use it.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { buildModule, i64, uleb } from '../api/wasm-builder.js';

const GET = 0x20, SIMD = 0xfd;
const I64_MUL = 0x7e, I64X2_SPLAT = 0x12, I64X2_EXTRACT_LANE = 0x1d, I64X2_MUL = 213;
const bytes = buildModule({
  types: [[[i64, i64], [i64]]],
  funcs: [
    { type: 0, body: [GET, 0, GET, 1, I64_MUL] },
    { type: 0, body: [GET, 0, SIMD, I64X2_SPLAT, GET, 1, SIMD, I64X2_SPLAT, SIMD, ...uleb(I64X2_MUL), SIMD, I64X2_EXTRACT_LANE, 1] },
  ],
  exports: [{ name: 'mul', kind: 'func', index: 0 }, { name: 'mulx2', kind: 'func', index: 1 }],
}).bytes;

const MASK = (1n << 64n) - 1n;
const signed = (x: bigint) => BigInt.asIntN(64, x);
const product = (a: bigint, b: bigint) => signed((a * b) & MASK);

// Words that stress the high word's rounding: 0, 1, around 2^16, 2^31 and 2^32.
const WORDS = [0n, 1n, 2n, 0xffffn, 0x10000n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn, 0x12345678n, 0xdeadbeefn];
function operands(): [bigint, bigint][] {
  const values = WORDS.flatMap((hi) => WORDS.map((lo) => signed((hi << 32n) | lo)));
  const pairs: [bigint, bigint][] = [];
  for (const a of values) for (const b of WORDS) pairs.push([a, signed(b)]);
  // xorshift64, seeded: full-width operands, and operands with small or all-ones high words.
  let s = 0x9e3779b97f4a7c15n;
  const next = () => { s ^= (s << 13n) & MASK; s ^= s >> 7n; s ^= (s << 17n) & MASK; return s; };
  for (let i = 0; i < 3000; i++) {
    const a = next(), b = next();
    pairs.push([signed(a), signed(b)], [signed(a & 0xffffffffn), signed(b | 0xffffffff00000000n)]);
  }
  // Products just above a power of two from 2^33 up: where a truncated high word would
  // come out one low (the double rounds to just below the power).
  for (let k = 33n; k < 64n; k++) {
    for (let i = 0; i < 40; i++) {
      const a = (next() & 0xffffffffn) | 1n, b = ((1n << k) + a - 1n) / a;
      if (b <= 0xffffffffn) pairs.push([a, b]);
    }
  }
  return pairs;
}
const PAIRS = operands();

type Exports = { mul(a: bigint, b: bigint): bigint; mulx2(a: bigint, b: bigint): bigint };
describe.each(['interp', 'js'] as const)('i64 multiplication on the %s tier', (tier) => {
  const W = createWebAssembly({ tier });
  const ex = new W.Instance(new W.Module(bytes), {}).exports as unknown as Exports;
  const node = typeof WebAssembly === 'object'
    ? new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports : undefined;

  it(`matches BigInt and Node on ${PAIRS.length} operand pairs, scalar and i64x2`, () => {
    let checked = 0;
    for (const [a, b] of PAIRS) {
      const want = product(a, b);
      const got = ex.mul(a, b), gotVector = ex.mulx2(a, b);
      if (got !== want || gotVector !== want) expect({ a, b, got, gotVector }).toEqual({ a, b, got: want, gotVector: want });
      if (node) expect(node.mul(a, b)).toBe(want);
      checked++;
    }
    expect(checked).toBe(PAIRS.length);
  });
});
