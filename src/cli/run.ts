// `pulley run`: runs a WASI command, or calls one export, in the manner of `wasmtime run`.
// Exit status: the program's own (proc_exit, 0 when _start returns), 134 after a trap
// (128 + SIGABRT, as wasmtime), 1 for any other failure while running, 2 for bad usage.

import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { unitFunctionsOf } from '../../codegen/jit.js';
import { generateUnit, instantiateUnit, type JitFactory } from '../../codegen/unit.js';
import { defaultTier, stackSizeBytes } from '../api/namespace.js';
import { serializeModule } from '../format/pulley-file.js';
import type { CompiledModule } from '../compiler/module.js';
import { createWebAssembly, RuntimeError, type Tier, type WasmFrame, type WebAssemblyNamespace } from '../index.js';
import { Wasi } from '../../runtime/wasi/index.js';
import { ExitSignal } from '../../runtime/wasi/errors.js';
import { F32, F64, I32, I64, valTypeName, type ValType } from '../wasm/types.js';
import { CliError, compilerFor, fileError, loadCompiled, parseCommandArgs, readProgram, type Command } from './common.js';
import { demangle } from './demangle.js';
import { serveWorkerJob, withProgress } from './progress.js';

/** wasmtime's status for a trap: what abort() gives on Unix. */
export const TRAP_EXIT_STATUS = 134;
/** A failure that is neither a trap nor bad usage (a host function threw, linking failed). */
export const HOST_ERROR_EXIT_STATUS = 1;

export const runCommand: Command = {
  name: 'run',
  summary: 'run a WASI program (.wasm or .pulley), or call one of its exports',
  usage: `Usage: pulley run PROGRAM [options] [-- ARGS...]

Runs PROGRAM, a .wasm module, a .pulley file or a JS module from pulley jsgen (told
apart by their first bytes), as a WASI preview1 command: its _start runs with ARGS as argv[1..] and its exit code is
ours. With --invoke it calls the export F instead, with ARGS as F's parameters, and
prints each result on a line.

Options:
  --tier interp|js      the engine: the reference interpreter, or bytecode translated to
                        JS (default: js where the host allows generating code)
  --dir HOST[::GUEST]   give the program the host directory HOST, under the name GUEST
                        (default: HOST itself); repeatable
  --env NAME=VALUE      set an environment variable (NAME alone: take it from ours);
                        repeatable. The program sees no other variables.
  --invoke F            call the export F with ARGS: i32/i64 in decimal or 0x hex,
                        f32/f64 as decimals or nan, inf, -inf
  --fuel N              trap with "all fuel consumed" after N units (one per function
                        entry and loop iteration); needs a .wasm PROGRAM
  --stack-size BYTES    the wasm stack size (default 1 MiB); deeper recursion traps
                        with "call stack exhausted"

Exit status: the program's exit code; 134 if it traps (the message and the wasm
backtrace go to standard error); 1 if running fails otherwise; 2 for bad usage or a
PROGRAM that is not a valid module.

Examples:
  pulley run fannkuch.wasm -- 7
  pulley run --tier interp --dir data::/data cat.wasm -- /data/notes.txt
  pulley run add.wasm --invoke add -- 2 -3
  pulley run loop.wasm --fuel 100000
`,
  async run(args) {
    const parsed = parseCommandArgs(this, args, {
      tier: { type: 'string' }, dir: { type: 'string', multiple: true }, env: { type: 'string', multiple: true },
      invoke: { type: 'string' }, fuel: { type: 'string' }, 'stack-size': { type: 'string' },
    });
    if (!parsed) return;
    const [path, ...rest] = parsed.positionals;
    if (path === undefined) throw new CliError('run: missing PROGRAM (see pulley run --help)');
    const { values } = parsed;
    const options = {
      tier: parseTier(values.tier),
      fuel: values.fuel === undefined ? undefined : parseCount(values.fuel, '--fuel'),
      stackSize: values['stack-size'] === undefined ? undefined : parseStackSize(values['stack-size']),
      preopens: parseDirs(values.dir ?? []),
      env: parseEnv(values.env ?? []),
    };
    const { bytes, kind } = readProgram(path, ['wasm', 'pulley', 'mjs']);
    const open = kind === 'mjs' ? await openAotModule(path, options)
      : process.stderr.isTTY ? await openModuleWithProgress(path, bytes, kind, options) : openModule(path, bytes, kind, options);
    return runProgram(path, open, rest, values.invoke);
  },
};

interface RunOptions {
  tier: Tier | undefined;
  fuel: bigint | undefined;
  stackSize: number | undefined;
  preopens: Record<string, string>;
  env: Record<string, string>;
}

/** A program loaded into a namespace of its own, ready to instantiate. */
interface OpenedProgram {
  W: WebAssemblyNamespace;
  module: InstanceType<WebAssemblyNamespace['Module']>;
  compiled: CompiledModule;
  options: RunOptions;
}

function openModule(path: string, bytes: Uint8Array, kind: 'wasm' | 'pulley', options: RunOptions): OpenedProgram {
  let compiled: CompiledModule | undefined;
  const compile = compilerFor(path, kind);
  const W = createWebAssembly({
    tier: options.tier, fuel: options.fuel, stackSize: options.stackSize, compiler: (b, o) => (compiled = compile(b, o)),
  });
  try {
    const module = new W.Module(bytes);
    return { W, module, compiled: compiled!, options };
  } catch (e) {
    throw fileError(path, e);
  }
}

/** The worker job of openModuleWithProgress (progress.ts's serveWorkerJob at the end of this file). */
const PREPARE_JOB = 'run-prepare';

/** Work for the worker thread of openModuleWithProgress: structured-clonable in and out. */
interface PrepareJob {
  path: string;
  bytes: Uint8Array;
  kind: 'wasm' | 'pulley';
  fuel: boolean;
  /** Translate to JS too (the JS tier). */
  translate: boolean;
}

interface PreparedCode {
  /** The compiled module as a .pulley file. */
  pulley: Uint8Array;
  /** The body of the generated unit's factory (codegen/unit.ts), on the JS tier. */
  factoryBody: string | undefined;
}

/** Compiling and translating: the slow, synchronous part of opening a module. */
function prepareCode(job: PrepareJob): PreparedCode {
  const compiled = loadCompiled(job.path, job.bytes, job.kind, { fuel: job.fuel });
  const factoryBody = job.translate ? generateUnit(compiled.code, unitFunctionsOf(compiled)).factoryBody : undefined;
  return { pulley: serializeModule(compiled), factoryBody };
}

/**
 * openModule for a terminal: compiling and translating run in a worker thread while a
 * progress line is drawn (after a second), then the result is loaded here as a .pulley
 * with its generated code, as a jsgen module is.
 */
async function openModuleWithProgress(path: string, bytes: Uint8Array, kind: 'wasm' | 'pulley', options: RunOptions): Promise<OpenedProgram> {
  const tier = options.tier ?? defaultTier();
  const job: PrepareJob = { path, bytes, kind, fuel: options.fuel !== undefined, translate: tier === 'js' };
  const label = `${kind === 'wasm' ? 'compiling' : 'loading'}${job.translate ? ' and translating' : ''} ${path}`;
  let prepared: PreparedCode;
  try {
    prepared = await withProgress(label, () => prepareCode(job), { url: new URL(import.meta.url), job: PREPARE_JOB, data: job });
  } catch (e) {
    throw new CliError((e as Error).message); // the worker's errors lose their class; loadCompiled's name the file
  }
  const { factoryBody } = prepared;
  const jitFactory: JitFactory | undefined = factoryBody === undefined ? undefined : (rt) => instantiateUnit({ factoryBody, functions: [] }, rt);
  const W = createWebAssembly({ tier, fuel: options.fuel, stackSize: options.stackSize });
  const module = W.Module.deserialize(prepared.pulley, { jitFactory });
  return { W, module, compiled: loadCompiled(path, prepared.pulley, 'pulley'), options };
}

/** A `pulley jsgen` module: its .pulley bytes, with its generated code on the JS tier (the default for it). */
async function openAotModule(path: string, options: RunOptions): Promise<OpenedProgram> {
  if (options.fuel !== undefined) throw new CliError(`${path}: --fuel needs the .wasm (generated code is fixed when it is made)`);
  resolvePulleyJsToOurselves();
  let aot: { jitFactory?: unknown; pulleyBytes?: unknown };
  try {
    aot = await import(pathToFileURL(path).href) as typeof aot;
  } catch (e) {
    throw new CliError(`${path}: cannot load this JS module: ${(e as Error).message}`);
  }
  if (typeof aot.jitFactory !== 'function' || typeof aot.pulleyBytes !== 'function') {
    throw new CliError(`${path}: not a module made by pulley jsgen (no jitFactory and pulleyBytes exports)`);
  }
  const bytes = (aot.pulleyBytes as () => Uint8Array)();
  const compiled = loadCompiled(path, bytes, 'pulley');
  const tier = options.tier ?? 'js';
  const W = createWebAssembly({ tier, stackSize: options.stackSize });
  const jitFactory = tier === 'js' ? aot.jitFactory as JitFactory : undefined;
  return { W, module: W.Module.deserialize(bytes, { jitFactory }), compiled, options };
}

let resolveHookRegistered = false;

/** Lets generated modules' `import ... from 'pulley-js'` find this very runtime, installed or not. */
function resolvePulleyJsToOurselves(): void {
  if (resolveHookRegistered) return;
  resolveHookRegistered = true;
  const runtime = new URL('../index.js', import.meta.url).href;
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === 'pulley-js' ? { url: ${JSON.stringify(runtime)}, shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

function runProgram(path: string, program: OpenedProgram, args: string[], invoke: string | undefined): number {
  const { W, module, compiled, options } = program;
  const wasi = new Wasi({ args: [path, ...(invoke === undefined ? args : [])], env: options.env, preopens: options.preopens });
  const call = invoke === undefined ? undefined : prepareCall(compiled, invoke, args);
  try {
    const instance = new W.Instance(module, wasi.imports);
    if (!call) {
      if (typeof instance.exports._start !== 'function') {
        throw new CliError(`${path}: no _start export to run; name a function with --invoke`);
      }
      return wasi.start(instance);
    }
    if (instance.exports.memory !== undefined) wasi.initialize(instance); // a reactor's _initialize
    const results = call.run(instance.exports[call.name]);
    process.stdout.write(results.map((r) => `${r}\n`).join(''));
    return 0;
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof ExitSignal) return e.code;
    return reportFailure(e);
  }
}

/** Prints a trap (message and wasm backtrace) or another failure to stderr; returns the exit status. */
function reportFailure(e: unknown): number {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`Error: ${message}\n`);
  if (!(e instanceof RuntimeError)) return HOST_ERROR_EXIT_STATUS;
  if (e.wasmBacktrace.length > 0) {
    process.stderr.write(`wasm backtrace:\n${e.wasmBacktrace.map((f, i) => `  ${i}: ${describeFrame(f)}\n`).join('')}`);
  }
  return TRAP_EXIT_STATUS;
}

/** `func[3] foo::bar (wasm offset 0x1a2)`. */
export function describeFrame(f: WasmFrame): string {
  const where = f.wasmOffset === undefined ? '' : ` (wasm offset 0x${f.wasmOffset.toString(16)})`;
  return `func[${f.funcIndex}] ${demangle(f.name)}${where}`;
}

// ## --invoke

interface PreparedCall {
  name: string;
  run(fn: unknown): string[];
}

/** Checks the export and parses the arguments by its parameter types, before anything runs. */
function prepareCall(compiled: CompiledModule, name: string, args: string[]): PreparedCall {
  const { module } = compiled;
  const exported = module.exports.find((e) => e.name === name);
  if (!exported) {
    const funcs = module.exports.filter((e) => e.kind === 'func').map((e) => e.name);
    throw new CliError(`run: no exported function '${name}' (exported functions: ${funcs.join(', ') || 'none'})`);
  }
  if (exported.kind !== 'func') throw new CliError(`run: export '${name}' is a ${exported.kind}, not a function`);
  const type = module.types[module.funcTypeIndices[exported.index]!]!;
  if (args.length !== type.params.length) {
    throw new CliError(`run: ${name} takes ${type.params.length} argument(s) (${type.params.map(valTypeName).join(', ')}), got ${args.length}`);
  }
  const values = type.params.map((t, i) => parseValue(t, args[i]!, `${name} argument ${i + 1}`));
  return {
    name,
    run(fn) {
      const result = (fn as (...a: unknown[]) => unknown)(...values);
      const list = type.results.length === 1 ? [result] : type.results.length === 0 ? [] : (result as unknown[]);
      return list.map((v, i) => formatValue(type.results[i]!, v));
    },
  };
}

const INTEGER = /^[+-]?(0x[0-9a-f]+|\d+)$/i;

/** A command-line argument as a JS API value of wasm type `t`. */
export function parseValue(t: ValType, text: string, what: string): number | bigint {
  const bad = (expected: string) => new CliError(`run: ${what}: expected ${expected}, got '${text}'`);
  switch (t) {
    case I32:
    case I64: {
      if (!INTEGER.test(text)) throw bad(`an ${valTypeName(t)} (decimal or 0x hex)`);
      const negative = text.startsWith('-');
      const magnitude = BigInt(text.replace(/^[+-]/, ''));
      const bits = t === I32 ? 32 : 64;
      // Signed or unsigned spellings both fit: -2^(n-1) ..= 2^n - 1.
      if (negative ? magnitude > 1n << BigInt(bits - 1) : magnitude >= 1n << BigInt(bits)) throw bad(`an ${valTypeName(t)} in range`);
      const value = BigInt.asIntN(bits, negative ? -magnitude : magnitude);
      return t === I32 ? Number(value) : value;
    }
    case F32:
    case F64: {
      const special: Record<string, number> = { nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
      const lower = text.toLowerCase();
      if (lower in special) return special[lower]!;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) throw bad(`an ${valTypeName(t)} (decimal, nan, inf or -inf)`);
      return t === F32 ? Math.fround(Number(text)) : Number(text);
    }
    default:
      throw new CliError(`run: ${what}: a ${valTypeName(t)} cannot be given on the command line`);
  }
}

/** A result as wasmtime prints it: integers signed in decimal, floats with nan and inf spelled out. */
export function formatValue(t: ValType, v: unknown): string {
  if ((t === F32 || t === F64) && typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (Object.is(v, -0)) return '-0';
  }
  if (v === null) return 'null';
  if (typeof v === 'function') return '<funcref>';
  return String(v);
}

// ## Options

function parseTier(text: string | undefined): Tier | undefined {
  if (text === undefined || text === 'interp' || text === 'js') return text;
  throw new CliError(`run: --tier must be interp or js, got '${text}'`);
}

function parseCount(text: string, flag: string): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) >= 1n << 63n) throw new CliError(`run: ${flag} must be a non-negative integer, got '${text}'`);
  return BigInt(text);
}

/** `--stack-size BYTES`, checked by the API's own rule. */
function parseStackSize(text: string): number {
  try {
    return stackSizeBytes(Number(parseCount(text, '--stack-size')));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`run: --stack-size: ${(e as Error).message.replace(/^createWebAssembly: stackSize /, '')}`);
  }
}

/** `--dir HOST[::GUEST]` → guest name → host directory. */
function parseDirs(specs: string[]): Record<string, string> {
  const preopens: Record<string, string> = {};
  for (const spec of specs) {
    const split = spec.indexOf('::');
    const host = split < 0 ? spec : spec.slice(0, split);
    const guest = split < 0 ? spec : spec.slice(split + 2);
    if (host === '' || guest === '') throw new CliError(`run: --dir '${spec}': expected HOST or HOST::GUEST`);
    if (!existsSync(host) || !statSync(host).isDirectory()) throw new CliError(`run: --dir '${spec}': ${host} is not a directory`);
    preopens[guest] = host;
  }
  return preopens;
}

function parseEnv(specs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    if (name === '') throw new CliError(`run: --env '${spec}': expected NAME=VALUE or NAME`);
    const value = eq < 0 ? process.env[name] : spec.slice(eq + 1);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

await serveWorkerJob(PREPARE_JOB, prepareCode);
