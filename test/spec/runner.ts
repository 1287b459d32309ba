// The WebAssembly spec testsuite runner (../shared/wasm-testsuite/core, wast2json form; its
// README defines every command). It drives any object shaped like the WebAssembly JS API,
// so it is first checked against Node's own WebAssembly, then used on ours.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Bits, type SpecValue, type ValueType, ExternRefs, bitsOfJs, bitsOfMemory,
  isSignallingNan, matches, showBits, showValue, toJs,
} from './values.js';
import { wrapperModule } from './wrapper.js';

/** The parts of the WebAssembly namespace the runner uses. */
export interface SpecEngine {
  Module: { new (bytes: BufferSource): object; imports(m: object): { module: string }[] };
  Instance: new (m: object, imports?: object) => { exports: Record<string, unknown> };
  validate(bytes: BufferSource): boolean;
  Memory: new (d: { initial: number; maximum?: number }) => object;
  Table: new (d: { initial: number; maximum?: number; element: string }) => object;
  CompileError?: Function;
  LinkError?: Function;
  RuntimeError?: Function;
}

/** When to call through a wrapper module instead of from JS. */
export type WrapPolicy =
  /** v128 in the signature, or a signalling-NaN float among the values. */
  | 'auto'
  /** also any f32/f64 in the signature. */
  | 'floats';

export interface RunOptions {
  dir: string;
  wrap?: WrapPolicy;
}

export interface Failure {
  file: string;
  line: number;
  command: string;
  reason: string;
}

export interface FileResult {
  file: string;
  passed: number;
  failed: Failure[];
  skipped: number;
  /** Why commands were skipped, with counts. */
  skipReasons: Map<string, number>;
}

/** An action of a spec script (invoke or get). */
export interface Action {
  type: 'invoke' | 'get';
  field: string;
  module?: string;
  args?: SpecValue[];
}

/** One command of a spec script's JSON (wast2json). */
export interface Command {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  as?: string;
  text?: string;
  module_type?: 'binary' | 'text';
  action?: Action;
  expected?: SpecValue[];
  module?: string;
  args?: SpecValue[];
}

type Instance = { exports: Record<string, unknown> };

/** A command's outcome: null = passed, a string = why it failed. */
type Outcome = string | null;
class Skip { constructor(readonly reason: string) {} }

/** The names (without .json) of the suite's files, sorted. */
export function listSpecFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export const isSimdFile = (name: string): boolean => name.startsWith('simd_');

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  return `thrown ${String(e)}`;
}

/** Runs one script (`<dir>/<name>.json`) against `engine`. */
export function runSpecFile(engine: SpecEngine, name: string, opts: RunOptions): FileResult {
  const script = JSON.parse(readFileSync(join(opts.dir, `${name}.json`), 'utf8')) as { commands: Command[] };
  return new ScriptRun(engine, name, opts).run(script.commands);
}

class ScriptRun {
  private readonly refs = new ExternRefs();
  private readonly named = new Map<string, Instance>();
  private readonly registered = new Map<string, Record<string, unknown>>();
  /** The current module; an Error if the last module command failed. */
  private current: Instance | Error | undefined;
  private readonly spectest: Record<string, unknown>;
  private readonly result: FileResult;

  constructor(private readonly engine: SpecEngine, file: string, private readonly opts: RunOptions) {
    this.result = { file, passed: 0, failed: [], skipped: 0, skipReasons: new Map() };
    const print = (): void => {};
    this.spectest = {
      print, print_i32: print, print_i64: print, print_f32: print, print_f64: print,
      print_i32_f32: print, print_f64_f64: print,
      global_i32: 666, global_i64: 666n, global_f32: 666.6, global_f64: 666.6,
      table: new engine.Table({ initial: 10, maximum: 20, element: 'anyfunc' }),
      memory: new engine.Memory({ initial: 1, maximum: 2 }),
    };
  }

  run(commands: Command[]): FileResult {
    for (const c of commands) {
      let outcome: Outcome;
      try {
        outcome = this.command(c);
      } catch (e) {
        if (e instanceof Skip) {
          this.result.skipped++;
          this.result.skipReasons.set(e.reason, (this.result.skipReasons.get(e.reason) ?? 0) + 1);
          continue;
        }
        outcome = `runner error: ${describeError(e)}`;
      }
      if (outcome === null) this.result.passed++;
      else this.result.failed.push({ file: this.result.file, line: c.line, command: describeCommand(c), reason: outcome });
    }
    return this.result;
  }

  private command(c: Command): Outcome {
    switch (c.type) {
      case 'module': return this.moduleCommand(c);
      case 'register': {
        const inst = c.name === undefined ? this.current : this.named.get(c.name);
        if (!inst || inst instanceof Error) return `no module to register${inst ? ` (${inst.message})` : ''}`;
        this.registered.set(c.as!, inst.exports);
        return null;
      }
      case 'action': return this.expectNoTrap(c.action!, c.expected ?? []);
      case 'assert_return': return this.assertReturn(c.action!, c.expected!);
      case 'assert_trap': return this.expectError(c.action!, c.expected ?? [], 'RuntimeError', c.text!);
      case 'assert_exhaustion': return this.expectError(c.action!, c.expected ?? [], 'exhaustion', c.text!);
      case 'assert_invalid': case 'assert_malformed': return this.expectCompileError(c);
      case 'assert_unlinkable': return this.expectInstantiateError(c, 'LinkError');
      case 'assert_uninstantiable': return this.expectInstantiateError(c, 'RuntimeError');
      default: throw new Skip(`unknown command ${c.type}`);
    }
  }

  // ## Modules

  private bytes(filename: string): Uint8Array<ArrayBuffer> {
    return readFileSync(join(this.opts.dir, filename));
  }

  private importsFor(module: object): Record<string, unknown> {
    const imports: Record<string, unknown> = {};
    for (const { module: name } of this.engine.Module.imports(module)) {
      imports[name] = name === 'spectest' ? this.spectest : (this.registered.get(name) ?? {});
    }
    return imports;
  }

  private instantiate(filename: string): Instance {
    const module = new this.engine.Module(this.bytes(filename));
    return new this.engine.Instance(module, this.importsFor(module));
  }

  private moduleCommand(c: Command): Outcome {
    try {
      this.current = this.instantiate(c.filename!);
    } catch (e) {
      this.current = new Error(`module ${c.filename} failed: ${describeError(e)}`);
    }
    if (c.name !== undefined && !(this.current instanceof Error)) this.named.set(c.name, this.current);
    return this.current instanceof Error ? this.current.message : null;
  }

  private isError(e: unknown, kind: 'CompileError' | 'LinkError' | 'RuntimeError'): boolean {
    const ctor = this.engine[kind];
    return ctor ? e instanceof ctor : (e as Error | undefined)?.name === kind;
  }

  private expectCompileError(c: Command): Outcome {
    if (c.module_type === 'text') throw new Skip('text-format module (binary-only engine)');
    const bytes = this.bytes(c.filename!);
    let valid: boolean;
    try {
      valid = this.engine.validate(bytes);
    } catch (e) {
      return `validate() threw ${describeError(e)}`;
    }
    try {
      new this.engine.Module(bytes);
    } catch (e) {
      if (!this.isError(e, 'CompileError')) return `expected CompileError (${c.text}), got ${describeError(e)}`;
      return valid ? `validate() is true but new Module throws (${c.text})` : null;
    }
    return `expected CompileError (${c.text}), module compiled`;
  }

  private expectInstantiateError(c: Command, kind: 'LinkError' | 'RuntimeError'): Outcome {
    try {
      this.instantiate(c.filename!);
    } catch (e) {
      return this.isError(e, kind) ? null : `expected ${kind} (${c.text}), got ${describeError(e)}`;
    }
    return `expected ${kind} (${c.text}), instantiated`;
  }

  // ## Actions

  private instanceFor(a: Action): Instance {
    const inst = a.module === undefined ? this.current : this.named.get(a.module);
    if (inst instanceof Error) throw inst;
    if (inst === undefined) throw new Error(`no module ${a.module ?? '(current)'}`);
    return inst;
  }

  private needsWrapper(a: Action, resultTypes: ValueType[]): boolean {
    const values = [...(a.args ?? []), ...resultTypes.map((type) => ({ type }))];
    if (values.some((v) => v.type === 'v128')) return true;
    if (this.opts.wrap === 'floats' && values.some((v) => v.type === 'f32' || v.type === 'f64')) return true;
    return false;
  }

  /** Performs the action and returns the results (with their types, from `expected`). */
  private perform(a: Action, expected: SpecValue[]): Bits[] {
    const inst = this.instanceFor(a);
    const types = expected.map((e) => e.type);
    if (a.type === 'get') {
      const g = inst.exports[a.field] as { value: unknown } | undefined;
      if (g === undefined) throw new Error(`no export "${a.field}"`);
      return [bitsOfJs(types[0], g.value)];
    }
    const f = inst.exports[a.field];
    if (typeof f !== 'function') throw new Error(`export "${a.field}" is not a function`);
    const args = a.args ?? [];
    const wrap = this.needsWrapper(a, types) || args.some(isSignallingNan) || expected.some(isSignallingNan);
    if (wrap) return this.performWrapped(f, args, types);
    const r = (f as (...xs: unknown[]) => unknown)(...args.map((v) => toJs(v, this.refs)));
    if (types.length === 0) return [];
    if (types.length === 1) return [bitsOfJs(types[0], r)];
    if (!Array.isArray(r)) throw new Error(`expected ${types.length} results, got ${typeof r}`);
    return types.map((t, i) => bitsOfJs(t, r[i]));
  }

  private performWrapped(f: unknown, args: SpecValue[], types: ValueType[]): Bits[] {
    let wrapper;
    try {
      wrapper = wrapperModule(args, types);
    } catch (e) {
      throw new Skip(`cannot wrap: ${(e as Error).message}`);
    }
    const module = new this.engine.Module(wrapper.bytes);
    const inst = new this.engine.Instance(module, { m: { f } });
    const run = inst.exports.run as (...xs: unknown[]) => void;
    run(...wrapper.passedArgs.map((i) => toJs(args[i], this.refs)));
    const memory = new Uint8Array((inst.exports.mem as { buffer: ArrayBuffer }).buffer);
    return types.map((t, i) => bitsOfMemory(t, memory.subarray(16 * i, 16 * i + 16)));
  }

  /** `resultTypes`: the expected results' types (values absent), for the call's signature. */
  private expectNoTrap(a: Action, resultTypes: SpecValue[]): Outcome {
    try {
      this.perform(a, resultTypes);
      return null;
    } catch (e) {
      if (e instanceof Skip) throw e;
      return `expected no trap, got ${describeError(e)}`;
    }
  }

  private assertReturn(a: Action, expected: SpecValue[]): Outcome {
    let actual: Bits[];
    try {
      actual = this.perform(a, expected);
    } catch (e) {
      if (e instanceof Skip) throw e;
      return describeError(e);
    }
    const bad = expected.findIndex((e, i) => !matches(e, actual[i], this.refs));
    if (bad < 0) return null;
    return `result ${bad}: expected ${showValue(expected[bad])}, got ${showBits(expected[bad].type, actual[bad])}`;
  }

  private expectError(a: Action, resultTypes: SpecValue[], kind: 'RuntimeError' | 'exhaustion', text: string): Outcome {
    try {
      this.perform(a, resultTypes);
    } catch (e) {
      if (e instanceof Skip) throw e;
      // V8 reports exhaustion as a RangeError; an engine of its own may trap instead.
      if (kind === 'exhaustion' && (e instanceof RangeError || this.isError(e, 'RuntimeError'))) return null;
      if (kind === 'RuntimeError' && this.isError(e, 'RuntimeError')) return null;
      return `expected trap (${text}), got ${describeError(e)}`;
    }
    return `expected trap (${text}), returned normally`;
  }
}

function describeCommand(c: Command): string {
  const a = c.action;
  if (a) {
    const args = (a.args ?? []).map(showValue).join(', ');
    return `${c.type} ${a.type} ${JSON.stringify(a.field)}${a.type === 'invoke' ? `(${args})` : ''}`;
  }
  return `${c.type} ${c.filename ?? c.as ?? ''}`.trim();
}

// ## Suites

export interface SuiteResult {
  files: FileResult[];
  passed: number;
  failed: number;
  skipped: number;
}

export function totals(files: FileResult[]): SuiteResult {
  const sum = (f: (r: FileResult) => number): number => files.reduce((n, r) => n + f(r), 0);
  return { files, passed: sum((r) => r.passed), failed: sum((r) => r.failed.length), skipped: sum((r) => r.skipped) };
}

/** "N passed, M failed, K skipped". */
export const countLine = (s: SuiteResult): string => `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;

/**
 * Runs the named files, printing a line per file (through `log`) and the closing count
 * line. `engine` may be a factory, called once per file (a fresh store per script).
 */
export function runSpecSuite(
  engine: SpecEngine | (() => SpecEngine), names: string[], opts: RunOptions, log: (line: string) => void = console.log,
): SuiteResult {
  const files = names.map((name) => {
    const r = runSpecFile(typeof engine === 'function' ? engine() : engine, name, opts);
    log(`${name}: ${r.passed} passed, ${r.failed.length} failed, ${r.skipped} skipped`);
    return r;
  });
  const result = totals(files);
  log(countLine(result));
  return result;
}

/**
 * The failures grouped by reason (with numbers, digits collapsed, so one bug is one
 * group), largest group first, each with a few examples: a report a person can read.
 */
export function groupFailures(failures: Failure[], examplesPerGroup = 3): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = f.reason.replace(/0x[0-9a-f]+|\d+/gi, 'N').slice(0, 160);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([key, list]) => {
      const files = [...new Set(list.map((f) => f.file))];
      const examples = list.slice(0, examplesPerGroup)
        .map((f) => `    ${f.file}.wast:${f.line}  ${f.command}  -- ${f.reason}`);
      return [`${list.length} x ${key}  [${files.slice(0, 8).join(', ')}${files.length > 8 ? ', ...' : ''}]`, ...examples].join('\n');
    })
    .join('\n');
}
