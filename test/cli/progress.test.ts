// The progress indicator: drawn only on a TTY, only once the work has taken longer than the
// delay, and the line is cleared afterwards. `pulley run` on a terminal (a pseudo-terminal
// made by util-linux `script`) draws it while compiling a big module and runs it right.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressIndicator, withProgress } from '../../src/cli/progress.js';
import { sharedPath } from '../shared.js';
import { built, CLI, workDir } from './cli-helpers.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('progress indicator', () => {
  it('draws the label and elapsed time after the delay, then clears the line', async () => {
    const stream = fakeStream(true);
    const progress = new ProgressIndicator(stream, 'compiling big.wasm', { delayMs: 20, intervalMs: 10 });
    await sleep(80);
    progress.stop();
    const count = stream.writes.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(stream.writes[0]).toMatch(/^\r\x1b\[Kcompiling big\.wasm\.\.\. 0\.\ds$/);
    expect(stream.writes[count - 1]).toBe('\r\x1b[K');
    await sleep(30);
    expect(stream.writes.length).toBe(count); // nothing after stop()
  });

  it('draws nothing for quick work, or when the stream is not a terminal', async () => {
    const quick = fakeStream(true);
    new ProgressIndicator(quick, 'x', { delayMs: 50 }).stop();
    const piped = fakeStream(false);
    const slow = new ProgressIndicator(piped, 'x', { delayMs: 1, intervalMs: 1 });
    await sleep(60);
    slow.stop();
    expect(quick.writes).toEqual([]);
    expect(piped.writes).toEqual([]);
  });

  it('withProgress runs the work directly when the stream is not a terminal', async () => {
    const piped = fakeStream(false);
    const url = new URL('data:text/javascript,');
    expect(await withProgress('x', () => 42, { url, job: 'none', data: null }, piped)).toBe(42);
  });
});

/** `script` runs a command on a pseudo-terminal; where it is missing the terminal tests skip. */
const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore' }).status === 0;

/** Runs `pulley ARGS...` with stdout and stderr on a terminal; returns what the terminal got (CR LF as LF). */
function pulleyOnTerminal(args: string[]): Promise<{ status: number | null; output: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 120_000 });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { output += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: output.replace(/\r\n/g, '\n') }));
  });
}

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
};

/**
 * `count` copies of one function, the first exported as `f(x: i32) -> i32`: a chain of
 * `length` steps acc = (acc + k) * x. About 3 MB, which takes some 3 s to compile and
 * translate (assembled with set(), as spreading arrays this long overflows the JS stack).
 */
function bigModule(count = 500, length = 1000): Uint8Array<ArrayBuffer> {
  const body = [0x00 /* no locals */, 0x20, 0];
  for (let k = 0; k < length; k++) body.push(0x41, (k % 50) + 1, 0x6a /* i32.add */, 0x20, 0, 0x6c /* i32.mul */);
  body.push(0x0b);
  const code = [...uleb(body.length), ...body];
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const codeSection = [10, ...uleb(uleb(count).length + code.length * count), ...uleb(count)];
  const head = [
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]),
    ...section(3, [...uleb(count), ...new Array<number>(count).fill(0)]), ...section(7, [1, 1, 0x66 /* "f" */, 0, 0]),
  ];
  const bytes = new Uint8Array(head.length + codeSection.length + code.length * count);
  bytes.set(head);
  bytes.set(codeSection, head.length);
  for (let i = 0, at = head.length + codeSection.length; i < count; i++, at += code.length) bytes.set(code, at);
  return bytes;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!built || !hasScript)('pulley run on a terminal', () => {
  const work = workDir();

  it('draws the progress line while a big module compiles, clears it, then runs the module', async () => {
    const bytes = bigModule();
    const path = join(work, 'big.wasm');
    writeFileSync(path, bytes);
    const expected = (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as (x: number) => number)(3);
    const r = await pulleyOnTerminal(['run', '--tier', 'js', path, '--invoke', 'f', '--', '3']);
    expect(r.status).toBe(0);
    // The line redrawn with the elapsed time, cleared, then only the result.
    const drawn = `\\r\\x1b\\[Kcompiling and translating ${escapeRegExp(path)}\\.\\.\\. \\d+\\.\\ds`;
    expect(r.output).toMatch(new RegExp(`^(${drawn})+\\r\\x1b\\[K${expected}\\n$`));
  }, 120_000);

  it.skipIf(!sharedPath('bench'))('a program compiled in the worker thread prints what it prints in a pipe, on both tiers', async () => {
    const program = join(sharedPath('bench')!, 'wasm', 'lz77.wasm');
    const expected = readFileSync(join(sharedPath('bench')!, 'expected', 'lz77.small.out'), 'utf8');
    // Quick to compile, so normally no progress line; a loaded machine may still draw one, cleared before the output.
    const anyProgress = '(\\r\\x1b\\[K[^\\n]*)?';
    for (const tier of ['interp', 'js']) {
      const r = await pulleyOnTerminal(['run', '--tier', tier, program, '--', '400']);
      expect(r.status, tier).toBe(0);
      expect(r.output, tier).toMatch(new RegExp(`^${anyProgress}${escapeRegExp(expected)}$`));
    }
  }, 120_000);
});
