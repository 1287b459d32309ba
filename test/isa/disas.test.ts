// Disassembler options and the corners of the format the vectors do not reach
// (backward branches, targets before 0, a start offset), written out by hand from the
// rules of Pulley's disas.rs: `{:8x}: `, bytes padded to 12, `-0x..` offsets, u64 targets.

import { describe, expect, it } from 'vitest';
import { bytesFromHex } from '../../src/isa/decode.js';
import { disassemble, disassembleLines } from '../../src/isa/disas.js';

const pad = (n: number) => ' '.repeat(n);

describe('disassembler', () => {
  // 0: ret; 1: jump -0x1 (target 0); 6: jump -0x10 (target 6 - 16 wraps as a u64)
  const code = bytesFromHex('00' + '07ffffffff' + '07f0ffffff');

  it('backward branches and targets that wrap below zero', () => {
    expect(disassembleLines(code)).toEqual([
      `       0: 00${pad(33)}ret`,
      `       1: 07 ff ff ff ff${pad(21)}jump -0x1    // target = 0x0`,
      `       6: 07 f0 ff ff ff${pad(21)}jump -0x10    // target = 0xfffffffffffffff6`,
    ]);
  });

  it('without offsets, without bytes, and from a start offset', () => {
    expect(disassembleLines(code, { offsets: false, bytes: false })).toEqual([
      'ret', 'jump -0x1    // target = 0x0', 'jump -0x10    // target = 0xfffffffffffffff6',
    ]);
    expect(disassembleLines(code, { bytes: false, startOffset: 0x100 })).toEqual([
      '     100: ret', '     101: jump -0x1    // target = 0x100', '     106: jump -0x10    // target = 0xf6',
    ]);
    expect(disassemble(code, { offsets: false }).split('\n')[0]).toBe(`00${pad(33)}ret`);
  });

  it('signed and unsigned immediates, registers by name', () => {
    // 0x43 xconst8 x30, -1; 0x44 xconst16 spilltmp0, -32768; 0x46 xconst64 x0, -1
    const text = disassembleLines(bytesFromHex('431eff' + '441f0080' + '4600ffffffffffffffff'), { offsets: false, bytes: false });
    expect(text).toEqual(['xconst8 sp, -1', 'xconst16 spilltmp0, -32768', 'xconst64 x0, -1']);
  });

  it('empty input gives no lines', () => {
    expect(disassemble(new Uint8Array(0))).toBe('');
  });
});
