// Every op, random operands: encode -> decode -> disassemble -> assemble gives the same
// operands and bytes; sizes and opcode bytes agree with optable.json.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/isa/asm.js';
import { decodeAll, decodeInstr } from '../../src/isa/decode.js';
import { disassemble } from '../../src/isa/disas.js';
import { BytecodeWriter, encodeInstr } from '../../src/isa/encode.js';
import { ALL_OPS, BR_TABLE32 } from '../../src/isa/ops.js';
import { OperandGen, seededRandom } from './random-operands.js';
import { sharedPath } from '../shared.js';

const ROUNDS = 12;

describe('every op round-trips with random operands', () => {
  it('encode, decode, disassemble, assemble', () => {
    const gen = new OperandGen(seededRandom(35));
    for (const op of ALL_OPS) {
      if (op === BR_TABLE32) continue;
      for (let round = 0; round < ROUNDS; round++) {
        const operands = gen.operands(op);
        const bytes = encodeInstr(op, operands);
        expect(bytes.length, op.mnemonic).toBe(op.size);
        const instr = decodeInstr(bytes, 0);
        expect(instr.op, op.mnemonic).toBe(op);
        expect(instr.operands, op.mnemonic).toEqual(operands);
        const text = disassemble(bytes);
        expect(assemble(text), text).toEqual(bytes);
        expect(assemble(disassemble(bytes, { offsets: false, bytes: false })), text).toEqual(bytes);
      }
    }
  });

  it('br_table32 with several targets, negative and positive', () => {
    const gen = new OperandGen(seededRandom(7));
    for (const count of [0, 1, 2, 5, 9]) {
      const targets = Array.from({ length: count }, () => gen.int(-0x8000_0000, 0x7fff_ffff));
      const idx = gen.reg();
      const bytes = encodeInstr(BR_TABLE32, [idx, count], targets);
      expect(bytes.length).toBe(BR_TABLE32.size + 4 * count);
      const instr = decodeInstr(bytes, 0);
      expect(instr.operands).toEqual([idx, count]);
      expect(instr.targets).toEqual(targets);
      expect(instr.size).toBe(bytes.length);
      expect(assemble(disassemble(bytes))).toEqual(bytes);
    }
  });

  it('a whole random program through the writer decodes back instruction by instruction', () => {
    const gen = new OperandGen(seededRandom(99));
    const writer = new BytecodeWriter(16); // small, so the buffer has to grow
    const expected: { op: typeof ALL_OPS[number]; operands: unknown[] }[] = [];
    for (let i = 0; i < 2000; i++) {
      const op = ALL_OPS[gen.int(0, ALL_OPS.length - 1)]!;
      if (op === BR_TABLE32) continue;
      const operands = gen.operands(op);
      writer.emit(op, operands);
      expected.push({ op, operands });
    }
    const code = writer.finish();
    const decoded = decodeAll(code);
    expect(decoded.map((d) => ({ op: d.op, operands: d.operands }))).toEqual(expected);
    expect(assemble(disassemble(code))).toEqual(code);
  });
});

const optablePath = sharedPath('pulley-vectors/optable.json');

describe.skipIf(!optablePath)('opcode bytes agree with optable.json', () => {
  it('encoding_prefix of every op', () => {
    const reference = JSON.parse(readFileSync(optablePath!, 'utf8'));
    const gen = new OperandGen(seededRandom(1));
    reference.ops.forEach((ref: { snake: string; encoding_prefix: string }, i: number) => {
      const op = ALL_OPS[i]!;
      const bytes = op === BR_TABLE32 ? encodeInstr(op, [0, 0], []) : encodeInstr(op, gen.operands(op));
      const prefix = Buffer.from(bytes.subarray(0, op.opcodeSize)).toString('hex');
      expect(prefix, ref.snake).toBe(ref.encoding_prefix.replace(/\s|0x/g, '').toLowerCase());
    });
  });
});
