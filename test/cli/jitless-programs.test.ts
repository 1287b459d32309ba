// Every shared bench program as `pulley jsgen` output, run by `pulley run` under
// `node --jitless` (no JIT, no WebAssembly global: the hosts the generated JS is for) at its
// small size: stdout must be exactly expected/<name>.small.out and the exit status 0.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPrograms, type Program } from '../../bench/programs.js';
import { sharedPath } from '../shared.js';
import { built, pool, pulley, workDir } from './cli-helpers.js';

const JITLESS = ['--jitless'];
/** V8's note that --jitless turns WebAssembly off; anything else on stderr is a failure. */
const JITLESS_WARNING = /^Warning: disabling flag --expose_wasm due to conflicting flags\n/gm;

const bench = sharedPath('bench');
const programs: Program[] = bench ? loadPrograms(bench) : [];
const work = workDir();
const fileOf = (p: Program, ext: 'wasm' | 'mjs') => join(work, `${p.name}.${ext}`);

describe.skipIf(!built || !bench)('bench programs as jsgen output under node --jitless', () => {
  beforeAll(async () => {
    for (const p of programs) writeFileSync(fileOf(p, 'wasm'), p.wasm);
    const made = await pool(programs.map((p) => () => pulley(['jsgen', fileOf(p, 'wasm'), '-o', fileOf(p, 'mjs')], { timeoutMs: 120_000 })));
    made.forEach((r, i) => expect({ name: programs[i]!.name, status: r.status, stderr: r.stderr }).toEqual({ name: programs[i]!.name, status: 0, stderr: '' }));
  }, 300_000);

  it('node --jitless has no WebAssembly, and the generated modules neither eval nor make functions', () => {
    const seen = execFileSync(process.execPath, [...JITLESS, '-p', 'typeof WebAssembly'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(seen.trim()).toBe('undefined');
    expect(programs.length).toBeGreaterThan(0);
    for (const p of programs) expect(readFileSync(fileOf(p, 'mjs'), 'utf8'), p.name).not.toMatch(/new Function|\beval\(/);
  });

  it('print the expected output at the small size', async () => {
    const results = await pool(programs.map((p) => () =>
      pulley(['run', fileOf(p, 'mjs'), '--', p.sizeArgs.small], { nodeFlags: JITLESS, timeoutMs: 240_000 })));
    programs.forEach((p, i) => {
      const r = results[i]!;
      expect({ name: p.name, status: r.status, stderr: r.stderr.replace(JITLESS_WARNING, ''), stdout: r.stdout })
        .toEqual({ name: p.name, status: 0, stderr: '', stdout: p.expected.small });
    });
    console.log(`jitless: ${programs.map((p, i) => `${p.name} ${(results[i]!.ms / 1000).toFixed(1)}s`).join(', ')}`);
  }, 600_000);
});
