// The shared bench programs (C compiled to wasm32-wasi) run under Node's own WebAssembly
// with our Wasi must print exactly the expected output at their small size and exit 0.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../shared.js';
import { Wasi } from '../../runtime/wasi/index.js';

const benchDir = sharedPath('bench');

/** program → small size, read from the table in the bench README (the one place it is written). */
function smallSizes(readme: string): Map<string, string> {
  const sizes = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | program | stresses | default size | small size |
    if (cells.length === 6 && /^\d+$/.test(cells[3]!) && /^\d+$/.test(cells[4]!)) sizes.set(cells[1]!, cells[4]!);
  }
  return sizes;
}

describe.skipIf(!benchDir)('bench programs under Node WebAssembly + Wasi', () => {
  const dir = benchDir!;
  const sizes = benchDir ? smallSizes(readFileSync(join(dir, 'README.md'), 'utf8')) : new Map<string, string>();
  const programs = benchDir ? readdirSync(join(dir, 'wasm')).filter((f) => f.endsWith('.wasm')).map((f) => f.slice(0, -5)) : [];

  it('finds every program and its small size', () => {
    expect(programs.length).toBeGreaterThan(0);
    for (const name of programs) expect(sizes.has(name), `${name} in README table`).toBe(true);
  });

  for (const name of programs) {
    it(`${name} prints expected/${name}.small.out`, async () => {
      const module = await WebAssembly.compile(readFileSync(join(dir, 'wasm', `${name}.wasm`)));
      const out: Uint8Array[] = [];
      const err: Uint8Array[] = [];
      const wasi = new Wasi({
        args: [`${name}.wasm`, sizes.get(name)!],
        env: {},
        stdout: (bytes) => out.push(bytes),
        stderr: (bytes) => err.push(bytes),
      });
      const instance = await WebAssembly.instantiate(module, wasi.imports);
      const code = wasi.start(instance);
      const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
      expect(text(err)).toBe('');
      expect(text(out)).toBe(readFileSync(join(dir, 'expected', `${name}.small.out`), 'utf8'));
      expect(code).toBe(0);
    });
  }
});
