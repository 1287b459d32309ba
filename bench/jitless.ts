// --jitless: the same harness in a `node --jitless` child (Ignition only, no WebAssembly).
// The parent does what needs more than that first (binaryen's wasm2js output), and keeps
// the ratios against its own native WebAssembly times.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REUSE_GENERATED_ENV } from './engines/aot.js';
import type { Measurement } from './measure.js';
import type { SizeName } from './programs.js';

export interface ChildRequest {
  programs: string[];
  engines: string[];
  size: SizeName;
  reps: number;
  maxSeconds: number;
  /** Let the child drop engines too slow for a quick run. */
  quick: boolean;
}

export interface ChildResult {
  measurements: Measurement[];
  notes: string[];
}

/** Runs the child and returns its measurements (mode 'jitless') and notes. */
export function runJitlessChild(req: ChildRequest): ChildResult {
  return runChild(req, ['--jitless', '--expose-gc']);
}

/**
 * Runs the harness in a child `node` with `nodeFlags` on the requested engines and
 * programs; its measurements are of mode 'jitless' under --jitless, else 'jit'.
 */
export function runChild(req: ChildRequest, nodeFlags: readonly string[]): ChildResult {
  const jitless = nodeFlags.includes('--jitless');
  const dir = mkdtempSync(join(tmpdir(), 'pulley-bench-child-'));
  const out = join(dir, 'measurements.json');
  const script = fileURLToPath(new URL('./run.js', import.meta.url));
  const args = [
    ...nodeFlags, script,
    '--child-out', out, '--size', req.size, '--programs', req.programs.join(','), '--engines', req.engines.join(','),
    '--reps', String(req.reps), '--max-time', String(req.maxSeconds), '--no-startup', '--no-write',
    ...(req.quick ? ['--quick'] : []),
  ];
  try {
    const env = { ...process.env, [REUSE_GENERATED_ENV]: '1' };
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new Error(`bench: the ${jitless ? '--jitless ' : ''}child failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`);
    return JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
