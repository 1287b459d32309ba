// BytecodeWriter: fields against bytes Pulley 35 itself produced (lines of the shared
// vectors), labels against hand-computed offsets, and its error cases.

import { describe, expect, it } from 'vitest';
import { bytesFromHex, decodeAll } from '../../src/isa/decode.js';
import { BytecodeWriter, PulleyEncodeError, encodeInstr, type FieldValue } from '../../src/isa/encode.js';
import { opByMnemonic } from '../../src/isa/ops.js';

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

// [Pulley's bytes, mnemonic, fields in disassembly order] from vector disassembly lines.
const FROM_PULLEY: readonly [string, string, FieldValue[]][] = [
  ['658321', 'xshl32', [3, 12, 8]],
  ['081a', 'xjump', [26]],
  ['ab08000000', 'stack_alloc32', [8]],
  ['db2d000019', 'bitcast_int_from_float_64', [0, 25]],
  ['dba40011140c000000', 'vload32x2le_s_z', [17, 20, 12]],
  ['49000a0080ffff', 'xadd32_u32', [0, 10, 4294934528]],
  ['210a0107000000', 'br_if_xsgteq32_i8', [10, 1, 7]],
  ['9f120108d252', 'xload16le_u32_g32bne', [18, 20, 22, 8, 18, 1]],
  ['a938000099', 'push_frame_save', [56, 0x9900]], // x24, x27, x28, spilltmp0
  ['db31001f000000000000e0bf', 'fconst64', [31, 13826050856027422720n]],
  ['461b8000000000000000', 'xconst64', [27, 128n]],
  ['6c5081', 'xshr32_s_u6', [16, 10, 32]],
  ['c70a0c00', 'xbor64_s8', [10, 12, 0]],
];

describe('BytecodeWriter', () => {
  it('emitFields writes what Pulley writes', () => {
    for (const [hex, mnemonic, fields] of FROM_PULLEY) {
      const w = new BytecodeWriter();
      w.emitFields(opByMnemonic(mnemonic), ...fields);
      expect(hexOf(w.finish()), mnemonic).toBe(hex);
    }
  });

  it('emit with structured operands matches emitFields', () => {
    const op = opByMnemonic('xload16le_u32_g32bne');
    const bytes = encodeInstr(op, [18, { hostHeapBase: 20, hostHeapBoundAddr: 22, hostHeapBoundOffset: 8, wasmAddr: 18, offset: 1 }]);
    expect(hexOf(bytes)).toBe('9f120108d252');
    expect(hexOf(encodeInstr('xshl32', [{ dst: 3, src1: 12, src2: 8 }]))).toBe('658321');
  });

  it('patches a forward branch when its label is bound', () => {
    const w = new BytecodeWriter();
    const end = w.newLabel();
    w.emitFields(opByMnemonic('jump'), end); // 5 bytes at 0
    w.emitFields(opByMnemonic('ret')); // 1 byte at 5
    w.bind(end); // 6
    w.emitFields(opByMnemonic('ret'));
    expect(hexOf(w.finish())).toBe('07' + '06000000' + '00' + '00');
  });

  it('resolves a backward branch at once', () => {
    const w = new BytecodeWriter();
    const top = w.newLabel();
    w.emitFields(opByMnemonic('ret'));
    w.bind(top); // 1
    w.emitFields(opByMnemonic('br_if32'), 1, top); // at 1: offset 0
    w.emitFields(opByMnemonic('br_if32'), 1, top); // at 7: offset -6
    expect(hexOf(w.finish())).toBe('00' + '0901' + '00000000' + '0901' + 'faffffff');
  });

  it('br_table32 entries are relative to their own entry', () => {
    const w = new BytecodeWriter();
    const a = w.newLabel();
    const b = w.newLabel();
    w.brTable(3, [a, b, -4]); // header 0..5, entries at 6, 10, 14
    w.bind(a); // 18
    w.emitFields(opByMnemonic('ret'));
    w.bind(b); // 19
    w.emitFields(opByMnemonic('ret'));
    expect(hexOf(w.finish())).toBe('3f03' + '03000000' + '0c000000' + '09000000' + 'fcffffff' + '0000');
    const streamed = new BytecodeWriter();
    streamed.brTableHeader(3, 1);
    streamed.brTableEntry(4);
    expect(decodeAll(streamed.finish())[0]!.targets).toEqual([4]);
  });

  it('grows its buffer', () => {
    const w = new BytecodeWriter(16);
    const vconst = opByMnemonic('vconst128');
    for (let i = 0; i < 10_000; i++) w.emitFields(vconst, i & 31, BigInt(i) << 64n);
    const code = w.finish();
    expect(code.length).toBe(10_000 * 20);
    expect(decodeAll(code)[9_999]!.operands).toEqual([9_999 & 31, 9_999n << 64n]);
  });

  const ERRORS: readonly [string, (w: BytecodeWriter) => void, RegExp][] = [
    ['register 32', (w) => w.emitFields(opByMnemonic('xshl32'), 32, 0, 0), /xshl32: operand operands\[0\] \(XReg\) must be an integer in 0\.\.31, got 32/],
    ['i8 too big', (w) => w.emitFields(opByMnemonic('xconst8'), 0, 128), /xconst8: operand imm \(i8\).*got 128/],
    ['u64 given as a number', (w) => w.emitFields(opByMnemonic('xconst64'), 0, 5), /must be a bigint/],
    ['U6 of 64', (w) => w.emitFields(opByMnemonic('xshr32_s_u6'), 0, 0, 64), /U6/],
    ['too few fields', (w) => w.emitFields(opByMnemonic('xshl32'), 1, 2), /expected 3 operand fields/],
    ['too many fields', (w) => w.emitFields(opByMnemonic('ret'), 1), /expected 0 operand fields/],
    ['wrong operand count', (w) => w.emit('xmov', [1]), /expected 2 operands, got 1/],
    ['br_table32 through emitFields', (w) => w.emitFields(opByMnemonic('br_table32'), 1, 0), /use brTable/],
    ['unbound label at finish', (w) => { w.emitFields(opByMnemonic('jump'), w.newLabel()); w.finish(); }, /1 branch to unbound labels/],
    ['a label of another writer', (w) => w.emitFields(opByMnemonic('jump'), new BytecodeWriter().newLabel('x')), /label x belongs to another BytecodeWriter/],
    ['label bound twice', (w) => { const l = w.newLabel('loop'); w.bind(l); w.bind(l); }, /label loop is bound twice/],
    ['br_table32 short of entries', (w) => { w.brTableHeader(0, 2); w.brTableEntry(0); w.finish(); }, /missing 1 entry/],
    ['amt that disagrees with the targets', (w) => w.emit('br_table32', [0, 3], [1]), /amt is 3 but 1 targets/],
  ];
  for (const [what, act, message] of ERRORS) {
    it(`rejects: ${what}`, () => {
      expect(() => act(new BytecodeWriter())).toThrow(PulleyEncodeError);
      expect(() => act(new BytecodeWriter())).toThrow(message);
    });
  }

  it('encodes operands that decode back from bytes (bit layouts by hand)', () => {
    // AddrG32 = offset | wasm << 16 | bound << 21 | base << 26 = 0x1234 | 3 << 16 | 2 << 21 | 1 << 26
    const op = opByMnemonic('xload32le_g32');
    const bytes = encodeInstr(op, [5, { hostHeapBase: 1, hostHeapBound: 2, wasmAddr: 3, offset: 0x1234 }]);
    expect(hexOf(bytes.subarray(2))).toBe('34124304');
    expect(decodeAll(bytesFromHex(hexOf(bytes)))[0]!.operands[1]).toEqual({ hostHeapBase: 1, hostHeapBound: 2, wasmAddr: 3, offset: 0x1234 });
  });
});
