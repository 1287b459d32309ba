// The shared Pulley 35 reference vectors restricted to the vector family: every case whose
// ops are all vector ops (plus the closing `ret`) must end in the state real Pulley reached.
// Cases mixing vector ops with other families are run too: their failures are listed by op
// (a failure there may belong to another family, so that check allows 1% of them).

import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { vectorOps } from '../../runtime/ops/vector.js';
import { implementedOps } from '../../runtime/interp.js';
import { loadVectorCases } from '../../runtime/testing/vector-files.js';
import { formatVectorReport, runVectorCases } from '../../runtime/testing/vector-report.js';

const dir = sharedPath('pulley-vectors');

describe.skipIf(!dir)('vector ops on the Pulley reference vectors', () => {
  const cases = dir ? loadVectorCases(dir) : [];
  const vectorOnly = new Set([...Object.keys(vectorOps), 'ret']);

  it('has 199 vector ops', () => {
    expect(Object.keys(vectorOps).length).toBe(199);
  });

  it('passes every case made only of vector ops and ret', () => {
    const mine = cases.filter((c) => c.ops.every((op) => vectorOnly.has(op)));
    expect(mine.length).toBeGreaterThan(40);
    const report = runVectorCases(mine);
    if (report.failures.length > 0) console.log(formatVectorReport(report, 10));
    expect(report.failures.map((f) => `${f.name}: ${f.problems[0]}`)).toEqual([]);
  });

  it('passes at least 99% of the cases that mix vector ops with other families', () => {
    const vectorNames = new Set(Object.keys(vectorOps));
    const withVector = cases.filter((c) => c.ops.some((op) => vectorNames.has(op)));
    const report = runVectorCases(withVector, {}, implementedOps());
    console.log(`vector cases: ${report.passed} pass of ${report.total - report.blocked} runnable (${report.blocked} wait for other families)`);
    if (report.failures.length > 0) console.log(formatVectorReport(report, 10));
    const runnable = report.total - report.blocked;
    expect(report.passed).toBeGreaterThanOrEqual(Math.floor(0.99 * runnable));
  });
});
