// The benchmark programs: C compiled to wasm32-wasi, each with a small and a default size
// and the stdout it must print at each (read from the shared bench folder).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type SizeName = 'small' | 'default';
export const SIZE_NAMES: readonly SizeName[] = ['small', 'default'];

export interface Program {
  readonly name: string;
  readonly wasm: Uint8Array;
  /** The command-line size argument per size (README table); 'default' is run with none. */
  readonly sizeArgs: Readonly<Record<SizeName, string>>;
  /** The exact stdout expected at each size. */
  readonly expected: Readonly<Record<SizeName, string>>;
}

/** argv for a run: the program name, then the size argument (none for 'default'). */
export function argsFor(program: Program, size: SizeName): string[] {
  return size === 'default' ? [`${program.name}.wasm`] : [`${program.name}.wasm`, program.sizeArgs[size]];
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

/** Every program of `dir` (or those named in `only`, in that order). */
export function loadPrograms(dir: string, only?: readonly string[]): Program[] {
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) throw new Error(`bench: no programs at ${dir} (set PULLEY_SHARED to the shared folder)`);
  const sizes = sizeTable(readFileSync(readme, 'utf8'));
  const all = readdirSync(join(dir, 'wasm')).filter((f) => f.endsWith('.wasm')).map((f) => f.slice(0, -5)).sort();
  const names = only ?? all;
  return names.map((name) => {
    if (!all.includes(name)) throw new Error(`bench: unknown program "${name}" (have: ${all.join(', ')})`);
    const size = sizes.get(name);
    if (!size) throw new Error(`bench: ${name} has no row in the size table of ${readme}`);
    const expectedOf = (s: SizeName) => readFileSync(join(dir, 'expected', `${name}.${s}.out`), 'utf8');
    return {
      name,
      wasm: new Uint8Array(readFileSync(join(dir, 'wasm', `${name}.wasm`))),
      sizeArgs: { default: size[0], small: size[1] },
      expected: { default: expectedOf('default'), small: expectedOf('small') },
    };
  });
}
