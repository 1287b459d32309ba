// Runs a set of vector cases and summarises the failures by op, for the test and the tool.

import { runVectorCase, type VectorCase, type VectorCaseOptions } from './vector-case.js';

export interface VectorReport {
  total: number;
  passed: number;
  /** Cases not run because they use an op that has no handler yet; op → how many. */
  blocked: number;
  blockedByOp: Map<string, number>;
  /** op → number of failing cases that use it. */
  failuresByOp: Map<string, number>;
  /** op → number of cases that use it. */
  casesByOp: Map<string, number>;
  failures: { name: string; ops: string[]; problems: string[] }[];
}

/**
 * Runs `cases`; with `implemented`, a case using an op outside it is counted as blocked
 * instead of run (so failures point at real bugs while op families are being written).
 */
export function runVectorCases(
  cases: readonly VectorCase[], options: VectorCaseOptions = {}, implemented?: ReadonlySet<string>,
): VectorReport {
  const report: VectorReport = {
    total: cases.length, passed: 0, blocked: 0, blockedByOp: new Map(),
    failuresByOp: new Map(), casesByOp: new Map(), failures: [],
  };
  for (const c of cases) {
    const missing = implemented ? c.ops.filter((op) => !implemented.has(op)) : [];
    if (missing.length > 0) {
      report.blocked++;
      for (const op of new Set(missing)) report.blockedByOp.set(op, (report.blockedByOp.get(op) ?? 0) + 1);
      continue;
    }
    const result = runVectorCase(c, options);
    const ops = new Set(c.ops);
    for (const op of ops) report.casesByOp.set(op, (report.casesByOp.get(op) ?? 0) + 1);
    if (result.ok) {
      report.passed++;
      continue;
    }
    for (const op of ops) report.failuresByOp.set(op, (report.failuresByOp.get(op) ?? 0) + 1);
    report.failures.push({ name: c.name, ops: c.ops, problems: result.problems });
  }
  return report;
}

/**
 * A readable summary: pass count, the ops most often involved in failures (an op whose
 * every case fails is listed first), and the first `examples` failures in full.
 */
export function formatVectorReport(report: VectorReport, examples = 5): string {
  const lines = [`${report.passed}/${report.total} cases pass`];
  if (report.blocked > 0) {
    lines.push(`${report.blocked} cases not run: they use ${report.blockedByOp.size} ops with no handler yet`);
  }
  const ranked = [...report.failuresByOp].sort((a, b) =>
    b[1] / report.casesByOp.get(b[0])! - a[1] / report.casesByOp.get(a[0])! || b[1] - a[1]);
  if (ranked.length > 0) {
    lines.push('failing cases per op (failing/using):');
    const cells = ranked.map(([op, n]) => `${op} ${n}/${report.casesByOp.get(op)}`);
    for (let i = 0; i < cells.length; i += 6) lines.push('  ' + cells.slice(i, i + 6).join(', '));
  }
  for (const f of report.failures.slice(0, examples)) {
    lines.push(`${f.name} [${f.ops.join(' ')}]`);
    for (const p of f.problems.slice(0, 6)) lines.push(`    ${p}`);
    if (f.problems.length > 6) lines.push(`    ... ${f.problems.length - 6} more`);
  }
  return lines.join('\n');
}
