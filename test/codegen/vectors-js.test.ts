// The shared Pulley vectors on the JS tier: each case's code is translated as one
// function from its entry, run as generated JS, and handed to the interpreter wherever
// the generated code falls back; the final state must match the real Pulley's.
import { describe, expect, it } from 'vitest';
import { loadVectorCases } from '../../runtime/testing/vector-files.js';
import { runVectorCase } from '../../runtime/testing/vector-case.js';
import { jitRegion, runJit } from '../../codegen/jit.js';
import { sharedPath } from '../shared.js';

const dir = sharedPath('pulley-vectors');

const BRANCHY = /^(br_|jump|call)/;

describe.skipIf(!dir)('Pulley vectors on the JS tier', () => {
  // Structured control flow is the normal translation; the switch-in-a-loop fallback
  // (for irreducible flow) is checked on the cases that branch.
  it.each([['structured', true], ['switch', false]] as const)('every case matches the expected final state (%s)', (_mode, structured) => {
    const cases = loadVectorCases(dir!).filter((c) => structured || c.ops.some((op) => BRANCHY.test(op)));
    const failures: string[] = [];
    const byOp = new Map<string, number>();
    for (const c of cases) {
      const result = runVectorCase(c, {
        execute: (m, code, entry) => {
          jitRegion(m, code, [{ entry, end: code.bytes.length }], { structured });
          return runJit(m, code, entry);
        },
      });
      if (!result.ok) {
        if (failures.length < 10) failures.push(`${c.name} [${c.ops.join(' ')}]: ${result.problems.slice(0, 3).join('; ')}`);
        for (const op of new Set(c.ops)) byOp.set(op, (byOp.get(op) ?? 0) + 1);
      }
    }
    const worst = [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([op, n]) => `${op}:${n}`).join(' ');
    expect(failures, `failing ops (cases): ${worst}\n${failures.join('\n')}`).toEqual([]);
  });
});
