// The WebAssembly namespace of the JS API, over one store: every Module, Instance,
// Memory, Table and Global made through a namespace share its address space, so exports
// of one instance import into another directly. `createWebAssembly` makes a namespace.

import type { CompiledModule } from '../compiler/module.js';
import { installUnit, jitRegion, unitFunctionsOf, unitRuntime } from '../../codegen/jit.js';
import type { JitFactory } from '../../codegen/unit.js';
import { tuneEngineForGeneratedCode } from '../../codegen/engine-tuning.js';
import { deserializeModule, serializeModule } from '../format/pulley-file.js';
import { EXTERNREF } from '../wasm/types.js';
import { GlobalObject } from '../../runtime/instance-global.js';
import { INTERNAL_BUFFER, MAX_PAGES, MAX_TABLE_ENTRIES, MemoryObject, TableObject } from '../../runtime/instance-memory.js';
import { type Extern, instantiate as instantiateCode } from '../../runtime/instance.js';
import type { LoadedCode, Store } from '../../runtime/instance-store.js';
import { createStore } from '../../runtime/instance-builtins.js';
import { jsFunctionFor } from '../../runtime/instance-call.js';
import { defaultValue, rawToRef, readValue, refToRaw, writeValue } from '../../runtime/instance-values.js';
import { type Compiler, bytesOf, compileWith, isValid } from './compile.js';
import { KIND_NAMES, readLimits, refTypeOf, valueTypeOf } from './descriptors.js';
import { CompileError, LinkError, RuntimeError } from './errors.js';
import { resolveImports } from './link.js';

/** 'interp': the reference interpreter; 'js': bytecode translated to JS functions (codegen/). */
export type Tier = 'interp' | 'js';
export type BufferSource = ArrayBuffer | ArrayBufferView;

export interface WebAssemblyOptions {
  /** Which engine runs the code; 'interp' is the reference interpreter. */
  tier?: Tier;
  /** Bytes → CompiledModule (the wasm → Pulley compiler). */
  compiler?: Compiler;
  /**
   * Bounded execution: modules are compiled with fuel checks and every instance gets this
   * many units (1 per function entry and per loop iteration, docs/ABI.md "Fuel"); running
   * out traps with RuntimeError 'all fuel consumed'. Omitted: no checks, no cost.
   */
  fuel?: number | bigint;
  /**
   * Bytes of wasm stack for the namespace's machine (default DEFAULT_STACK_SIZE, 1 MiB),
   * rounded down to a multiple of 16; recursion deeper than it allows traps with
   * RuntimeError 'call stack exhausted'.
   */
  stackSize?: number;
}

export interface ModuleExportDescriptor { name: string; kind: 'function' | 'table' | 'memory' | 'global' }
export interface ModuleImportDescriptor extends ModuleExportDescriptor { module: string }

/** The namespace's runtime object behind each wrapper (a private field, by WeakMap). */
const runtimeOf = new WeakMap<object, MemoryObject | TableObject | GlobalObject>();

/** The JS tier where the host lets us make functions from text (no CSP ban, not jitless-only hosts), else the interpreter. */
export function defaultTier(): Tier {
  try {
    return new Function('return 1')() === 1 ? 'js' : 'interp';
  } catch {
    return 'interp';
  }
}

/** Makes a WebAssembly namespace whose objects share one store. */
export function createWebAssembly(options: WebAssemblyOptions) {
  const tier = options.tier ?? defaultTier();
  if (tier !== 'interp' && tier !== 'js') throw new TypeError(`createWebAssembly: unknown tier ${JSON.stringify(tier)}`);
  const compiler = options.compiler;
  const fuel = options.fuel === undefined ? undefined : fuelAmount(options.fuel);
  const stackSize = options.stackSize === undefined ? undefined : stackSizeBytes(options.stackSize);
  const store: Store = createStore({ stackSize });
  const loaded = new WeakMap<Module, LoadedCode>();

  function compile(bytes: Uint8Array): CompiledModule {
    if (!compiler) throw new CompileError('WebAssembly.Module(): no compiler is available in this build');
    return compileWith(fuel === undefined ? compiler : (b) => compiler(b, { fuel: true }), bytes);
  }

  /** Maps a module's bytecode; on the JS tier also its generated functions (given by an AOT module, or made now). */
  function load(compiled: CompiledModule, jitFactory?: JitFactory): LoadedCode {
    const code = store.loadCode(compiled, 'module');
    if (jitFactory !== undefined) {
      tuneEngineForGeneratedCode();
      installUnit(code.region, jitFactory(unitRuntime(store.machine, code.region)));
    }
    else if (tier === 'js') jitRegion(store.machine, code.region, unitFunctionsOf(compiled));
    return code;
  }

  class Module {
    constructor(source: BufferSource) {
      loaded.set(this, load(compile(bytesOf(source))));
    }

    /** The compiled module as a .pulley file (docs/PULLEY-FORMAT.md). */
    serialize(): Uint8Array {
      return serializeModule(codeOf(this).compiled);
    }

    /**
     * A module from a .pulley file (checked: a corrupt file throws PulleyFormatError).
     * `jitFactory` is the generated code an AOT module (pulley jsgen) ships for it.
     */
    static deserialize(bytes: BufferSource, options: { jitFactory?: JitFactory } = {}): Module {
      const module = Object.create(Module.prototype) as Module;
      loaded.set(module, load(deserializeModule(bytesOf(bytes)), options.jitFactory));
      return module;
    }

    static exports(m: Module): ModuleExportDescriptor[] {
      return codeOf(m).compiled.module.exports.map((e) => ({ name: e.name, kind: KIND_NAMES[e.kind] }));
    }

    static imports(m: Module): ModuleImportDescriptor[] {
      return codeOf(m).compiled.module.imports.map((i) => ({ module: i.module, name: i.name, kind: KIND_NAMES[i.desc.kind] }));
    }

    static customSections(m: Module, name: string): ArrayBuffer[] {
      if (name === undefined) throw new TypeError('WebAssembly.Module.customSections(): a section name is required');
      const wanted = String(name);
      return codeOf(m).compiled.module.customs.filter((c) => c.name === wanted).map((c) => c.bytes.slice().buffer);
    }
  }

  function codeOf(m: unknown): LoadedCode {
    const code = m instanceof Module ? loaded.get(m) : undefined;
    if (!code) throw new TypeError('WebAssembly: argument must be a WebAssembly.Module');
    return code;
  }

  class Instance {
    readonly exports: Record<string, unknown>;
    constructor(module: Module, importObject?: object) {
      const code = codeOf(module);
      const externs = resolveImports(store, code, importObject, {
        memory: (v) => unwrapAs(v, MemoryObject),
        table: (v) => unwrapAs(v, TableObject),
        global: (v) => unwrapAs(v, GlobalObject),
      });
      const inst = instantiateCode(store, code, externs, { fuel });
      const exports: Record<string, unknown> = Object.create(null);
      for (const e of code.compiled.module.exports) exports[e.name] = wrapExtern(inst.exportValue(e));
      this.exports = Object.freeze(exports);
    }
  }

  function unwrapAs<T extends MemoryObject | TableObject | GlobalObject>(v: unknown, cls: abstract new (...a: never[]) => T): T | undefined {
    const inner = typeof v === 'object' && v !== null ? runtimeOf.get(v) : undefined;
    return inner instanceof cls ? (inner as T) : undefined;
  }

  function wrapExtern(ext: Extern): unknown {
    switch (ext.kind) {
      case 'func': return jsFunctionFor(store, ext.func.addr);
      case 'memory': return ext.memory.jsObject ??= wrap(Object.create(Memory.prototype), ext.memory);
      case 'table': return ext.table.jsObject ??= wrap(Object.create(Table.prototype), ext.table);
      case 'global': return ext.global.jsObject ??= wrap(Object.create(Global.prototype), ext.global);
    }
  }

  function wrap<T extends object>(obj: T, inner: MemoryObject | TableObject | GlobalObject): T {
    runtimeOf.set(obj, inner);
    inner.jsObject = obj;
    return obj;
  }

  function inner<T>(obj: object, cls: abstract new (...a: never[]) => T, what: string): T {
    const v = runtimeOf.get(obj);
    if (!(v instanceof cls)) throw new TypeError(`${what}: receiver is not a ${cls.name.replace('Object', '')}`);
    return v as T;
  }

  class Memory {
    constructor(descriptor: { initial: number; maximum?: number }) {
      const { initial, maximum } = readLimits(descriptor, MAX_PAGES, 'WebAssembly.Memory()');
      wrap(this, new MemoryObject(store.space, initial, maximum));
    }
    get buffer(): ArrayBuffer {
      return inner(this, MemoryObject, 'Memory.buffer').buffer;
    }
    grow(delta: number): number {
      const memory = inner(this, MemoryObject, 'Memory.grow()');
      const old = memory.grow(enforce(delta, 'Memory.grow(): delta'), true);
      if (old < 0) throw new RangeError('WebAssembly.Memory.grow(): cannot grow past the maximum');
      return old;
    }
  }

  // For our WASI only (runtime/wasi/wasi.ts bufferOf): not part of the public type.
  Object.defineProperty(Memory.prototype, INTERNAL_BUFFER, {
    value(this: object): Uint8Array { return inner(this, MemoryObject, 'Memory.buffer').internalBytes; },
  });

  class Table {
    constructor(descriptor: { element: string; initial: number; maximum?: number }, value?: unknown) {
      const elemType = refTypeOf((descriptor as { element?: unknown } | null)?.element, 'WebAssembly.Table()');
      const { initial, maximum } = readLimits(descriptor, MAX_TABLE_ENTRIES, 'WebAssembly.Table()');
      const table = new TableObject(store.space, elemType, initial, maximum);
      const raw = refToRaw(store, elemType, arguments.length < 2 ? defaultValue(elemType) : value);
      for (let i = 0; i < initial; i++) table.set(i, raw);
      wrap(this, table);
    }
    get length(): number {
      return inner(this, TableObject, 'Table.length').length;
    }
    get(index: number): unknown {
      const table = inner(this, TableObject, 'Table.get()');
      const i = checkIndex(table, index, 'Table.get()');
      return rawToRef(store, table.elemType, table.get(i));
    }
    set(index: number, value?: unknown): void {
      const table = inner(this, TableObject, 'Table.set()');
      const i = checkIndex(table, index, 'Table.set()');
      table.set(i, refToRaw(store, table.elemType, arguments.length < 2 ? defaultValue(table.elemType) : value));
    }
    grow(delta: number, value?: unknown): number {
      const table = inner(this, TableObject, 'Table.grow()');
      const raw = refToRaw(store, table.elemType, arguments.length < 2 ? defaultValue(table.elemType) : value);
      const old = table.grow(enforce(delta, 'Table.grow(): delta'), raw);
      if (old < 0) throw new RangeError('WebAssembly.Table.grow(): cannot grow past the maximum');
      return old;
    }
  }

  function checkIndex(table: TableObject, index: unknown, what: string): number {
    const i = enforce(index, `${what}: index`);
    if (i >= table.length) throw new RangeError(`${what}: index ${i} is out of bounds (length ${table.length})`);
    return i;
  }

  class Global {
    constructor(descriptor: { value: string; mutable?: boolean }, value?: unknown) {
      if (descriptor === null || typeof descriptor !== 'object') throw new TypeError('WebAssembly.Global(): the descriptor must be an object');
      const type = valueTypeOf(descriptor.value, 'WebAssembly.Global()');
      const global = GlobalObject.standalone(store.space, type, Boolean(descriptor.mutable));
      // A missing value is the type's default (null for references); V8 treats an
      // explicit undefined as missing too, except for externref where it is a value.
      const missing = arguments.length < 2 || (value === undefined && type !== EXTERNREF);
      writeGlobal(global, missing ? (type === EXTERNREF ? null : defaultValue(type)) : value);
      wrap(this, global);
    }
    get value(): unknown {
      const g = inner(this, GlobalObject, 'Global.value');
      const bytes = g.bytes;
      return readValue(store, g.type, new DataView(bytes.buffer, bytes.byteOffset, 16), 0);
    }
    set value(v: unknown) {
      const g = inner(this, GlobalObject, 'Global.value');
      if (!g.mutable) throw new TypeError('WebAssembly.Global: cannot set the value of an immutable global');
      writeGlobal(g, v);
    }
    valueOf(): unknown {
      return this.value;
    }
  }

  function writeGlobal(g: GlobalObject, v: unknown): void {
    const bytes = g.bytes;
    writeValue(store, g.type, v, new DataView(bytes.buffer, bytes.byteOffset, 16), 0);
  }

  function validate(source: BufferSource): boolean {
    return isValid(bytesOf(source));
  }

  async function compileAsync(source: BufferSource): Promise<Module> {
    return new Module(source);
  }

  function instantiate(module: Module, imports?: object): Promise<Instance>;
  function instantiate(source: BufferSource, imports?: object): Promise<{ module: Module; instance: Instance }>;
  async function instantiate(source: Module | BufferSource, imports?: object): Promise<unknown> {
    if (source instanceof Module) return new Instance(source, imports);
    const module = new Module(source);
    return { module, instance: new Instance(module, imports) };
  }

  for (const cls of [Module, Instance, Memory, Table, Global]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: `WebAssembly.${cls.name}` });
  }

  return {
    Module, Instance, Memory, Table, Global,
    CompileError, LinkError, RuntimeError,
    validate, compile: compileAsync, instantiate,
    /** The store behind this namespace (for tools and tests). */
    store,
  };
}

/** The `fuel` option as a count of units: a non-negative integer below 2^63. */
function fuelAmount(v: unknown): bigint {
  const ok = (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)
    || (typeof v === 'bigint' && v >= 0n && v < 1n << 63n);
  if (!ok) throw new TypeError(`createWebAssembly: fuel must be a non-negative integer below 2^63, got ${String(v)}`);
  return BigInt(v as number | bigint);
}

/** Room for a call's argument slots and one frame; less would trap on every call. */
const MIN_STACK_SIZE = 256;
/** Stack offsets are the low 32 bits of an address; 1 GiB is far more than any program needs. */
const MAX_STACK_SIZE = 1 << 30;

/** The `stackSize` option checked: an integer number of bytes, rounded down to keep sp 16-byte aligned. */
export function stackSizeBytes(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < MIN_STACK_SIZE || v > MAX_STACK_SIZE) {
    throw new TypeError(`createWebAssembly: stackSize must be an integer from ${MIN_STACK_SIZE} to ${MAX_STACK_SIZE} (bytes), got ${String(v)}`);
  }
  return v - (v % 16);
}

function enforce(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 0xffffffff) throw new TypeError(`${what} must be a u32`);
  return Math.trunc(n);
}

export type WebAssemblyNamespace = ReturnType<typeof createWebAssembly>;
