// The no-diff harness: the same wasm runs on the interpreter tier, the JS tier and Node's
// own WebAssembly (when this Node has it), and every observable outcome must agree:
// results, traps, final memory and globals, a WASI program's stdout and exit code.
//
// Our two tiers word traps the same way (TRAP_MESSAGES), so between them the whole message
// must match; V8 words them its own way, so against Node only the kind of trap is compared
// (trapKind). NaNs compare equal whatever their payload (it does not survive the trip
// through a JS number anyway).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWebAssembly } from '../../src/index.js';
import { Wasi } from '../../runtime/wasi/index.js';
import { ExternRefs, isSignallingNan, toJs, type SpecValue } from '../spec/values.js';
import type { Action, Command } from '../spec/runner.js';

export type EngineName = 'interp' | 'js' | 'native';

/** The parts of a WebAssembly namespace the harness uses. */
export interface Namespace {
  Module: new (bytes: BufferSource) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum?: number }) => object;
  Table: new (d: { initial: number; maximum?: number; element: string }) => object;
  Global: Function;
}

export interface Engine {
  name: EngineName;
  W: Namespace;
}

/** Fresh engines (each of ours with its own store): interp, js, and native if present. */
export function makeEngines(): Engine[] {
  const engines: Engine[] = [
    { name: 'interp', W: createWebAssembly({ tier: 'interp' }) as unknown as Namespace },
    { name: 'js', W: createWebAssembly({ tier: 'js' }) as unknown as Namespace },
  ];
  const native = (globalThis as { WebAssembly?: unknown }).WebAssembly;
  if (native !== undefined) engines.push({ name: 'native', W: native as Namespace });
  return engines;
}

/** What kind of trap an error message describes, in words both V8 and Wasmtime use. */
export function trapKind(error: unknown): string {
  const e = error as Error;
  const text = `${e?.name}: ${e?.message}`;
  const kinds: [RegExp, string][] = [
    [/call stack|Maximum call stack/i, 'stack exhausted'],
    [/unreachable/i, 'unreachable'],
    [/divide by zero|remainder by zero/i, 'divide by zero'],
    // V8 says 'float unrepresentable' for both a too large float (Wasmtime: integer
    // overflow) and NaN (invalid conversion), and 'divide result unrepresentable' for MIN / -1.
    [/integer overflow|conversion to integer|unrepresentable/i, 'integer overflow or invalid conversion'],
    [/uninitiali[sz]ed|type mismatch|signature mismatch|null function/i, 'indirect call to null or wrong type'],
    [/null reference|dereferencing a null/i, 'null reference'],
    [/table|element segment/i, 'table out of bounds'],
    [/memory|data segment/i, 'memory out of bounds'],
  ];
  for (const [pattern, kind] of kinds) if (pattern.test(text)) return `trap: ${kind}`;
  return `threw ${text}`;
}

/** One engine's outcome: `coarse` is compared across all engines, `exact` between our tiers. */
export interface Outcome {
  coarse: string;
  exact: string;
}

function showValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  if (typeof v === 'function') return 'funcref';
  if (typeof v === 'object' && 'externref' in v) return `ref.extern ${(v as { externref: number }).externref}`;
  return typeof v;
}

/** Runs `f` and describes what happened. */
export function outcomeOf(f: () => unknown): Outcome {
  try {
    const shown = `returned ${showValue(f())}`;
    return { coarse: shown, exact: shown };
  } catch (e) {
    return { coarse: trapKind(e), exact: `${trapKind(e)} (${(e as Error)?.message})` };
  }
}

/** A disagreement: where, and what each engine did. */
export interface Diff {
  where: string;
  outcomes: Partial<Record<EngineName, string>>;
}

/** A Diff if the outcomes disagree (coarse across all, exact between interp and js). */
export function compareOutcomes(where: string, outcomes: ReadonlyMap<EngineName, Outcome>): Diff | undefined {
  const all = [...outcomes.values()];
  const ours = (['interp', 'js'] as const).map((n) => outcomes.get(n)).filter((o): o is Outcome => o !== undefined);
  const same = all.every((o) => o.coarse === all[0]!.coarse) && ours.every((o) => o.exact === ours[0]!.exact);
  if (same) return undefined;
  const shown: Partial<Record<EngineName, string>> = {};
  for (const [name, o] of outcomes) shown[name] = o.exact;
  return { where, outcomes: shown };
}

/** The state an instance leaves behind: each exported memory's hash and size, each exported global's value. */
export function exportedState(engine: Engine, exports: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(exports)) {
    if (value instanceof engine.W.Memory) {
      const bytes = new Uint8Array((value as { buffer: ArrayBuffer }).buffer);
      parts.push(`${name}: ${bytes.length} bytes sha1 ${createHash('sha1').update(bytes).digest('hex')}`);
    } else if (value instanceof engine.W.Global) {
      parts.push(`${name} = ${showValue((value as { value: unknown }).value)}`);
    }
  }
  return parts.join('; ');
}

// ## Spec scripts, run in lockstep on every engine


type Instance = { exports: Record<string, unknown> };

/** One engine's side of a script: its instances and registered modules. */
class EngineScript {
  readonly named = new Map<string, Instance>();
  readonly registered = new Map<string, Record<string, unknown>>();
  current: Instance | undefined;
  private readonly spectest: Record<string, unknown>;

  constructor(readonly engine: Engine) {
    const print = (): void => {};
    this.spectest = {
      print, print_i32: print, print_i64: print, print_f32: print, print_f64: print,
      print_i32_f32: print, print_f64_f64: print,
      global_i32: 666, global_i64: 666n, global_f32: 666.6, global_f64: 666.6,
      table: new engine.W.Table({ initial: 10, maximum: 20, element: 'anyfunc' }),
      memory: new engine.W.Memory({ initial: 1, maximum: 2 }),
    };
  }

  instantiate(bytes: Uint8Array<ArrayBuffer>): Instance {
    const module = new this.engine.W.Module(bytes);
    const imports: Record<string, unknown> = { spectest: this.spectest };
    for (const [name, exports] of this.registered) imports[name] = exports;
    return new this.engine.W.Instance(module, imports);
  }
}

export interface ScriptResult {
  file: string;
  /** Commands run on every engine and compared (module instantiations, invokes, gets, final states). */
  compared: number;
  /** Commands not comparable from JS (v128, signalling NaNs, text modules, validation commands). */
  skipped: number;
  diffs: Diff[];
}

const RUN_COMMANDS = new Set(['action', 'assert_return', 'assert_trap', 'assert_exhaustion']);

/** Runs the spec script `<dir>/<file>.json` on all `engines` at once, comparing every step. */
export function runScriptOnAll(dir: string, file: string, engines: readonly Engine[]): ScriptResult {
  const { commands } = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as { commands: Command[] };
  const sides = engines.map((e) => new EngineScript(e));
  const refs = new ExternRefs();
  const result: ScriptResult = { file, compared: 0, skipped: 0, diffs: [] };
  const compare = (where: string, run: (side: EngineScript) => unknown): void => {
    const outcomes = new Map(sides.map((s) => [s.engine.name, outcomeOf(() => run(s))] as const));
    result.compared++;
    const diff = compareOutcomes(`${file}:${where}`, outcomes);
    if (diff) result.diffs.push(diff);
  };
  const compareFinalState = (line: number): void => {
    if (sides.every((s) => s.current === undefined)) return;
    compare(`${line} final state of the module`, (s) => s.current && exportedState(s.engine, s.current.exports));
  };

  for (const c of commands) {
    if (c.type === 'module') {
      if (c.module_type === 'text') { result.skipped++; continue; }
      compareFinalState(c.line);
      const bytes = new Uint8Array(readFileSync(join(dir, c.filename!)));
      compare(`${c.line} module ${c.filename}`, (s) => {
        s.current = undefined;
        s.current = s.instantiate(bytes);
        if (c.name !== undefined) s.named.set(c.name, s.current);
        return 'instantiated';
      });
    } else if (c.type === 'register') {
      for (const s of sides) {
        const inst = c.name === undefined ? s.current : s.named.get(c.name);
        if (inst) s.registered.set(c.as!, inst.exports);
      }
    } else if (RUN_COMMANDS.has(c.type) && c.action) {
      const { action } = c;
      const args = action.args ?? [];
      const types = [...args, ...(c.expected ?? [])].map((v) => v.type);
      if (types.includes('v128') || args.some(isSignallingNan) || args.some((a) => a.type === 'funcref' && a.value !== 'null')) {
        result.skipped++;
        continue;
      }
      compare(`${c.line} ${action.type} ${action.field}(${args.map((a) => a.value).join(', ')})`, (s) => {
        const inst = action.module === undefined ? s.current : s.named.get(action.module);
        if (!inst) throw new Error('no instance');
        const value = inst.exports[action.field];
        if (action.type === 'get') return (value as { value: unknown }).value;
        return (value as (...a: unknown[]) => unknown)(...args.map((a) => toJs(a, refs)));
      });
    } else {
      result.skipped++;
    }
  }
  compareFinalState(commands.at(-1)?.line ?? 0);
  return result;
}

// ## WASI programs

export interface ProgramRun {
  stdout: string;
  exit: Outcome;
  /** Size and hash of the exported memory when the program has finished. */
  memory: string;
}

/** Runs a WASI command (its `_start`) on `engine` with `args` (argv[0] included). */
export function runProgram(engine: Engine, bytes: Uint8Array<ArrayBuffer>, args: readonly string[]): ProgramRun {
  let stdout = '';
  const wasi = new Wasi({ args, stdout: (b: Uint8Array) => { stdout += Buffer.from(b).toString(); }, stderr: () => {} });
  const instance = new engine.W.Instance(new engine.W.Module(bytes), wasi.imports);
  const exit = outcomeOf(() => wasi.start(instance as never));
  return { stdout, exit, memory: exportedState(engine, { memory: instance.exports.memory }) };
}
