import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_OPS, EXTENDED_OP_PREFIX, BR_TABLE32 } from '../../src/isa/ops.js';
import { sharedPath } from '../shared.js';

const optablePath = sharedPath('pulley-vectors/optable.json');

describe.skipIf(!optablePath)('op table matches Pulley 35 (optable.json)', () => {
  const reference = optablePath ? JSON.parse(readFileSync(optablePath, 'utf8')) : { ops: [] };

  it('has the same number of base and extended ops and the same prefix', () => {
    expect(ALL_OPS.length).toBe(reference.num_ops);
    expect(ALL_OPS.filter((op) => !op.extended).length).toBe(reference.num_base_ops);
    expect(EXTENDED_OP_PREFIX).toBe(reference.extended_op_prefix);
  });

  it('agrees op by op: mnemonic, opcode, operands and size', () => {
    reference.ops.forEach((ref: any, i: number) => {
      const op = ALL_OPS[i]!;
      const ours = {
        snake: op.mnemonic, extended: op.extended, opcode: op.opcode,
        operands: op.operands.map((o) => ({ name: o.name, type: o.type, bytes: o.size })),
        size: op.size, fixed_size: op !== BR_TABLE32,
      };
      const theirs = {
        snake: ref.snake, extended: ref.extended, opcode: ref.opcode,
        operands: ref.operands.map((o: any) => ({ name: o.name, type: o.type.replace(/ /g, ''), bytes: o.bytes })),
        size: ref.size, fixed_size: ref.fixed_size,
      };
      expect(ours, `op #${i}`).toEqual(theirs);
    });
  });
});
