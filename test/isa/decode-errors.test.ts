// The checked decoder on malformed bytecode: every case must throw PulleyDecodeError
// naming the offset and the problem, never crash or return garbage.

import { describe, expect, it } from 'vitest';
import { PulleyDecodeError, bytesFromHex, decodeAll, decodeInstr } from '../../src/isa/decode.js';
import { assemble } from '../../src/isa/asm.js';
import { disassemble } from '../../src/isa/disas.js';
import { seededRandom } from './random-operands.js';

// Opcodes by hand from Pulley 35's op list: 0x00 ret, 0x08 xjump, 0x3f br_table32,
// 0x43 xconst8, 0x46 xconst64, 0x83 xload32le_o32 (XReg, AddrO32), 0x65 xshl32 (BinaryOperands<XReg>), 0xdb = extended prefix,
// extended 0x0000 trap, 0x0081 vconst128, 0x0135 the last extended op (309).
const MALFORMED: readonly [string, string, RegExp][] = [
  ['unknown base opcode', 'dc', /^offset 0x0: unknown opcode 0xdc$/],
  ['unknown base opcode 0xff after a valid op', '00ff', /^offset 0x1: unknown opcode 0xff$/],
  ['unknown extended opcode', '00db4001', /^offset 0x1: unknown extended opcode 0x0140$/],
  ['first unknown extended opcode (310)', 'db3601', /unknown extended opcode 0x0136/],
  ['extended prefix alone', 'db', /^offset 0x0: truncated/],
  ['extended prefix and one byte', '0000db00', /^offset 0x2: truncated/],
  ['XReg 32', '0820', /^offset 0x0: xjump: register number 32 in operand reg/],
  ['XReg 255', '43ff05', /register number 255/],
  ['AddrO32 base register 40', '8301280000000000', /register number 40 in operand/],
  ['xconst64 cut short', '461b80000000', /^offset 0x0: truncated xconst64: needs 10 bytes, only 6 left$/],
  ['br_table32 header cut short', '3f0302', /truncated br_table32: needs 6 bytes/],
  ['br_table32 table cut short', '3f03020000000d000000040000', /^offset 0x0: truncated br_table32: 2 entries need 8 bytes, only 7 left$/],
  ['br_table32 with a huge count', '3f03ffffffff', /truncated br_table32: 4294967295 entries/],
  ['BinaryOperands with the unused top bit set', '658380', /unused bits 0x8000 set in operand operands/],
];

describe('checked decoder rejects malformed bytecode', () => {
  for (const [what, hex, message] of MALFORMED) {
    it(what, () => {
      const code = bytesFromHex(hex);
      let error: unknown;
      try {
        decodeAll(code);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PulleyDecodeError);
      expect((error as Error).message).toMatch(message);
      expect(() => disassemble(code)).toThrow(PulleyDecodeError);
    });
  }

  it('truncation at every byte of a multi-byte instruction', () => {
    // vconst128 v13, <16 bytes>: 20 bytes in all; every proper prefix is truncated.
    const full = bytesFromHex('db81000de674b989d2670a4cfbb3d6d6de2bf95f');
    expect(decodeInstr(full, 0).size).toBe(20);
    for (let n = 1; n < full.length; n++) {
      expect(() => decodeInstr(full.subarray(0, n), 0), `${n} bytes`).toThrow(/^offset 0x0: truncated/);
    }
  });

  it('unchecked mode still rejects truncation but lets register numbers through', () => {
    expect(decodeInstr(bytesFromHex('0820'), 0, { checked: false }).operands).toEqual([32]);
    expect(() => decodeInstr(bytesFromHex('46'), 0, { checked: false })).toThrow(/truncated/);
  });

  it('reports the error offset as a property', () => {
    try {
      decodeAll(bytesFromHex('000000fe'));
      expect.unreachable();
    } catch (e) {
      expect((e as PulleyDecodeError).offset).toBe(3);
    }
  });
});

describe('random bytes never crash the checked decoder', () => {
  it('either decode (and then round-trip through text) or fail with PulleyDecodeError', () => {
    const random = seededRandom(2024);
    let decoded = 0;
    for (let round = 0; round < 3000; round++) {
      const bytes = new Uint8Array(Math.floor(random() * 24));
      for (let i = 0; i < bytes.length; i++) {
        // Mostly small bytes, so that register numbers and opcodes are often valid.
        bytes[i] = random() < 0.8 ? Math.floor(random() * 32) : Math.floor(random() * 256);
      }
      let text: string;
      try {
        text = disassemble(bytes);
      } catch (e) {
        expect(e, Buffer.from(bytes).toString('hex')).toBeInstanceOf(PulleyDecodeError);
        continue;
      }
      decoded++;
      expect(assemble(text), text).toEqual(bytes);
    }
    expect(decoded).toBeGreaterThan(100);
  });
});
