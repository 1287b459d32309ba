// Runs the shared Pulley vectors on the interpreter and prints failures per op.
//   node dist/tools/exec-vectors.js [--dir DIR] [--ops a,b,c] [--examples N] [--case NAME]
// --ops keeps only the cases that use at least one of the given ops. Cases using an op
// with no handler yet are skipped (and counted) unless --all is given.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVectorCases } from '../runtime/testing/vector-files.js';
import { implementedOps } from '../runtime/interp.js';
import { formatVectorReport, runVectorCases } from '../runtime/testing/vector-report.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const defaultDir = process.env.PULLEY_SHARED
  ? join(process.env.PULLEY_SHARED, 'pulley-vectors')
  : join(here, here.includes('/dist/') ? '../../..' : '../..', 'shared', 'pulley-vectors');
const dir = option('--dir') ?? defaultDir;
const ops = option('--ops')?.split(',').filter(Boolean);
const caseName = option('--case');
const examples = Number(option('--examples') ?? 5);

let cases = loadVectorCases(dir);
if (ops) cases = cases.filter((c) => c.ops.some((op) => ops.includes(op)));
if (caseName) cases = cases.filter((c) => c.name === caseName);
const report = runVectorCases(cases, {}, process.argv.includes('--all') ? undefined : implementedOps());
console.log(formatVectorReport(report, examples));
process.exitCode = report.passed === report.total ? 0 : 1;
