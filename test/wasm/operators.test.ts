// The operator reader's immediates: constants (random, in minimal and padded LEB128 forms)
// checked against what V8 computes from the same bytes; the other immediate kinds against
// hand-written encodings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/wasm/decode.js';
import { Operator, OperatorReader, operatorI64 } from '../../src/wasm/operators.js';
import { HEADER, T, body, funcType, moduleWith, section, sleb, str, vec } from './build.js';

/** Pad a LEB128 encoding to `length` bytes (continuation bytes carrying the sign), still valid. */
function padded(bytes: number[], length: number): number[] {
  const out = [...bytes];
  const negative = (out[out.length - 1] & 0x40) !== 0;
  while (out.length < length) {
    out[out.length - 1] |= 0x80;
    out.push(negative ? 0x7f : 0x00);
  }
  return out;
}

/** All operators of the first function body of `bytes`. */
function operatorsOf(bytes: Uint8Array, bodyIndex = 0): Operator[] {
  const m = decodeModule(bytes);
  const b = m.bodies[bodyIndex];
  const r = new OperatorReader(bytes, b.codeStart, b.end);
  const ops: Operator[] = [];
  while (!r.atEnd) {
    const op = new Operator();
    r.read(op);
    ops.push(op);
  }
  return ops;
}

describe('operator reader', () => {
  it('constants read as V8 reads them', () => {
    const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
    const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    const f32bits = fc.integer({ min: 0, max: 0xffffffff });
    const f64bits = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(i32, i64, f32bits, f64bits, fc.boolean(), (a, b, c, d, pad) => {
        const le = (v: bigint, n: number) => Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
        const codes = [
          [0x41, ...(pad ? padded(sleb(a), 5) : sleb(a)), 0x0b],
          [0x42, ...(pad ? padded(sleb(b), 10) : sleb(b)), 0x0b],
          [0x43, ...le(BigInt(c), 4), 0xbc, 0x0b], // i32.reinterpret_f32: the bits survive the JS boundary
          [0x44, ...le(d, 8), 0xbd, 0x0b],
        ];
        const bytes = moduleWith({
          types: [funcType([], [T.i32]), funcType([], [T.i64])],
          funcs: [0, 1, 0, 1],
          bodies: codes.map((code) => body([], code)),
          extra: [section(7, vec(['a', 'b', 'c', 'd'].map((name, i) => [...str(name), 0x00, i])))],
        });
        const v8 = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, () => number | bigint>;
        expect(operatorsOf(bytes, 0)[0].value).toBe(v8.a());
        expect(operatorI64(operatorsOf(bytes, 1)[0])).toBe(v8.b());
        expect(operatorsOf(bytes, 2)[0].value | 0).toBe(v8.c());
        expect(operatorI64(operatorsOf(bytes, 3)[0])).toBe(v8.d());
      }),
      { numRuns: 150 },
    );
  });

  it('reads block types, branch tables, memargs, lanes and indices', () => {
    const code = [
      0x02, 0x40, // block (empty)
      0x03, 0x7f, // loop (result i32)
      0x04, 0x01, // if (type 1)
      0x0e, 0x03, 0x00, 0x01, 0x82, 0x01, 0x05, // br_table [0 1 130] default 5
      0x11, 0x02, 0x03, // call_indirect type 2 table 3
      0x29, 0x03, 0x90, 0x4e, // i64.load align=8 offset=10000
      0xfd, 0x55, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x07, // v128.load16_lane align=2 offset=0xffffffff lane 7
      0xfd, 0x0c, ...Array.from({ length: 16 }, (_, i) => i + 1), // v128.const 1..16
      0x1c, 0x01, 0x7b, // select (result v128)
      0xfc, 0x0e, 0x04, 0x05, // table.copy 4 5
      0xd0, 0x6f, // ref.null extern
      0x0b,
    ];
    const bytes = moduleWith({ types: [funcType([], [])], funcs: [0], bodies: [body([], code)] });
    const ops = operatorsOf(bytes);
    const codeStart = bytes.length - code.length;
    expect(ops.map((op) => op.info.name)).toEqual([
      'block', 'loop', 'if', 'br_table', 'call_indirect', 'i64.load', 'v128.load16_lane', 'v128.const',
      'select_t', 'table.copy', 'ref.null', 'end',
    ]);
    expect(ops.map((op) => op.offset - codeStart)).toEqual([0, 2, 4, 6, 13, 16, 20, 29, 47, 50, 54, 56]);
    const [block, loop, ifOp, brTable, callIndirect, load, loadLane, v128, select, tableCopy, refNull] = ops;
    expect([block.blockType, loop.blockType, ifOp.blockType]).toEqual([-0x40, T.i32 - 0x80, 1]);
    expect([...brTable.targets.subarray(0, brTable.targetCount)]).toEqual([0, 1, 130]);
    expect(brTable.index).toBe(5);
    expect([callIndirect.index, callIndirect.index2]).toEqual([2, 3]);
    expect([load.align, load.memOffset]).toEqual([3, 10000]);
    expect([loadLane.align, loadLane.memOffset, loadLane.lane]).toEqual([1, 0xffffffff, 7]);
    expect([...bytes.subarray(v128.immOffset, v128.immOffset + 16)]).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect([select.targetCount, select.valType]).toEqual([1, T.v128]);
    expect([tableCopy.index, tableCopy.index2]).toEqual([4, 5]);
    expect(refNull.valType).toBe(T.externref);
  });

  it('rejects bytes that are no opcode, naming their offset', () => {
    // 0xff is not an opcode; 0xfd 0x9a is an unassigned SIMD code.
    for (const code of [[0xff], [0xfd, 0x9a, 0x01]]) {
      const r = new OperatorReader(new Uint8Array([...HEADER, ...code]), 8);
      expect(() => r.read(new Operator())).toThrow(/illegal opcode at offset 0x8/);
    }
  });
});
