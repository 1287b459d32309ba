// Instantiation (docs/ABI.md, "The instance context"): allocate and fill the vmctx,
// create or link memory, tables and globals, make a VMFuncRef per function, apply active
// element and data segments in order (a failing segment traps; earlier ones stay
// written, as in WebAssembly 2.0) and run the start function.

import type { CompiledModule } from '../src/compiler/module.js';
import { FUNCREF_SIZE, VMCTX_MAGIC } from '../src/compiler/vmctx.js';
import { TRAP_MESSAGES, TrapCode } from '../src/compiler/abi.js';
import type { ConstExpr, Export } from '../src/wasm/types.js';
import type { Region } from './machine.js';
import { trapError } from './instance-errors.js';
import { MemoryObject, TableObject } from './instance-memory.js';
import { GlobalObject } from './instance-global.js';
import { type Address, type FuncHandle, type LoadedCode, type Store, address, readAddress, writeAddress } from './instance-store.js';
import { callFunction } from './instance-call.js';

/** Something an instance imports or exports. */
export type Extern =
  | { kind: 'func'; func: FuncHandle }
  | { kind: 'memory'; memory: MemoryObject }
  | { kind: 'table'; table: TableObject }
  | { kind: 'global'; global: GlobalObject };

export interface InstanceOptions {
  /** Units of fuel for code compiled with `{ fuel: true }` (docs/ABI.md "Fuel"); at most 2^63 - 1. */
  fuel?: number | bigint;
}

const instancesByStore = new WeakMap<Store, Map<number, RuntimeInstance>>();

/** The instance whose vmctx is at `vmctx` (x1 of a builtin call). */
export function instanceAt(store: Store, vmctx: Address): RuntimeInstance {
  const inst = instancesByStore.get(store)?.get(Math.floor(vmctx / 0x100000000));
  if (inst === undefined) throw new Error(`builtin called with a bad vmctx 0x${vmctx.toString(16)}`);
  return inst;
}

export class RuntimeInstance {
  readonly compiled: CompiledModule;
  readonly vmctx: Region;
  memory: MemoryObject | undefined;
  readonly tables: TableObject[] = [];
  readonly globals: GlobalObject[] = [];
  /** Every function of the module's index space, imported ones first. */
  readonly funcs: FuncHandle[] = [];
  /** Each element segment's entries as raw refs (VMFuncRef addresses / externref ids). */
  private readonly elems: number[][] = [];

  constructor(readonly store: Store, readonly code: LoadedCode, imports: readonly Extern[], options: InstanceOptions = {}) {
    this.compiled = code.compiled;
    const layout = this.compiled.vmctx;
    this.vmctx = store.space.map('vmctx', new Uint8Array(layout.size));
    const view = this.vmctx.view;
    view.setUint32(layout.magic, VMCTX_MAGIC, true);
    view.setUint32(layout.instanceId, store.newInstanceId(), true);
    // Code compiled with fuel spends this counter; without a budget it traps at once.
    if (this.compiled.fuel) view.setBigInt64(layout.fuel, BigInt(options.fuel ?? 0), true);
    let map = instancesByStore.get(store);
    if (!map) instancesByStore.set(store, (map = new Map()));
    map.set(this.vmctx.id, this);
    this.link(imports);
  }

  get vmctxAddress(): Address {
    return address(this.vmctx, 0);
  }

  /** Fills the vmctx from the imports and the module's own definitions. */
  private link(imports: readonly Extern[]): void {
    const { module, vmctx: layout, signatures } = this.compiled;
    const view = this.vmctx.view;
    let importedFuncs = 0;
    let importedGlobals = 0;
    for (const ext of imports) {
      switch (ext.kind) {
        case 'func': writeAddress(view, layout.importedFunction(importedFuncs++), ext.func.addr); this.funcs.push(ext.func); break;
        case 'memory': this.memory = ext.memory; break;
        case 'table': this.tables.push(ext.table); break;
        case 'global':
          writeAddress(view, layout.importedGlobalPtr(importedGlobals++), address(ext.global.region, ext.global.offset));
          this.globals.push(ext.global);
          break;
      }
    }
    signatures.forEach((sig, t) => writeAddress(view, layout.typeId(t), this.store.typeId(sig)));

    const space = this.store.space;
    for (const type of module.memories.slice(module.numImportedMemories)) {
      this.memory = new MemoryObject(space, type.limits.min, type.limits.max);
    }
    if (this.memory) {
      writeAddress(view, layout.memoryBase, address(this.memory.region, 0));
      this.memory.attach(this.vmctx, layout.memoryLength);
    }
    for (const type of module.tables.slice(module.numImportedTables)) {
      this.tables.push(new TableObject(space, type.elemType, type.limits.min, type.limits.max));
    }
    this.tables.forEach((table, t) => {
      writeAddress(view, layout.tableBase(t), address(table.region, 0));
      table.attach(this.vmctx, layout.tableLength(t));
    });

    // VMFuncRefs of the defined functions, in one region.
    const defined = this.compiled.functions;
    const refs = space.map('funcrefs', new Uint8Array(Math.max(1, defined.length) * FUNCREF_SIZE));
    defined.forEach((f, k) => {
      const typeIndex = module.funcTypeIndices[f.funcIndex];
      this.funcs.push(this.store.registerWasmFunc(refs, k * FUNCREF_SIZE, {
        type: module.types[typeIndex], typeId: this.store.typeId(signatures[typeIndex]),
        code: this.code, funcIndex: f.funcIndex, vmctx: this.vmctxAddress,
        entry: address(this.code.region, f.offset),
      }));
    });
    this.funcs.forEach((f, i) => writeAddress(view, layout.funcRef(i), f.addr));

    // Defined globals live in the vmctx; their initializers see imported globals only.
    module.globals.forEach((g, k) => {
      const offset = layout.definedGlobal(k);
      this.vmctx.bytes.set(this.evalConst(g.init), offset);
      this.globals.push(new GlobalObject(g.type.type, g.type.mutable, this.vmctx, offset));
    });
  }

  /** A constant expression's value as 16 bytes (refs: raw VMFuncRef address / externref id). */
  private evalConst(expr: ConstExpr): Uint8Array {
    const stack: Uint8Array[] = [];
    for (const instr of expr.instrs) {
      const slot = new Uint8Array(16);
      const view = new DataView(slot.buffer);
      switch (instr.op) {
        case 'i32.const': view.setInt32(0, instr.value, true); break;
        case 'i64.const': view.setBigInt64(0, instr.value, true); break;
        case 'f32.const': view.setUint32(0, instr.bits, true); break;
        case 'f64.const': view.setBigUint64(0, instr.bits, true); break;
        case 'v128.const': slot.set(instr.bytes); break;
        case 'ref.null': break;
        case 'ref.func': writeAddress(view, 0, this.funcs[instr.funcIndex].addr); break;
        case 'global.get': slot.set(this.globals[instr.globalIndex].bytes); break;
      }
      stack.push(slot);
    }
    if (stack.length !== 1) throw new Error(`constant expression at 0x${expr.start.toString(16)} left ${stack.length} values`);
    return stack[0];
  }

  private evalOffset(expr: ConstExpr): number {
    return new DataView(this.evalConst(expr).buffer).getUint32(0, true);
  }

  private evalRef(expr: ConstExpr): number {
    return readAddress(new DataView(this.evalConst(expr).buffer), 0);
  }

  /** Element segments, then data segments, then the start function (may throw RuntimeError). */
  initialize(): void {
    const module = this.compiled.module;
    module.elements.forEach((seg, i) => {
      const entries = seg.funcIndices
        ? seg.funcIndices.map((f) => this.funcs[f].addr)
        : seg.exprs!.map((e) => this.evalRef(e));
      this.elems.push(entries);
      if (seg.mode === 'active') {
        const table = this.tables[seg.tableIndex];
        const offset = this.evalOffset(seg.offset!);
        if (offset + entries.length > table.length) throw trapError(TRAP_MESSAGES[TrapCode.TableOutOfBounds], []);
        entries.forEach((raw, k) => table.set(offset + k, raw));
      }
      if (seg.mode !== 'passive') this.dropElem(i);
    });
    module.datas.forEach((seg, i) => {
      if (seg.mode === 'active') {
        const memory = this.memory!.region.bytes;
        const offset = this.evalOffset(seg.offset!);
        if (offset + seg.bytes.length > memory.length) throw trapError(TRAP_MESSAGES[TrapCode.MemoryOutOfBounds], []);
        memory.set(seg.bytes, offset);
        this.dropData(i);
      }
    });
    if (module.start !== undefined) callFunction(this.store, this.funcs[module.start], []);
  }

  // ## Passive segments (the dropped flags live in the vmctx, where compiled code may read them)

  dataSegment(i: number): Uint8Array {
    const dropped = this.vmctx.view.getUint32(this.compiled.vmctx.dataDropped(i), true) !== 0;
    return dropped ? new Uint8Array(0) : this.compiled.module.datas[i].bytes;
  }

  dropData(i: number): void {
    this.vmctx.view.setUint32(this.compiled.vmctx.dataDropped(i), 1, true);
  }

  elemSegment(i: number): readonly number[] {
    const dropped = this.vmctx.view.getUint32(this.compiled.vmctx.elemDropped(i), true) !== 0;
    return dropped ? [] : this.elems[i];
  }

  dropElem(i: number): void {
    this.vmctx.view.setUint32(this.compiled.vmctx.elemDropped(i), 1, true);
  }

  /** What export `e` names. */
  exportValue(e: Export): Extern {
    switch (e.kind) {
      case 'func': return { kind: 'func', func: this.funcs[e.index] };
      case 'memory': return { kind: 'memory', memory: this.memory! };
      case 'table': return { kind: 'table', table: this.tables[e.index] };
      case 'global': return { kind: 'global', global: this.globals[e.index] };
    }
  }
}

/** Links and initializes an instance of already-loaded code with resolved imports. */
export function instantiate(store: Store, code: LoadedCode, imports: readonly Extern[], options?: InstanceOptions): RuntimeInstance {
  const inst = new RuntimeInstance(store, code, imports, options);
  inst.initialize();
  return inst;
}
