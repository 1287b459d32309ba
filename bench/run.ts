// `npm run bench`: every selected engine on every selected program, output checked, cold
// and warm times; optionally the same under `node --jitless`; then the tables, start-up
// figures, bench/results/<date>.json and an SVG chart of the ratios.
//   npm run build && npm run bench -- --quick

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { ALL_ENGINES, NATIVE_ID, engineById, type Engine } from './engines/index.js';
import { hostWebAssembly } from './engines/native.js';
import { wasm2jsPath } from './engines/wasm2js.js';
import { runChild, runJitlessChild } from './jitless.js';
import { measure, type Measurement } from './measure.js';
import { parseOptions, type BenchOptions } from './options.js';
import { cacheDir, resultsDir, sharedBenchDir } from './paths.js';
import { loadPrograms, type Program, type SizeName } from './programs.js';
import { formatReport } from './report.js';
import type { BenchResults } from './results.js';
import { measureStartup, type StartupRow } from './startup.js';
import { ratioChart } from './svg.js';

/** Node flags for every run: the README's workaround for a V8 fast-call crash, and gc() between runs. */
const NODE_FLAGS = ['--no-turbo-fast-api-calls', '--expose-gc'];

const log = (s: string) => process.stderr.write(s + '\n');
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

function selectEngines(options: BenchOptions, notes: string[]): Engine[] {
  if (options.engines) return options.engines.map(engineById);
  const slow = ALL_ENGINES.filter((e) => e.slow);
  if (options.quick && slow.length) {
    notes.push(`--quick leaves out ${slow.map((e) => e.label).join(', ')} (too slow for a quick run); name it with --engines to include it`);
    return ALL_ENGINES.filter((e) => !e.slow);
  }
  return [...ALL_ENGINES];
}

/** --quick: an engine not named with --engines whose first cold run takes longer is dropped from the rest (10× under --jitless). */
const QUICK_BUDGET_MS = 1000;

/**
 * An engine's untimed preparation (wasm2js's translation...). If it fails (binaryen refuses
 * SIMD modules), loading fails too, and measure() reports that as ERROR for the program.
 */
async function prepareQuietly(engine: Engine, program: Program): Promise<void> {
  try {
    await engine.prepare?.(program);
  } catch {
    // measure() reports the engine's load error for this program.
  }
}

/**
 * Measures one engine on one program in a fresh `node` (jit mode): a process that ran other
 * programs first can keep V8 state (feedback, code, heap) that makes the same code settle
 * 20-30% slower at random (fannkuch after binarytrees: 141 or 116 ms from process to process).
 */
async function measureInChild(engine: Engine, program: Program, size: SizeName, options: BenchOptions): Promise<Measurement> {
  const child = runChild({
    programs: [program.name], engines: [engine.id], size, reps: options.reps, maxSeconds: options.maxSeconds, quick: false,
  }, NODE_FLAGS);
  const m = child.measurements[0];
  if (m === undefined) return { engine: engine.id, program: program.name, size, mode: 'jit', status: 'error', problem: child.notes.join('; ') || 'the child measured nothing' };
  return m;
}

async function measureAll(engines: readonly Engine[], programs: readonly Program[], size: SizeName, options: BenchOptions, mode: Measurement['mode'], notes: string[] = [], freshProcesses = false): Promise<Measurement[]> {
  const results: Measurement[] = [];
  const dropped = new Set<string>();
  // One engine at a time over all programs, those that detach buffers last (Engine.detachesBuffers).
  const ordered = [...engines.filter((e) => !e.detachesBuffers), ...engines.filter((e) => e.detachesBuffers)];
  for (const engine of ordered) {
    for (const program of programs) {
      if (dropped.has(engine.id)) continue;
      await prepareQuietly(engine, program); // e.g. binaryen's run: not part of loading
      const m = freshProcesses ? await measureInChild(engine, program, size, options)
        : await measure(engine, program, size, { reps: options.reps, maxSeconds: options.maxSeconds }, mode);
      results.push(m);
      const budget = mode === 'jitless' ? 10 * QUICK_BUDGET_MS : QUICK_BUDGET_MS;
      const chosen = options.engines !== undefined && !options.childOut;
      if (options.quick && !chosen && engine.id !== NATIVE_ID && (m.coldMs ?? 0) > budget) {
        dropped.add(engine.id);
        notes.push(`--quick dropped ${engine.label}${mode === 'jitless' ? ' (jitless)' : ''} after ${program.name} (first run ${(m.coldMs! / 1000).toFixed(1)} s > ${budget / 1000} s); name it with --engines to run it everywhere`);
      }
      const what = m.status === 'ok' ? `cold ${m.coldMs!.toFixed(1)} ms, warm ${m.warmMs!.toFixed(1)} ms (${m.samples!.length} runs)` : `${m.status.toUpperCase()}: ${m.problem}`;
      if (!freshProcesses) log(`  ${mode === 'jitless' ? '[jitless] ' : ''}${program.name} ${size} ${engine.id}: ${what}`);
      collectGarbage();
    }
  }
  return results;
}

function render(jsonFile: string): number {
  const results = JSON.parse(readFileSync(jsonFile, 'utf8')) as BenchResults;
  process.stdout.write(formatReport(results, NATIVE_ID) + '\n');
  const svg = jsonFile.replace(/\.json$/, '') + '.svg';
  writeFileSync(svg, ratioChart(results, NATIVE_ID));
  log(`bench: wrote ${svg}`);
  return 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options.render) return render(options.render);

  if (!options.childOut && !NODE_FLAGS.every((f) => process.execArgv.includes(f))) {
    const r = spawnSync(process.execPath, [...NODE_FLAGS, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
    return r.status ?? 1;
  }

  const programs = loadPrograms(sharedBenchDir(), options.programs);
  const notes: string[] = [];

  if (options.childOut) {
    const engines = (options.engines ?? []).map(engineById).filter((e) => !e.needsWebAssembly || hostWebAssembly() !== undefined);
    const mode = process.execArgv.includes('--jitless') ? 'jitless' : 'jit';
    const measurements = await measureAll(engines, programs, options.size, options, mode, notes);
    writeFileSync(options.childOut, JSON.stringify({ measurements, notes }));
    return 0;
  }

  let engines = selectEngines(options, notes);
  if (!engines.some((e) => e.id === NATIVE_ID)) {
    engines = [...engines, engineById(NATIVE_ID)];
    notes.push('native WebAssembly was added: every ratio is to it');
  }
  const started = Date.now();
  log(`bench: ${programs.length} programs × ${engines.length} engines, size ${options.size}, ≥${options.reps} warm runs`);
  const measurements = await measureAll(engines, programs, options.size, options, 'jit', notes, options.freshProcesses);

  if (options.jitless) {
    const jitlessSize: SizeName = argv.includes('--size') ? options.size : 'small';
    const childEngines = engines.filter((e) => !e.needsWebAssembly);
    for (const p of programs) for (const e of childEngines) await prepareQuietly(e, p);
    if (jitlessSize !== options.size) {
      measurements.push(...await measureAll([engineById(NATIVE_ID)], programs, jitlessSize, options, 'jit'));
    }
    log(`bench: --jitless child, size ${jitlessSize}: ${childEngines.map((e) => e.id).join(', ')}`);
    const child = runJitlessChild({
      programs: programs.map((p) => p.name), engines: childEngines.map((e) => e.id), size: jitlessSize,
      reps: options.reps, maxSeconds: options.maxSeconds, quick: options.quick,
    });
    measurements.push(...child.measurements);
    notes.push(...child.notes);
    notes.push(`--jitless ratios are to native WebAssembly with the JIT, at size ${jitlessSize}`);
  }

  const startup: StartupRow[] = [];
  if (!options.noStartup) {
    log('bench: start-up figures');
    for (const p of programs) {
      const w2j = wasm2jsPath(p);
      startup.push(measureStartup(p, existsSync(w2j) ? statSync(w2j).size : undefined));
    }
  }
  notes.push(`took ${((Date.now() - started) / 1000).toFixed(0)} s; wasm2js output cached in ${cacheDir()}`);

  const results: BenchResults = {
    date: new Date().toISOString(),
    node: process.versions.node,
    v8: process.versions.v8,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}`,
    argv,
    engines: engines.map((e) => ({ id: e.id, label: e.label })),
    measurements,
    startup,
    notes,
  };
  process.stdout.write(formatReport(results, NATIVE_ID) + '\n');

  if (options.write) {
    const dir = options.outDir ?? resultsDir();
    mkdirSync(dir, { recursive: true });
    const stem = results.date.slice(0, 16).replace(':', '-') + (options.quick ? '-quick' : '') + (options.jitless ? '-jitless' : '');
    writeFileSync(join(dir, `${stem}.json`), JSON.stringify(results, null, 1) + '\n');
    writeFileSync(join(dir, `${stem}.svg`), ratioChart(results, NATIVE_ID));
    log(`bench: wrote ${join(dir, stem)}.json and .svg`);
  }
  const oursFailed = measurements.some((m) => m.status !== 'ok' && engineById(m.engine).ours);
  return oursFailed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
  process.exitCode = 2;
});
