// The store: what all instances of one WebAssembly namespace share. One address space and
// one machine (so a funcref of one instance is callable from another with no host round
// trip), process-wide canonical type ids, the function registry (VMFuncRef address →
// what it is), host functions by id and the externref table.

import type { AddressSpace, Machine, Region } from './machine.js';
import { Embedding } from './embed.js';
import { lookupExact } from '../src/compiler/module.js';
import { FUNCREF_CODE, FUNCREF_SIZE, FUNCREF_TYPE_ID, FUNCREF_VMCTX } from '../src/compiler/vmctx.js';
import { HOST_CONTEXT_ID, type CompiledModule } from '../src/compiler/module.js';
import type { FuncType } from '../src/wasm/types.js';

/** A 64-bit address as one Number: region id * 2^32 + offset (exact below 2^53). */
export type Address = number;
export const address = (region: Region, offset: number): Address => region.id * 0x100000000 + offset;
export const addressLo = (a: Address): number => a >>> 0;
export const addressHi = (a: Address): number => Math.floor(a / 0x100000000);

export function writeAddress(view: DataView, at: number, a: Address): void {
  view.setUint32(at, addressLo(a), true);
  view.setUint32(at + 4, addressHi(a), true);
}
export function readAddress(view: DataView, at: number): Address {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x100000000;
}

/** A module whose bytecode is mapped: for calls from the host and for backtraces. */
export interface LoadedCode {
  readonly compiled: CompiledModule;
  readonly region: Region;
}

interface FuncBase {
  /** Address of its VMFuncRef. */
  readonly addr: Address;
  readonly type: FuncType;
  readonly typeId: number;
  /** The JS function the API hands out for it, made once (identity is kept). */
  jsFunction?: Function;
}

/** A function defined in a wasm module, called from the host through its array trampoline. */
export interface WasmFunc extends FuncBase {
  readonly kind: 'wasm';
  readonly code: LoadedCode;
  readonly funcIndex: number;
  /** Address of the callee vmctx to pass in x0. */
  readonly vmctx: Address;
}

/** A JS function imported into wasm. */
export interface HostFunc extends FuncBase {
  readonly kind: 'host';
  readonly fn: Function;
}

export type FuncHandle = WasmFunc | HostFunc;

export class Store {
  /** The interpreter embedding: builtins by id, host calls, traps (runtime/embed.ts). */
  readonly embedding: Embedding;
  readonly machine: Machine;
  readonly space: AddressSpace;
  private readonly typeIds = new Map<string, number>();
  private readonly funcs = new Map<Address, FuncHandle>();
  private readonly hostFuncs: HostFunc[] = [];
  private readonly externs: unknown[] = [undefined]; // id 0 is null
  private readonly externIds = new Map<unknown, number>();
  private readonly codeByRegion = new Map<number, LoadedCode>();
  private nextInstanceId = 1;

  /** A JS exception thrown by a host function, rethrown when the trap it causes reaches the host. */
  pendingException: { error: unknown } | undefined;

  /** `stackSize`: bytes of wasm stack for the store's machine (the embedding's default if absent). */
  constructor(options: { stackSize?: number } = {}) {
    this.embedding = new Embedding({ stackSize: options.stackSize });
    this.machine = this.embedding.machine;
    this.space = this.machine.space;
  }

  /** The canonical type id of a signature string (equal structure, equal id; never 0). */
  typeId(signature: string): number {
    let id = this.typeIds.get(signature);
    if (id === undefined) this.typeIds.set(signature, (id = this.typeIds.size + 1));
    return id;
  }

  newInstanceId(): number {
    return this.nextInstanceId++;
  }

  loadCode(compiled: CompiledModule, name: string): LoadedCode {
    const region = this.embedding.loadCode(compiled.code, (pc) => lookupExact(compiled.traps, pc), name);
    const code = { compiled, region };
    this.codeByRegion.set(region.id, code);
    return code;
  }

  codeAt(regionId: number): LoadedCode | undefined {
    return this.codeByRegion.get(regionId);
  }

  func(addr: Address): FuncHandle | undefined {
    return this.funcs.get(addr);
  }

  /** Fills a VMFuncRef at `region[offset]` and registers what it calls. */
  registerWasmFunc(region: Region, offset: number, f: Omit<WasmFunc, 'addr' | 'kind'> & { entry: Address }): WasmFunc {
    const addr = address(region, offset);
    writeAddress(region.view, offset + FUNCREF_CODE, f.entry);
    writeAddress(region.view, offset + FUNCREF_VMCTX, f.vmctx);
    region.view.setUint32(offset + FUNCREF_TYPE_ID, f.typeId, true);
    const handle: WasmFunc = { kind: 'wasm', addr, type: f.type, typeId: f.typeId, code: f.code, funcIndex: f.funcIndex, vmctx: f.vmctx };
    this.funcs.set(addr, handle);
    return handle;
  }

  /**
   * A VMFuncRef for a JS function: code = the host trampoline `trampoline` (of the
   * importing module), vmctx = a host context holding the function's id.
   */
  registerHostFunc(fn: Function, type: FuncType, typeId: number, trampoline: Address): HostFunc {
    const region = this.space.map('host function', new Uint8Array(FUNCREF_SIZE + 8));
    const context = FUNCREF_SIZE;
    const id = this.hostFuncs.length;
    region.view.setUint32(context + HOST_CONTEXT_ID, id, true);
    writeAddress(region.view, FUNCREF_CODE, trampoline);
    writeAddress(region.view, FUNCREF_VMCTX, address(region, context));
    region.view.setUint32(FUNCREF_TYPE_ID, typeId, true);
    const handle: HostFunc = { kind: 'host', addr: address(region, 0), type, typeId, fn };
    this.hostFuncs.push(handle);
    this.funcs.set(handle.addr, handle);
    return handle;
  }

  /** The host function whose context is at `contextAddr` (x1 of a host call). */
  hostFuncAt(contextAddr: Address): HostFunc {
    const region = this.space.regions[addressHi(contextAddr)];
    const id = region?.view.getUint32(addressLo(contextAddr) + HOST_CONTEXT_ID, true);
    const f = id === undefined ? undefined : this.hostFuncs[id];
    if (f === undefined) throw new Error(`host call with a bad host context 0x${contextAddr.toString(16)}`);
    return f;
  }

  // ## externref: any JS value but null gets a nonzero id

  externId(value: unknown): number {
    if (value === null) return 0;
    let id = this.externIds.get(value);
    if (id === undefined) {
      id = this.externs.length;
      this.externs.push(value);
      this.externIds.set(value, id);
    }
    return id;
  }

  externValue(id: number): unknown {
    if (id === 0) return null;
    if (id >= this.externs.length) throw new Error(`bad externref id ${id}`);
    return this.externs[id];
  }
}
