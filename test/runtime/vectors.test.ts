// The shared Pulley 35 reference vectors, run on the interpreter: every case must match
// the state real Pulley reached. Failures are reported grouped by op.

import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { implementedOps } from '../../runtime/interp.js';
import { loadVectorCases } from '../../runtime/testing/vector-files.js';
import { formatVectorReport, runVectorCases } from '../../runtime/testing/vector-report.js';

const dir = sharedPath('pulley-vectors');

describe.skipIf(!dir)('Pulley reference vectors on the interpreter', () => {
  const cases = dir ? loadVectorCases(dir) : [];
  const report = runVectorCases(cases);
  const implemented = implementedOps();
  if (report.passed !== report.total) console.log(formatVectorReport(report, 10));

  it('has the 4,000 cases', () => {
    expect(cases.length).toBe(4000);
  });

  it('passes every case whose ops all have handlers', () => {
    const broken = report.failures.filter((f) => f.ops.every((op) => implemented.has(op)));
    expect(broken.map((f) => `${f.name}: ${f.problems[0]}`)).toEqual([]);
  });

  it('passes every case (needs every op family)', () => {
    expect(`${report.passed}/${report.total} pass`).toBe(`${report.total}/${report.total} pass`);
  });
});
