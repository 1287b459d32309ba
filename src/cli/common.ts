// What every `pulley` subcommand shares: the command shape, argument parsing, input
// files and atomic output files. Errors meant for the user are CliError; the entry point
// prints them as one line `pulley: ...` and exits with status 2.

import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { compileModule, type CompileOptions } from '../compiler/compile.js';
import type { CompiledModule } from '../compiler/module.js';
import { MAGIC as PULLEY_MAGIC } from '../format/layout.js';
import { deserializeModule } from '../format/pulley-file.js';

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
  /** Returns the exit status (undefined: 0). */
  run(args: string[]): void | number | Promise<void | number>;
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

/** The output next to the input: `dir/name.wasm` → `dir/name.EXT`. */
export function defaultOutput(path: string, extension: string): string {
  if (path === '-') throw new CliError('reading standard input needs -o OUT');
  return path.replace(/(\.(wasm|pulley))?$/, extension);
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

/** What a program file holds, told by its first bytes (never by its name). */
export type ProgramKind = 'wasm' | 'pulley' | 'mjs';

const WASM_MAGIC = Uint8Array.of(0x00, 0x61, 0x73, 0x6d);

/** The kind of a program file's bytes: wasm by `\0asm`, .pulley by its magic, JS (`pulley jsgen` output) by being text. */
export function programKind(bytes: Uint8Array): ProgramKind | undefined {
  const startsWith = (magic: Uint8Array) => magic.every((b, i) => bytes[i] === b);
  if (startsWith(WASM_MAGIC)) return 'wasm';
  if (startsWith(PULLEY_MAGIC)) return 'pulley';
  if (bytes.length > 0 && !bytes.subarray(0, 4096).includes(0)) return 'mjs';
  return undefined;
}

/** Reads a program file and tells its kind; anything else is a CliError naming the file. */
export function readProgram(path: string, accepted: readonly ProgramKind[]): { bytes: Buffer; kind: ProgramKind } {
  const bytes = readInput(path);
  const kind = programKind(bytes);
  const names: Record<ProgramKind, string> = { wasm: 'a wasm module', pulley: 'a .pulley file', mjs: 'a JS module from pulley jsgen' };
  if (kind === undefined || !accepted.includes(kind)) {
    throw new CliError(`${path}: not ${accepted.map((k) => names[k]).join(' or ')}${kind ? ` (it looks like ${names[kind]})` : ''}`);
  }
  return { bytes, kind };
}

/**
 * A compiler for a program's bytes, for `createWebAssembly({ compiler })`: the wasm → Pulley
 * compiler, or the .pulley reader (whose bytecode is fixed: fuel checks cannot be added).
 */
export function compilerFor(path: string, kind: 'wasm' | 'pulley'): (bytes: Uint8Array, options?: CompileOptions) => CompiledModule {
  if (kind === 'wasm') return compileModule;
  return (bytes, options) => {
    if (options?.fuel) throw new CliError(`${path}: --fuel needs the .wasm (a .pulley file's bytecode is fixed when it is compiled)`);
    return deserializeModule(bytes, { fileName: path });
  };
}

/** The CompiledModule of a .wasm or .pulley file; invalid input is a CliError naming the file. */
export function loadCompiled(path: string, bytes: Uint8Array, kind: 'wasm' | 'pulley', options?: CompileOptions): CompiledModule {
  try {
    return compilerFor(path, kind)(bytes, options);
  } catch (e) {
    throw fileError(path, e);
  }
}

/** `e` as a CliError that names the file once (a .pulley file's errors name it already). */
export function fileError(path: string, e: unknown): CliError {
  if (e instanceof CliError) return e;
  const message = (e as Error).message.replace(/^WebAssembly\.Module\(\): /, '');
  return new CliError(message.startsWith(`${path}:`) ? message : `${path}: ${message}`);
}
