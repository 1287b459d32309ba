// `pulley ops`: the op table, as text or JSON.

import { ALL_OPS, EXTENDED_OP_PREFIX, type OpInfo } from '../isa/ops.js';
import { parseCommandArgs, CliError, type Command } from './common.js';

function encoding(op: OpInfo): string {
  const bytes = op.extended ? [EXTENDED_OP_PREFIX, op.opcode & 0xff, op.opcode >>> 8] : [op.opcode];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export const opsCommand: Command = {
  name: 'ops',
  summary: 'list the Pulley 35 ops: encoding, mnemonic, operands',
  usage: `Usage: pulley ops [--json]

Lists every op of Pulley 35: its opcode bytes, mnemonic, size in bytes and operands
(name:type, in encoding order).

Options:
  --json      one JSON array: {mnemonic, opcode, extended, encoding, size, operands}

Examples:
  pulley ops | grep xadd32
  pulley ops --json > ops.json
`,
  run(args) {
    const parsed = parseCommandArgs(this, args, { json: { type: 'boolean' } });
    if (!parsed) return;
    if (parsed.positionals.length > 0) throw new CliError(`ops: unexpected argument '${parsed.positionals[0]}'`);
    if (parsed.values.json) {
      const table = ALL_OPS.map((op) => ({
        mnemonic: op.mnemonic, opcode: op.opcode, extended: op.extended, encoding: encoding(op), size: op.size,
        operands: op.operands.map((o) => ({ name: o.name, type: o.type, size: o.size })),
      }));
      process.stdout.write(JSON.stringify(table, null, 1) + '\n');
      return;
    }
    const lines = ALL_OPS.map((op) =>
      `${encoding(op).padEnd(10)}${String(op.size).padStart(3)}  ${[op.mnemonic, ...op.operands.map((o) => `${o.name}:${o.type}`)].join(' ')}`);
    process.stdout.write(lines.join('\n') + '\n');
  },
};
