// Running the built `pulley` (node dist/src/cli.js, which npm test builds first) as a child
// process, asynchronously so that tests can run several at once.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(root, 'dist/src/cli.js');
export const built = existsSync(CLI);
if (!built) console.warn(`skipping CLI tests: ${CLI} is not built (npm test builds it)`);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall time in ms. */
  ms: number;
}

export interface PulleyOptions {
  input?: string;
  timeoutMs?: number;
  cwd?: string;
  /** Flags for node itself, before the CLI's path (`--jitless`). */
  nodeFlags?: string[];
}

/** Runs `pulley ARGS...` to completion. */
export function pulley(args: string[], options: PulleyOptions = {}): Promise<CliResult> {
  const start = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...options.nodeFlags ?? [], CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 60_000, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr, ms: performance.now() - start }));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temporary folder for a test file's inputs and outputs. */
export function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'pulley-cli-'));
}

/** Runs `jobs` with at most `limit` in flight (default: one per core); results in order. */
export async function pool<T>(jobs: (() => Promise<T>)[], limit = availableParallelism()): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
