// The shared Pulley 35 reference vectors restricted to the scalar ALU family: every case
// whose ops are all integer/float scalar ops (plus the closing `ret`) must end in the state
// real Pulley reached. Cases mixing them with other families are reported by op as well.

import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { intOps } from '../../runtime/ops/int.js';
import { floatOps } from '../../runtime/ops/float.js';
import { implementedOps } from '../../runtime/interp.js';
import { loadVectorCases } from '../../runtime/testing/vector-files.js';
import { formatVectorReport, runVectorCases } from '../../runtime/testing/vector-report.js';

const dir = sharedPath('pulley-vectors');

describe.skipIf(!dir)('scalar ops on the Pulley reference vectors', () => {
  const cases = dir ? loadVectorCases(dir) : [];
  const scalar = new Set([...Object.keys(intOps), ...Object.keys(floatOps)]);

  it('passes every case made only of scalar ops and ret', () => {
    const only = new Set([...scalar, 'ret']);
    const mine = cases.filter((c) => c.ops.every((op) => only.has(op)));
    expect(mine.length).toBeGreaterThan(40);
    const report = runVectorCases(mine);
    console.log(`scalar-only cases: ${report.passed}/${report.total} pass`);
    if (report.failures.length > 0) console.log(formatVectorReport(report, 10));
    expect(report.failures.map((f) => `${f.name}: ${f.problems[0]}`)).toEqual([]);
  });

  it('passes every runnable case that uses a scalar op', () => {
    const withScalar = cases.filter((c) => c.ops.some((op) => scalar.has(op)));
    const report = runVectorCases(withScalar, {}, implementedOps());
    console.log(`cases using scalar ops: ${report.passed} pass of ${report.total - report.blocked} runnable (${report.blocked} wait for other families)`);
    if (report.failures.length > 0) console.log(formatVectorReport(report, 10));
    expect(report.failures.map((f) => `${f.name}: ${f.problems[0]}`)).toEqual([]);
  });
});
