// The bench harness: a quick measurement of one program on Node's WebAssembly, the
// expected-output check rejecting a wrong stdout, and the ratio arithmetic of the report.

import { describe, it, expect } from 'vitest';
import { sharedPath } from '../shared.js';
import { nativeEngine } from '../../bench/engines/native.js';
import { measure, type Measurement } from '../../bench/measure.js';
import { parseOptions } from '../../bench/options.js';
import { loadPrograms } from '../../bench/programs.js';
import { formatReport } from '../../bench/report.js';
import { geometricMean, type BenchResults } from '../../bench/results.js';
import { outputProblem } from '../../bench/run-program.js';
import { ratioChart } from '../../bench/svg.js';

const benchDir = sharedPath('bench');

describe.skipIf(!benchDir)('bench harness on a shared program', () => {
  const [sha256] = benchDir ? loadPrograms(benchDir, ['sha256']) : [];
  const quick = { reps: 1, maxSeconds: 0.1 };

  it('reads the sizes from the README table', () => {
    expect(sha256!.sizeArgs).toEqual({ small: '3', default: '100' });
    expect(sha256!.expected.small.length).toBeGreaterThan(0);
  });

  it('times a correct run on Node WebAssembly (quick mode)', async () => {
    const m = await measure(nativeEngine, sha256!, 'small', quick);
    expect(m.problem).toBeUndefined();
    expect(m.status).toBe('ok');
    expect(m.coldMs).toBeGreaterThan(0);
    expect(m.warmMs).toBeGreaterThan(0);
    expect(m.samples!.length).toBeGreaterThanOrEqual(1);
  });

  it('reports a wrong stdout as WRONG and does not time it', async () => {
    const altered = { ...sha256!, expected: { ...sha256!.expected, small: sha256!.expected.small.replace(/[0-9a-f]/, (c) => (c === '0' ? '1' : '0')) } };
    const m = await measure(nativeEngine, altered, 'small', quick);
    expect(m.status).toBe('wrong');
    expect(m.problem).toMatch(/^stdout line 1: got/);
    expect(m.warmMs).toBeUndefined();
  });

  it('reports an engine that cannot load the program as ERROR', async () => {
    const broken = { ...sha256!, wasm: Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0) };
    const m = await measure(nativeEngine, broken, 'small', quick);
    expect(m.status).toBe('error');
    expect(m.problem).toMatch(/^load:/);
  });
});

describe('output check', () => {
  it('names the first differing line, a missing line and a failing exit', () => {
    expect(outputProblem({ stdout: 'a\nb\n', stderr: '', exitCode: 0 }, 'a\nb\n')).toBeUndefined();
    expect(outputProblem({ stdout: 'a\nc\n', stderr: '', exitCode: 0 }, 'a\nb\n')).toBe('stdout line 2: got "c", expected "b"');
    expect(outputProblem({ stdout: 'a\n', stderr: '', exitCode: 0 }, 'a\nb\n')).toBe('stdout line 2: got "", expected "b"');
    expect(outputProblem({ stdout: 'a\nb\n', stderr: 'oops\n', exitCode: 3 }, 'a\nb\n')).toBe('exit code 3, stderr: oops');
  });
});

describe('report arithmetic', () => {
  const m = (engine: string, program: string, warmMs: number, coldMs: number): Measurement =>
    ({ engine, program, size: 'small', mode: 'jit', status: 'ok', warmMs, coldMs, samples: [warmMs] });
  const results: BenchResults = {
    date: '2000-01-01T00:00:00.000Z', node: '20', v8: '11', cpu: 'test', argv: [],
    engines: [{ id: 'native', label: 'Native' }, { id: 'x', label: 'X' }],
    measurements: [
      m('native', 'p', 10, 20), m('x', 'p', 20, 30),
      m('native', 'q', 5, 5), m('x', 'q', 40, 10),
      { engine: 'x', program: 'r', size: 'small', mode: 'jit', status: 'wrong', problem: 'stdout line 1' },
      m('native', 'r', 1, 1),
    ],
    startup: [], notes: [],
  };

  it('geometric mean', () => {
    expect(geometricMean([2, 8])).toBeCloseTo(4, 12);
    expect(geometricMean([])).toBeUndefined();
  });

  it('ratios to native per program and their geometric mean, WRONG not counted', () => {
    const text = formatReport(results, 'native');
    expect(text).toContain('| p | 10.0 ms | 20.0 ms (×2.00) |');
    expect(text).toContain('| q | 5.00 ms | 40.0 ms (×8.00) |');
    expect(text).toContain('| r | 1.00 ms | WRONG |');
    expect(text).toContain('| **geometric mean** | 1 | ×4.00 (2/3) |');
    // cold: 30/20 and 10/5 → geometric mean √3
    expect(text).toContain(`×${Math.sqrt(3).toFixed(2)} (2/3)`);
  });

  it('counts a program an engine was dropped from as missing in its geometric mean', () => {
    const dropped: BenchResults = { ...results, measurements: results.measurements.filter((x) => !(x.engine === 'x' && x.program !== 'p')) };
    expect(formatReport(dropped, 'native')).toContain('| **geometric mean** | 1 | ×2.00 (1/3) |');
  });

  it('draws one bar per measured engine and program, plus the geometric mean', () => {
    const svg = ratioChart(results, 'native');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<title>X, /g)!.length).toBe(4); // p, q, r, geomean
    expect(svg).toContain('<title>X, r: WRONG</title>');
  });
});

describe('options', () => {
  it('--quick means small sizes and few reps; bad values are named', () => {
    expect(parseOptions(['--quick'])).toMatchObject({ quick: true, size: 'small', reps: 2 });
    expect(parseOptions(['--programs', 'a,b', '--reps', '7'])).toMatchObject({ programs: ['a', 'b'], reps: 7, size: 'default' });
    expect(() => parseOptions(['--size', 'huge'])).toThrow(/--size must be small or default/);
    expect(() => parseOptions(['--reps'])).toThrow(/--reps needs a value/);
    expect(() => parseOptions(['--frobnicate'])).toThrow(/unknown option "--frobnicate"/);
    // A fresh node per engine and program unless --one-process.
    expect(parseOptions([]).freshProcesses).toBe(true);
    expect(parseOptions(['--one-process']).freshProcesses).toBe(false);
  });
});

