// tools/vectors.ts must report what is wrong with a case, not only pass good ones.

import { describe, expect, it } from 'vitest';
import { checkIsa } from '../../tools/vectors.js';
import type { VectorCase } from '../../tools/vector-files.js';

// From vectors-00: xjump x26; xshl32 x3, x12, x8; ret (Pulley's own disassembly).
const GOOD: VectorCase = {
  name: 'sample',
  code: '081a65832100',
  disas: [
    '       0: 08 1a                              xjump x26',
    '       2: 65 83 21                           xshl32 x3, x12, x8',
    '       5: 00                                 ret',
  ],
};

describe('vectors tool: ISA checks of one case', () => {
  it('passes a good case', () => {
    expect(checkIsa(GOOD)).toEqual([]);
  });

  it('names the first disassembly line that differs', () => {
    const bad = { ...GOOD, disas: [GOOD.disas[0]!, GOOD.disas[1]!.replace('x8', 'x9'), GOOD.disas[2]!] };
    const problems = checkIsa(bad);
    expect(problems[0]).toMatch(/^disas line 2: expected .*x9.*, got .*x8/);
    expect(problems[1]).toMatch(/^asm: expected 081a65832100, got 081a65832500/);
  });

  it('reports bytecode the checked decoder rejects', () => {
    expect(checkIsa({ ...GOOD, code: '0820' })).toEqual([expect.stringMatching(/^decode: offset 0x0: xjump: register number 32/)]);
  });

  it('reports a missing line', () => {
    expect(checkIsa({ ...GOOD, disas: GOOD.disas.slice(0, 2) })[0]).toMatch(/^disas line 3: expected undefined/);
  });
});
