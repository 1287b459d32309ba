#!/usr/bin/env node
// `pulley`: the command-line entry point. Each subcommand lives in src/cli/NAME.ts;
// add one by writing that file and listing it in COMMANDS.

import { asmCommand } from './cli/asm.js';
import { compileCommand } from './cli/compile.js';
import { CliError, type Command } from './cli/common.js';
import { disasCommand } from './cli/disas.js';
import { jsgenCommand } from './cli/jsgen.js';
import { opsCommand } from './cli/ops.js';
import { runCommand } from './cli/run.js';

const COMMANDS: readonly Command[] = [runCommand, compileCommand, jsgenCommand, opsCommand, disasCommand, asmCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: pulley COMMAND [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run pulley COMMAND --help for a command's options and examples.

Examples:
  pulley run prog.wasm -- 100
  pulley compile prog.wasm -o prog.pulley
  pulley jsgen prog.wasm -o prog.mjs
  pulley ops --json
  pulley disas func.pulley
  pulley asm func.pasm -o func.pulley
`;
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new CliError(`unknown command '${name}' (see pulley --help)`);
    return (await command.run(rest)) ?? 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`pulley: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  }
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0); // the reader went away, as with `pulley ops | head`
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
