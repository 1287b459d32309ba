// Reading the import object (the JS API's "read the imports" steps): each import is looked
// up as importObject[module][name] and checked against the import's type; a mismatch is
// a LinkError naming the import.

import type { CompiledModule } from '../compiler/module.js';
import { canonicalSignature } from '../compiler/module.js';
import { I64, V128, type Import, type Limits, isRefType } from '../wasm/types.js';
import { GlobalObject } from '../../runtime/instance-global.js';
import type { MemoryObject, TableObject } from '../../runtime/instance-memory.js';
import type { Extern } from '../../runtime/instance.js';
import { type FuncHandle, type LoadedCode, type Store, address } from '../../runtime/instance-store.js';
import { functionOf } from '../../runtime/instance-call.js';
import { writeValue } from '../../runtime/instance-values.js';
import { LinkError } from './errors.js';
import { valueTypeName } from './descriptors.js';

/** Finds the runtime object behind one of this namespace's Memory/Table/Global wrappers. */
export interface Unwrap {
  memory(v: unknown): MemoryObject | undefined;
  table(v: unknown): TableObject | undefined;
  global(v: unknown): GlobalObject | undefined;
}

function limitsMatch(actualMin: number, actualMax: number | undefined, wanted: Limits): boolean {
  if (actualMin < wanted.min) return false;
  if (wanted.max === undefined) return true;
  return actualMax !== undefined && actualMax <= wanted.max;
}

export function resolveImports(store: Store, code: LoadedCode, importObject: unknown, unwrap: Unwrap): Extern[] {
  const compiled: CompiledModule = code.compiled;
  const { imports } = compiled.module;
  if (imports.length > 0 && (importObject === null || typeof importObject !== 'object')) {
    throw new TypeError('WebAssembly.Instance(): imports must be an object when the module has imports');
  }
  let funcIndex = 0;
  return imports.map((imp, i) => {
    const where = `import #${i} "${imp.module}" "${imp.name}"`;
    const moduleValue = (importObject as Record<string, unknown>)[imp.module];
    if (moduleValue === null || (typeof moduleValue !== 'object' && typeof moduleValue !== 'function')) {
      throw new TypeError(`WebAssembly.Instance(): ${where}: module "${imp.module}" is not an object`);
    }
    const v = (moduleValue as Record<string, unknown>)[imp.name];
    const fail = (why: string): never => { throw new LinkError(`WebAssembly.Instance(): ${where}: ${why}`); };
    switch (imp.desc.kind) {
      case 'func': return { kind: 'func', func: linkFunction(store, code, funcIndex++, imp, v, fail) };
      case 'memory': {
        const memory = unwrap.memory(v) ?? fail('memory import requires a WebAssembly.Memory');
        if (!limitsMatch(memory.pages, memory.maximum, imp.desc.type.limits)) fail('memory import has incompatible limits');
        return { kind: 'memory', memory };
      }
      case 'table': {
        const table = unwrap.table(v) ?? fail('table import requires a WebAssembly.Table');
        if (table.elemType !== imp.desc.type.elemType) fail('table import has a different element type');
        if (!limitsMatch(table.length, table.maximum, imp.desc.type.limits)) fail('table import has incompatible limits');
        return { kind: 'table', table };
      }
      case 'global': return { kind: 'global', global: linkGlobal(store, imp, v, unwrap, fail) };
    }
  });
}

function linkFunction(
  store: Store, code: LoadedCode, funcIndex: number, imp: Import, v: unknown, fail: (why: string) => never,
): FuncHandle {
  if (typeof v !== 'function') fail('function import requires a callable');
  const compiled = code.compiled;
  const typeIndex = compiled.module.funcTypeIndices[funcIndex];
  const type = compiled.module.types[typeIndex];
  const typeId = store.typeId(canonicalSignature(type));
  const ours = functionOf(v as Function);
  if (ours !== undefined) {
    // A wasm function (of any instance of this store): called directly, no host round trip.
    if (ours.typeId !== typeId) fail('imported function does not match the expected type');
    return ours;
  }
  return store.registerHostFunc(v as Function, type, typeId, address(code.region, compiled.hostTrampolines[funcIndex]));
}

function linkGlobal(store: Store, imp: Import, v: unknown, unwrap: Unwrap, fail: (why: string) => never): GlobalObject {
  if (imp.desc.kind !== 'global') throw new Error('unreachable');
  const { type, mutable } = imp.desc.type;
  const global = unwrap.global(v);
  if (global !== undefined) {
    if (global.type !== type) fail(`global import must be ${valueTypeName(type)}, is ${valueTypeName(global.type)}`);
    if (global.mutable !== mutable) fail('global import has a different mutability');
    return global;
  }
  if (type === V128) fail('v128 global imports cannot come from JS');
  if (type === I64 && typeof v !== 'bigint') fail('i64 global import requires a BigInt or a WebAssembly.Global');
  if (!isRefType(type) && type !== I64 && typeof v !== 'number') fail('global import requires a Number or a WebAssembly.Global');
  if (mutable) fail('a mutable global import requires a WebAssembly.Global');
  const g = GlobalObject.standalone(store.space, type, false);
  const bytes = g.bytes;
  writeValue(store, type, v, new DataView(bytes.buffer, bytes.byteOffset, 16), 0);
  return g;
}
