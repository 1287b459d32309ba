// One run of a program: a fresh instance, our Wasi with stdout and stderr captured, _start.

import { Wasi } from '../runtime/wasi/index.js';
import type { Instantiate } from './engines/engine.js';

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function runProgram(instantiate: Instantiate, args: string[]): RunOutput {
  const out: Uint8Array[] = [], err: Uint8Array[] = [];
  const wasi = new Wasi({ args, env: {}, stdout: (b) => out.push(b.slice()), stderr: (b) => err.push(b.slice()) });
  const instance = instantiate(wasi.imports as unknown as Record<string, Record<string, unknown>>);
  const exitCode = wasi.start(instance);
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
  return { stdout: text(out), stderr: text(err), exitCode };
}

/** Why an output is not the expected one, or undefined if it is. */
export function outputProblem(run: RunOutput, expected: string): string | undefined {
  if (run.exitCode !== 0) return `exit code ${run.exitCode}${run.stderr ? `, stderr: ${firstLine(run.stderr)}` : ''}`;
  if (run.stdout === expected) return undefined;
  const got = run.stdout.split('\n'), want = expected.split('\n');
  const line = want.findIndex((w, i) => got[i] !== w);
  const at = line < 0 ? want.length : line;
  return `stdout line ${at + 1}: got ${JSON.stringify(got[at] ?? '<end>')}, expected ${JSON.stringify(want[at] ?? '<end>')}`;
}

const firstLine = (s: string) => s.split('\n', 1)[0]!.slice(0, 200);
