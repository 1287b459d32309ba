// `pulley disas`: raw bytecode to Pulley's text format.

import type { CompiledModule } from '../compiler/module.js';
import { bytesFromHex } from '../isa/decode.js';
import { disassemble, type DisasOptions } from '../isa/disas.js';
import { CliError, fileError, loadCompiled, onePath, parseCommandArgs, programKind, readInput, writeFileAtomic, type Command } from './common.js';
import { demangle } from './demangle.js';

export const disasCommand: Command = {
  name: 'disas',
  summary: 'disassemble Pulley bytecode, a .pulley file or a .wasm module',
  usage: `Usage: pulley disas FILE [--hex] [--no-offsets] [--no-bytes] [-o OUT]

Prints the disassembly of the Pulley bytecode in FILE (- for standard input) in
Pulley 35's own format. The bytecode is checked: unknown opcodes, bad registers and
truncated instructions are errors naming the byte offset.

A .pulley file, or a .wasm module (compiled first), is shown function by function, each
under a header with its index and (demangled) name, then the trampolines; offsets
count from the start of the module's bytecode. Any other FILE is raw bytecode.

Options:
  --hex          FILE holds the bytecode as a hex string (whitespace allowed)
  --no-offsets   leave out the offset column
  --no-bytes     leave out the byte dump column
  -o OUT         write to OUT instead of standard output

Examples:
  pulley disas func.pulley
  pulley disas fannkuch.wasm
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
        throw fileError(path, e);
      }
    }
    const options = { offsets: !parsed.values['no-offsets'], bytes: !parsed.values['no-bytes'] };
    const kind = parsed.values.hex ? undefined : programKind(code);
    let text: string;
    try {
      text = kind === 'wasm' || kind === 'pulley'
        ? disassembleModule(loadCompiled(path, code, kind), options)
        : disassemble(code, options);
    } catch (e) {
      throw fileError(path, e);
    }
    if (parsed.values.output !== undefined) writeFileAtomic(parsed.values.output, text);
    else process.stdout.write(text);
  },
};

/** Each function under a `func[N] name:` header, then each trampoline under its own. */
export function disassembleModule(compiled: CompiledModule, options: DisasOptions): string {
  const parts: { start: number; header: string }[] = compiled.functions.map((f) => ({
    start: f.offset, header: `func[${f.funcIndex}] ${demangle(f.name)}`,
  }));
  const trampolines = new Map<number, string[]>();
  const note = (at: number, what: string) => trampolines.set(at, [...(trampolines.get(at) ?? []), what]);
  compiled.arrayTrampolines.forEach((at, i) => note(at, `array-call trampoline of func[${i}]`));
  compiled.hostTrampolinesByType.forEach((at, i) => note(at, `host trampoline of type[${i}]`));
  for (const [start, names] of trampolines) parts.push({ start, header: names.join(', ') });
  parts.sort((a, b) => a.start - b.start);
  // A function ends where the next part begins (its recorded size says the same).
  return parts.map((part, i) => {
    const end = parts[i + 1]?.start ?? compiled.code.length;
    const body = disassemble(compiled.code.subarray(part.start, end), { ...options, startOffset: part.start });
    return `${part.header}:\n${body}`;
  }).join('\n');
}
