// Every shared bench program through `pulley run` at its small size: from its .wasm and from
// its .pulley (made by `pulley compile`) on each tier, and as `pulley jsgen` output on its
// generated code. stdout must be exactly expected/<name>.small.out and the exit status 0.
// The programs run as child processes, as many at once as there are cores. (The jsgen
// output under node --jitless is in jitless-programs.test.ts.)

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPrograms, type Program } from '../../bench/programs.js';
import { sharedPath } from '../shared.js';
import { built, pool, pulley, workDir, type CliResult } from './cli-helpers.js';

const bench = sharedPath('bench');
/** The programs, with their small sizes and outputs from the shared README table and files. */
const programs: Program[] = bench ? loadPrograms(bench) : [];
const work = workDir();
type Form = 'wasm' | 'pulley' | 'mjs';
const fileOf = (p: Program, form: Form) => join(work, `${p.name}.${form}`);
/** How each form is made from the .wasm. */
const MAKE: Record<Exclude<Form, 'wasm'>, string> = { pulley: 'compile', mjs: 'jsgen' };
/** The tiers each form runs on: a jsgen module's own is its generated code (the JS tier). */
const RUNS: [Form, string][] = [['wasm', 'interp'], ['wasm', 'js'], ['pulley', 'interp'], ['pulley', 'js'], ['mjs', 'js']];

/** What a run must give: the program's small output, nothing on stderr, status 0. */
function expectSmallOutput(results: CliResult[]): void {
  programs.forEach((p, i) => {
    const r = results[i]!;
    expect({ name: p.name, status: r.status, stderr: r.stderr, stdout: r.stdout })
      .toEqual({ name: p.name, status: 0, stderr: '', stdout: p.expected.small });
  });
}

describe.skipIf(!built || !bench)('bench programs through pulley run', () => {
  beforeAll(async () => {
    for (const p of programs) writeFileSync(fileOf(p, 'wasm'), p.wasm);
    const jobs = programs.flatMap((p) => (['pulley', 'mjs'] as const).map((form) => ({ p, form })));
    const made = await pool(jobs.map(({ p, form }) => () => pulley([MAKE[form], fileOf(p, 'wasm'), '-o', fileOf(p, form)], { timeoutMs: 120_000 })));
    made.forEach((r, i) => {
      const what = `${MAKE[jobs[i]!.form]} ${jobs[i]!.p.name}`;
      expect({ what, status: r.status, stderr: r.stderr }).toEqual({ what, status: 0, stderr: '' });
    });
  }, 300_000);

  it('finds the programs', () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  for (const [form, tier] of RUNS) {
    it(`print the expected output from the .${form} on the ${tier} tier`, async () => {
      const results = await pool(programs.map((p) => () =>
        pulley(['run', '--tier', tier, fileOf(p, form), '--', p.sizeArgs.small], { timeoutMs: 240_000 })));
      expectSmallOutput(results);
      console.log(`.${form} ${tier}: ${programs.map((p, i) => `${p.name} ${(results[i]!.ms / 1000).toFixed(1)}s`).join(', ')}`);
    }, 600_000);
  }
});
