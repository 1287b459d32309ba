// The assembler: labels, comments and the disassembler's columns, and errors that name
// the line. Expected bytes are worked out by hand (opcodes from Pulley 35's op list:
// 0x00 ret, 0x07 jump, 0x09 br_if32, 0x3f br_table32, 0x43 xconst8).

import { describe, expect, it } from 'vitest';
import { PulleyAsmError, assemble } from '../../src/isa/asm.js';

function hexOf(text: string): string {
  return Buffer.from(assemble(text)).toString('hex');
}

describe('assembler', () => {
  it('labels for forward and backward branches', () => {
    const text = [
      '      xconst8 x0, 10   // 0..2',
      'top:',
      '      br_if32 x0, done // at 3: done is at 14, +11',
      '      jump top         // at 9: -6',
      'done: ret',
    ].join('\n');
    expect(hexOf(text)).toBe('43000a' + '0900' + '0b000000' + '07' + 'faffffff' + '00');
  });

  it('br_table32 entries as labels or offsets, relative to each entry', () => {
    const text = ['br_table32 x1, 3', '  a', '  0x8', '  -0x4', 'a:', 'ret'].join('\n');
    // header 0..5, entries at 6, 10, 14; a at 18
    expect(hexOf(text)).toBe('3f01' + '03000000' + '0c000000' + '08000000' + 'fcffffff' + '00');
  });

  it('ignores the offset and byte columns, comments, blank lines and CRLF', () => {
    const text = [
      '       0: 43 00 0a                           xconst8 x0, 10',
      '',
      '       3: 09 00 06 00 00 00                  br_if32 x0, 0x6    // target = 0x9',
      '43 00 0a                           xconst8 x0, 10',
      '       9: 00                                 ret\r',
    ].join('\n');
    expect(hexOf(text)).toBe('43000a' + '090006000000' + '43000a' + '00');
  });

  it('reads a byte dump of 12 or more bytes that runs into the mnemonic', () => {
    expect(hexOf('      33: db 31 00 1f 00 00 00 00 00 00 e0 bffconst64 f31, 13826050856027422720'))
      .toBe('db31001f000000000000e0bf');
  });

  it('accepts sp, spilltmp0, x30, x31 and hex immediates', () => {
    expect(hexOf('xjump sp\nxjump spilltmp0\nxjump x30\nxconst8 x1, 0x7f\nxconst8 x1, -0x80'))
      .toBe('081e' + '081f' + '081e' + '43017f' + '430180');
  });

  it('an empty register set, printed by Pulley as a trailing comma', () => {
    expect(hexOf('push_frame_save 16,')).toBe(hexOf('push_frame_save 16'));
    expect(hexOf('push_frame_save 16,').slice(2)).toBe('10000000');
  });

  const ERRORS: readonly [string, string, RegExp][] = [
    ['unknown mnemonic', 'ret\n\nxfrobnicate x1', /^line 3: unknown mnemonic 'xfrobnicate'$/],
    ['wrong register class', 'xjump f1', /^line 1: xjump: expected XReg register, got 'f1'$/],
    ['register 32', 'xjump x32', /^line 1: xjump: expected XReg register, got 'x32'$/],
    ['too few operands', 'xmov x1', /^line 1: xmov takes 2 operand fields/],
    ['too many operands', 'xmov x1, x2, x3', /^line 1: xmov: unexpected extra operand 'x3'$/],
    ['value out of range', 'ret\nxconst8 x1, 300', /^line 2: xconst8: operand imm \(i8\) must be an integer in -128\.\.127, got 300$/],
    ['not a number', 'xconst8 x1, ten', /^line 1: xconst8: expected i8 integer, got 'ten'$/],
    ['undefined label', 'jump nowhere\nret', /^line 1: label 'nowhere' is used but never defined$/],
    ['label defined twice', 'a:\nret\na:', /^line 3: label 'a' is defined twice$/],
    ['missing br_table32 entries', 'br_table32 x1, 2\n0x4', /br_table32 is missing 1 entry/],
    ['register outside the upper half in a register set', 'push_frame_save 16, x3', /line 1: expected a register x16\.\.x29/],
    ['branch offset too wide', 'jump 0x80000000', /line 1: jump: branch offset 0x80000000 does not fit an i32/],
  ];
  for (const [what, text, message] of ERRORS) {
    it(`rejects: ${what}`, () => {
      expect(() => assemble(text)).toThrow(PulleyAsmError);
      expect(() => assemble(text)).toThrow(message);
    });
  }
});
