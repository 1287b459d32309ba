// The progress indicator: drawn only on a TTY, only once the work has taken longer than the
// delay, and the line is cleared afterwards.

import { describe, expect, it } from 'vitest';
import { ProgressIndicator, withProgress } from '../../src/cli/progress.js';

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
