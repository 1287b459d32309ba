// `pulley asm`: Pulley text back to bytecode.

import { assemble } from '../isa/asm.js';
import { CliError, fileError, onePath, parseCommandArgs, readInput, writeFileAtomic, type Command } from './common.js';

export const asmCommand: Command = {
  name: 'asm',
  summary: 'assemble Pulley text into bytecode',
  usage: `Usage: pulley asm FILE -o OUT [--hex]

Assembles FILE (- for standard input), written in the format pulley disas prints,
into OUT. The offset and byte columns of a disassembly are ignored, // starts a
comment, \`name:\` on its own line defines a label, and a label may stand for any
branch offset or br_table32 entry. OUT is replaced atomically.

Options:
  -o OUT      the output file (required)
  --hex       write the bytecode as a hex string instead of raw bytes

Examples:
  pulley asm loop.pasm -o loop.pulley
  pulley disas a.pulley | pulley asm - -o b.pulley

A loop in the text format:
      xconst8 x0, 10
  top:
      xsub32_u8 x0, x0, 1
      br_if32 x0, top
      ret
`,
  run(args) {
    const parsed = parseCommandArgs(this, args, { output: { type: 'string', short: 'o' }, hex: { type: 'boolean' } });
    if (!parsed) return;
    const path = onePath(this, parsed.positionals);
    const out = parsed.values.output;
    if (out === undefined) throw new CliError('asm: missing -o OUT (see pulley asm --help)');
    const text = readInput(path).toString('utf8');
    let code: Uint8Array;
    try {
      code = assemble(text);
    } catch (e) {
      throw fileError(path, e);
    }
    writeFileAtomic(out, parsed.values.hex ? Buffer.from(code).toString('hex') + '\n' : code);
  },
};
