// pulley compile and pulley disas on modules: a .pulley file runs like its .wasm, disas
// shows the same functions from either, and broken inputs are one-line errors.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { built, pulley, workDir } from './cli-helpers.js';

const bench = sharedPath('bench');
const work = workDir();

describe.skipIf(!built || !bench)('pulley compile and disas of modules', () => {
  const wasm = join(bench!, 'wasm', 'lz77.wasm');
  const pulleyFile = join(work, 'lz77.pulley');

  it('a compiled .pulley file runs with the expected output', async () => {
    const c = await pulley(['compile', wasm, '-o', pulleyFile]);
    expect(c).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect([...readFileSync(pulleyFile).subarray(0, 8)]).toEqual([...Buffer.from('\0pulley\n', 'latin1')]);
    const expected = readFileSync(join(bench!, 'expected', 'lz77.small.out'), 'utf8');
    const results = await Promise.all(['interp', 'js'].map((tier) => pulley(['run', '--tier', tier, pulleyFile, '--', '400'])));
    for (const r of results) expect(r).toMatchObject({ status: 0, stdout: expected, stderr: '' });
  });

  it('disas shows every function under its name, the same from the .wasm and the .pulley', async () => {
    const [fromWasm, fromPulley] = await Promise.all([pulley(['disas', wasm]), pulley(['disas', pulleyFile])]);
    expect(fromWasm.status).toBe(0);
    expect(fromPulley.stdout).toBe(fromWasm.stdout);
    const headers = fromWasm.stdout.split('\n').filter((l) => /^\S.*:$/.test(l));
    const funcs = headers.filter((h) => h.startsWith('func['));
    // One header per body of the module's code section, and the C program's main is there by name.
    expect(funcs.length).toBe(definedFunctionCount(readFileSync(wasm)));
    expect(funcs.some((h) => /^func\[\d+\] main:$/.test(h))).toBe(true);
    expect(headers.some((h) => h.startsWith('array-call trampoline of func['))).toBe(true);
    // Offsets run on from one function to the next: the first line of each is its start.
    const firstOffsets = fromWasm.stdout.split('\n\n').map((part) => parseInt(part.split('\n')[1]!.trim(), 16));
    expect(firstOffsets).toEqual([...firstOffsets].sort((a, b) => a - b));
  });

  it('bad inputs are one-line errors with status 2', async () => {
    const corrupt = join(work, 'corrupt.pulley');
    const bytes = readFileSync(pulleyFile);
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(corrupt, bytes);
    for (const args of [
      ['compile', pulleyFile, '-o', join(work, 'x.pulley')], ['compile', join(work, 'absent.wasm')], ['compile'],
      ['disas', corrupt], ['run', corrupt], ['compile', wasm, '--bogus'],
    ]) {
      const r = await pulley(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^pulley: [^\n]+\n$/);
    }
  });
});

/** Functions defined in a module: the count of the code section, read by hand (section 10, a LEB128 count). */
function definedFunctionCount(bytes: Uint8Array): number {
  const leb = (at: number): [number, number] => {
    let value = 0, shift = 0, b;
    do { b = bytes[at++]!; value |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return [value >>> 0, at];
  };
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at]!;
    const [size, body] = leb(at + 1);
    if (id === 10) return leb(body)[0];
    at = body + size;
  }
  return 0;
}
