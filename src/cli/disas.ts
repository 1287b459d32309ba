// `pulley disas`: raw bytecode to Pulley's text format.

import { bytesFromHex } from '../isa/decode.js';
import { disassemble } from '../isa/disas.js';
import { CliError, onePath, parseCommandArgs, readInput, writeFileAtomic, type Command } from './common.js';

export const disasCommand: Command = {
  name: 'disas',
  summary: 'disassemble Pulley bytecode',
  usage: `Usage: pulley disas FILE [--hex] [--no-offsets] [--no-bytes] [-o OUT]

Prints the disassembly of the Pulley bytecode in FILE (- for standard input) in
Pulley 35's own format. The bytecode is checked: unknown opcodes, bad registers and
truncated instructions are errors naming the byte offset.

Options:
  --hex          FILE holds the bytecode as a hex string (whitespace allowed)
  --no-offsets   leave out the offset column
  --no-bytes     leave out the byte dump column
  -o OUT         write to OUT instead of standard output

Examples:
  pulley disas func.pulley
  echo "081a 00" | pulley disas --hex -
`,
  run(args) {
    const parsed = parseCommandArgs(this, args, {
      hex: { type: 'boolean' }, 'no-offsets': { type: 'boolean' }, 'no-bytes': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
    });
    if (!parsed) return;
    const path = onePath(this, parsed.positionals);
    const input = readInput(path);
    let code: Uint8Array = input;
    if (parsed.values.hex) {
      try {
        code = bytesFromHex(input.toString('utf8'));
      } catch (e) {
        throw new CliError(`${path}: ${(e as Error).message}`);
      }
    }
    let text: string;
    try {
      text = disassemble(code, { offsets: !parsed.values['no-offsets'], bytes: !parsed.values['no-bytes'] });
    } catch (e) {
      throw new CliError(`${path}: ${(e as Error).message}`);
    }
    if (parsed.values.output !== undefined) writeFileAtomic(parsed.values.output, text);
    else process.stdout.write(text);
  },
};
