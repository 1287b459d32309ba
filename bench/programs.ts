// The benchmark programs: C compiled to wasm32-wasi, each with a small and a default size
// and the stdout it must print at each. Two folders hold them: the shared bench folder
// (wasm/NAME.wasm, expected/NAME.SIZE.out) and our own bench/programs/ (NAME/NAME.wasm,
// NAME/expected/NAME.SIZE.out); each has a README.md with the size table.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export type SizeName = 'small' | 'default';
export const SIZE_NAMES: readonly SizeName[] = ['small', 'default'];

export interface Program {
  readonly name: string;
  readonly wasm: Uint8Array<ArrayBuffer>;
  /** The command-line size argument per size (README table); 'default' is run with none. */
  readonly sizeArgs: Readonly<Record<SizeName, string>>;
  /** The exact stdout expected at each size. */
  readonly expected: Readonly<Record<SizeName, string>>;
}

/** argv for a run: the program name, then the size argument (none for 'default'). */
export function argsFor(program: Program, size: SizeName): string[] {
  return size === 'default' ? [`${program.name}.wasm`] : [`${program.name}.wasm`, program.sizeArgs[size]];
}

/** Our own programs (built from bench/programs/NAME/NAME.c; see its README). */
export const ownProgramsDir = (): string => join(repoRoot(), 'bench', 'programs');

/** A folder of programs: which there are and where each one's files are. */
interface ProgramFolder {
  readonly readme: string;
  readonly names: readonly string[];
  wasmPath(name: string): string;
  expectedPath(name: string, size: SizeName): string;
}

function sharedFolder(dir: string): ProgramFolder {
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) throw new Error(`bench: no programs at ${dir} (set PULLEY_SHARED to the shared folder)`);
  return {
    readme,
    names: readdirSync(join(dir, 'wasm')).filter((f) => f.endsWith('.wasm')).map((f) => f.slice(0, -5)).sort(),
    wasmPath: (name) => join(dir, 'wasm', `${name}.wasm`),
    expectedPath: (name, size) => join(dir, 'expected', `${name}.${size}.out`),
  };
}

function ownFolder(dir: string): ProgramFolder {
  const readme = join(dir, 'README.md');
  const names = existsSync(readme)
    ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(dir, d.name, `${d.name}.wasm`))).map((d) => d.name).sort()
    : [];
  return {
    readme,
    names,
    wasmPath: (name) => join(dir, name, `${name}.wasm`),
    expectedPath: (name, size) => join(dir, name, 'expected', `${name}.${size}.out`),
  };
}

/** program → [default size, small size], from the README's table (the one place they are written). */
function sizeTable(readme: string): Map<string, [string, string]> {
  const sizes = new Map<string, [string, string]>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | program | stresses | default size | small size |
    if (cells.length === 6 && /^\d+$/.test(cells[3]!) && /^\d+$/.test(cells[4]!)) sizes.set(cells[1]!, [cells[3]!, cells[4]!]);
  }
  return sizes;
}

function loadFrom(folder: ProgramFolder, name: string): Program {
  const size = sizeTable(readFileSync(folder.readme, 'utf8')).get(name);
  if (!size) throw new Error(`bench: ${name} has no row in the size table of ${folder.readme}`);
  const expectedOf = (s: SizeName) => readFileSync(folder.expectedPath(name, s), 'utf8');
  return {
    name,
    wasm: new Uint8Array(readFileSync(folder.wasmPath(name))),
    sizeArgs: { default: size[0], small: size[1] },
    expected: { default: expectedOf('default'), small: expectedOf('small') },
  };
}

/** One of our own programs, by name (for tests: no shared folder needed). */
export function loadOwnProgram(name: string, ownDir: string = ownProgramsDir()): Program {
  const own = ownFolder(ownDir);
  if (!own.names.includes(name)) throw new Error(`bench: no program "${name}" in ${ownDir} (have: ${own.names.join(', ')})`);
  return loadFrom(own, name);
}

/**
 * Every program of the shared folder `dir`, or those named in `only` (in that order), which
 * may also name our own programs of `ownDir` (these run only when named).
 */
export function loadPrograms(dir: string, only?: readonly string[], ownDir: string = ownProgramsDir()): Program[] {
  const shared = sharedFolder(dir);
  const own = ownFolder(ownDir);
  const clash = own.names.filter((n) => shared.names.includes(n));
  if (clash.length) throw new Error(`bench: ${clash.join(', ')} in both ${dir} and ${ownDir}; rename ours`);
  return (only ?? shared.names).map((name) => {
    const folder = shared.names.includes(name) ? shared : own.names.includes(name) ? own : undefined;
    if (!folder) throw new Error(`bench: unknown program "${name}" (have: ${[...shared.names, ...own.names].join(', ')})`);
    return loadFrom(folder, name);
  });
}
