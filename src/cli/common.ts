// What every `pulley` subcommand shares: the command shape, argument parsing, input
// files and atomic output files. Errors meant for the user are CliError; the entry point
// prints them as one line `pulley: ...` and exits with status 2.

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class CliError extends Error {
  override name = 'CliError';
}

/** One subcommand: `pulley NAME ...`. Add a file to src/cli/ and list it in src/cli.ts. */
export interface Command {
  readonly name: string;
  /** One line for `pulley --help`. */
  readonly summary: string;
  /** Full usage text with examples, for `pulley NAME --help`. */
  readonly usage: string;
  run(args: string[]): void | Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `args` strictly against `options` (plus --help). Returns undefined after printing
 * the usage for --help; throws CliError for unknown flags or missing values.
 */
export function parseCommandArgs<O extends Options>(command: Command, args: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({
      args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true,
    });
  } catch (e) {
    throw new CliError(`${command.name}: ${firstSentence((e as Error).message)} (see pulley ${command.name} --help)`);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    process.stdout.write(command.usage);
    return undefined;
  }
  return parsed;
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.split(/\. (?=[A-Z])/)[0]!.replace(/\.$/, '');
}

/** Exactly one positional argument, the input file. */
export function onePath(command: Command, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new CliError(`${command.name}: expected one input FILE, got ${positionals.length} (see pulley ${command.name} --help)`);
  }
  return positionals[0]!;
}

/** Contents of `path` (`-` reads standard input). */
export function readInput(path: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    throw new CliError(`cannot read ${path === '-' ? 'standard input' : path}: ${describeFsError(e)}`);
  }
}

/** Writes `path` through a temporary file in the same folder, so a failure never leaves half a file. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new CliError(`cannot write ${path}: ${describeFsError(e)}`);
  }
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.code ?? err.message;
}
