// The printed tables: per mode and size, median time and ratio to native WebAssembly per
// program and engine, with the geometric mean of the ratios; then the start-up figures.

import type { Measurement } from './measure.js';
import { type BenchResults, type Mode, type Timing, geometricMean, ratioOf } from './results.js';
import { startupTable } from './startup.js';

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const fmtRatio = (r: number) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2));

function cell(results: BenchResults, m: Measurement | undefined, timing: Timing, nativeId: string): string {
  if (!m) return '—';
  if (m.status === 'wrong') return 'WRONG';
  if (m.status === 'error') return 'ERROR';
  const t = m[timing]!;
  const r = ratioOf(results, m, timing, nativeId);
  return r === undefined || m.engine === nativeId ? `${fmtMs(t)} ms` : `${fmtMs(t)} ms (×${fmtRatio(r)})`;
}

function table(results: BenchResults, mode: Mode, size: string, timing: Timing, nativeId: string): string[] {
  const ms = results.measurements.filter((m) => m.mode === mode && m.size === size);
  const engines = results.engines.filter((e) => ms.some((m) => m.engine === e.id));
  const programs = [...new Set(ms.map((m) => m.program))];
  const what = timing === 'warmMs' ? 'warm (median)' : 'cold (first run)';
  const lines = [
    `### ${mode === 'jit' ? 'node' : 'node --jitless'}, size ${size}, ${what}: time (× native WebAssembly${mode === 'jitless' ? ' with JIT' : ''})`,
    '',
    `| program | ${engines.map((e) => e.label).join(' | ')} |`,
    `|---|${engines.map(() => '---:').join('|')}|`,
  ];
  for (const p of programs) {
    lines.push(`| ${p} | ${engines.map((e) => cell(results, ms.find((m) => m.program === p && m.engine === e.id), timing, nativeId)).join(' | ')} |`);
  }
  const means = engines.map((e) => {
    if (e.id === nativeId && mode === 'jit') return '1';
    const ratios = ms.filter((m) => m.engine === e.id).map((m) => ratioOf(results, m, timing, nativeId));
    const ok = ratios.filter((r): r is number => r !== undefined);
    const g = geometricMean(ok);
    if (g === undefined) return '—';
    // Out of every program in the table: one an engine was dropped from counts as missing too.
    return ok.length === programs.length ? `×${fmtRatio(g)}` : `×${fmtRatio(g)} (${ok.length}/${programs.length})`;
  });
  lines.push(`| **geometric mean** | ${means.join(' | ')} |`);
  return lines;
}

export function problems(results: BenchResults): string[] {
  return results.measurements
    .filter((m) => m.status !== 'ok')
    .map((m) => `- ${m.engine} on ${m.program} (${m.size}, ${m.mode}): ${m.status.toUpperCase()}: ${m.problem}`);
}

export function formatReport(results: BenchResults, nativeId: string): string {
  const out: string[] = [`## pulley-js bench, ${results.date} (Node ${results.node}, ${results.cpu})`, ''];
  const groups = new Set(results.measurements.map((m) => `${m.mode} ${m.size}`));
  for (const g of groups) {
    const [mode, size] = g.split(' ') as [Mode, string];
    for (const timing of ['warmMs', 'coldMs'] as const) out.push(...table(results, mode, size, timing, nativeId), '');
  }
  const bad = problems(results);
  if (bad.length) out.push('Not timed:', ...bad, '');
  if (results.startup.length) out.push(...startupTable(results.startup), '');
  if (results.notes.length) out.push(...results.notes.map((n) => `Note: ${n}`), '');
  return out.join('\n');
}
