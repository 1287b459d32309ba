// The shared Pulley 35 reference vectors, run on the interpreter: every case must match
// the state real Pulley reached. Failures are reported grouped by op.

import { describe, expect, it } from 'vitest';
import { sharedPath } from '../shared.js';
import { implementedOps } from '../../runtime/interp.js';
import { runVectorCase, type VectorCase } from '../../runtime/testing/vector-case.js';
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

describe.skipIf(!dir)('the vector-case runner notices differences', () => {
  const original = dir ? loadVectorCases(dir).find((c) => c.expected.done.kind === 'return' && c.mem.length > 0)! : undefined;
  const variant = (change: (c: VectorCase) => void): VectorCase => {
    const c = structuredClone(original!);
    change(c);
    return c;
  };

  it('accepts the case as it is', () => {
    expect(runVectorCase(original!).problems).toEqual([]);
  });

  it('reports a wrong register, fp, memory byte and done reason', () => {
    const flip = (hex: string) => `0x${(BigInt(hex) ^ 1n).toString(16).padStart(16, '0')}`;
    const wrong = variant((c) => {
      c.expected.x[5] = flip(c.expected.x[5]!);
      c.expected.fp = '0x0000000000000000';
      c.expected.mem[0] = (c.expected.mem[0]!.startsWith('00') ? 'ff' : '00') + c.expected.mem[0]!.slice(2);
      c.expected.done = { kind: 'trap', trap: 'DivideByZero', pc: 0 };
    });
    const problems = runVectorCase(wrong).problems.map((p) => p.split(':')[0]);
    expect(problems).toEqual(['done', 'x5', 'fp', 'mem0']);
  });

  it('lets NaNs differ only in f and v registers', () => {
    const nanIn = (c: VectorCase, bits: string) => {
      c.f['f3'] = bits;
      c.expected.f[3] = '0x7ff8000000000001';
    };
    expect(runVectorCase(variant((c) => nanIn(c, '0xfff8000000000000'))).ok).toBe(true);
    expect(runVectorCase(variant((c) => nanIn(c, '0x3ff0000000000000'))).ok).toBe(false);
  });
});
