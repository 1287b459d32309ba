// The 4,000 shared cases run by real Pulley 35: our disassembly must equal Pulley's
// line for line, and assembling Pulley's text must give the original bytes.

import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/isa/asm.js';
import { bytesFromHex, decodeAll } from '../../src/isa/decode.js';
import { disassembleLines } from '../../src/isa/disas.js';
import { ALL_OPS } from '../../src/isa/ops.js';
import { readVectorCases } from '../../tools/vector-files.js';
import { sharedPath } from '../shared.js';

const dir = sharedPath('pulley-vectors');

describe.skipIf(!dir)('shared Pulley vectors', () => {
  const cases = dir ? readVectorCases(dir) : [];

  it('has the 4,000 cases', () => {
    expect(cases.length).toBe(4000);
  });

  it('decodes every case in checked mode and disassembles it exactly as Pulley does', () => {
    const mismatches: string[] = [];
    for (const { case: c } of cases) {
      const code = bytesFromHex(c.code);
      expect(() => decodeAll(code), c.name).not.toThrow();
      const lines = disassembleLines(code);
      if (lines.join('\n') !== c.disas.join('\n')) mismatches.push(`${c.name}:\n${lines.join('\n')}\nexpected:\n${c.disas.join('\n')}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it("assembles Pulley's own disassembly back to the same bytes", () => {
    const mismatches: string[] = [];
    for (const { case: c } of cases) {
      const back = Buffer.from(assemble(c.disas.join('\n'))).toString('hex');
      if (back !== c.code) mismatches.push(`${c.name}: ${back} != ${c.code}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('between them use every op of the table', () => {
    expect(new Set(cases.flatMap(({ case: c }) => c.ops as string[])).size).toBe(ALL_OPS.length);
  });
});
