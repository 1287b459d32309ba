// Start-up figures: how long from .wasm bytes (or a precompiled .pulley file) to a ready
// instance (the moment _start's first instruction can run) on each of our tiers, the throughput of the two translations
// (wasm → Pulley, Pulley → JS) and the size of the generated JS next to wasm2js's.

import { compileModule } from '../src/compiler/compile.js';
import { deserializeModule, serializeModule } from '../src/format/pulley-file.js';
import { createWebAssembly, type Tier } from '../src/index.js';
import { generateUnit } from '../codegen/unit.js';
import { unitFunctionsOf } from '../codegen/jit.js';
import { Wasi } from '../runtime/wasi/index.js';
import type { Program } from './programs.js';
import { hostWebAssembly } from './engines/native.js';

export interface StartupRow {
  program: string;
  wasmBytes: number;
  pulleyBytes: number;
  /** wasm → Pulley (validate + compile), ms. */
  compileMs: number;
  /** Pulley → JS source text, ms. */
  translateMs: number;
  /** Bytes of JS the JS tier generates for the module. */
  jsBytes: number;
  /** Bytes of binaryen wasm2js's output, if it was generated. */
  wasm2jsBytes?: number;
  /** Size of the precompiled .pulley file. */
  pulleyFileBytes: number;
  /** .wasm bytes → instance, per tier (and native, for reference). */
  startInterpMs: number;
  startJsMs: number;
  /** .pulley file bytes → instance on the interpreter (no wasm compile). */
  startPulleyFileMs: number;
  startNativeMs?: number;
}

/** Median of `n` timed calls of `f` (the first call included: start-up is a cold path). */
function timeMedian(n: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

const imports = () => new Wasi({ args: ['x'], env: {}, stdout: () => {}, stderr: () => {} }).imports as unknown as Record<string, Record<string, unknown>>;

function startOnTier(tier: Tier, bytes: Uint8Array, fromPulleyFile = false): void {
  const W = createWebAssembly(fromPulleyFile ? { tier, compiler: (b) => deserializeModule(b) } : { tier });
  new W.Instance(new W.Module(bytes), imports());
}

export function measureStartup(program: Program, wasm2jsBytes: number | undefined, reps = 3): StartupRow {
  const bytes = program.wasm;
  const compiled = compileModule(bytes);
  const compileMs = timeMedian(reps, () => compileModule(bytes));
  const functions = unitFunctionsOf(compiled);
  let jsBytes = 0;
  const translateMs = timeMedian(reps, () => { jsBytes = generateUnit(compiled.code, functions).factoryBody.length; });
  const native = hostWebAssembly();
  const pulleyFile = serializeModule(compiled);
  return {
    program: program.name,
    wasmBytes: bytes.length,
    pulleyBytes: compiled.code.length,
    compileMs,
    translateMs,
    jsBytes,
    wasm2jsBytes,
    startInterpMs: timeMedian(reps, () => startOnTier('interp', bytes)),
    startJsMs: timeMedian(reps, () => startOnTier('js', bytes)),
    pulleyFileBytes: pulleyFile.length,
    startPulleyFileMs: timeMedian(reps, () => startOnTier('interp', pulleyFile, true)),
    startNativeMs: native ? timeMedian(reps, () => new native.Instance(new native.Module(bytes), imports())) : undefined,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const mbs = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
const ms = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(1));

export function startupTable(rows: readonly StartupRow[]): string[] {
  return [
    '### Start-up: .wasm bytes → ready instance (ms, median of 3) and translation throughput',
    '',
    '| program | wasm | Pulley code | .pulley file | wasm→Pulley MB/s | Pulley→JS MB/s | JS tier source | wasm2js source | start interp | start JS tier | start .pulley (interp) | start native |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.program} | ${kb(r.wasmBytes)} | ${kb(r.pulleyBytes)} | ${kb(r.pulleyFileBytes)} | ${mbs(r.wasmBytes, r.compileMs)} | ${mbs(r.pulleyBytes, r.translateMs)} | ${kb(r.jsBytes)} | ${r.wasm2jsBytes === undefined ? '—' : kb(r.wasm2jsBytes)} | ${ms(r.startInterpMs)} | ${ms(r.startJsMs)} | ${ms(r.startPulleyFileMs)} | ${ms(r.startNativeMs)} |`),
  ];
}
