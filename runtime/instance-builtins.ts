// The builtins compiled code reaches with `call_indirect_host ID` (ids: Builtin in
// src/compiler/abi.ts). Arguments come in x1, x2, ... with x1 the calling instance's
// vmctx; the result goes in x0. The argument order below (immediates such as table or
// segment indices first, then the wasm operands in stack order) is part of the ABI.
//
//   MemoryGrow(vmctx, delta) -> old pages | -1        MemoryCopy(vmctx, dst, src, len)
//   MemoryFill(vmctx, dst, byte, len)                 MemoryInit(vmctx, data, dst, src, len)
//   DataDrop(vmctx, data)                             TableGet(vmctx, table, i) -> ref
//   TableSet(vmctx, table, i, ref)                    TableGrow(vmctx, table, ref, delta) -> old | -1
//   TableSize(vmctx, table) -> length                 TableFill(vmctx, table, i, ref, len)
//   TableCopy(vmctx, dstTable, srcTable, dst, src, len)
//   TableInit(vmctx, table, elem, dst, src, len)      ElemDrop(vmctx, elem)
//   RefFunc(vmctx, func) -> funcref                   RaiseTrap(vmctx, trapCode)
//   HostCall: see instance-call.ts

import { Builtin, TrapCode } from '../src/compiler/abi.js';
import { HostTrap } from './embed.js';
import { Store } from './instance-store.js';
import { hostCall } from './instance-call.js';
import { instanceAt, type RuntimeInstance } from './instance.js';

/** A builtin's trap: the embedding unwinds it like a Pulley trap, with this code. */
class BuiltinTrap extends HostTrap {
  constructor(code: TrapCode) { super(code); }
}

/** Bounds check of [start, start + len) against `length`, with the builtin's trap. */
function checkRange(start: number, len: number, length: number, code: TrapCode): void {
  if (start + len > length) throw new BuiltinTrap(code);
}

type BuiltinFn = (inst: RuntimeInstance, arg: (i: number) => number, raw: (i: number) => number) => number | void;

const BUILTINS: Partial<Record<Builtin, BuiltinFn>> = {
  [Builtin.MemoryGrow]: (inst, arg) => inst.memory!.grow(arg(2)),
  [Builtin.MemoryCopy]: (inst, arg) => {
    const [dst, src, len] = [arg(2), arg(3), arg(4)];
    const bytes = inst.memory!.region.bytes;
    checkRange(src, len, bytes.length, TrapCode.MemoryOutOfBounds);
    checkRange(dst, len, bytes.length, TrapCode.MemoryOutOfBounds);
    bytes.copyWithin(dst, src, src + len);
  },
  [Builtin.MemoryFill]: (inst, arg) => {
    const [dst, value, len] = [arg(2), arg(3), arg(4)];
    const bytes = inst.memory!.region.bytes;
    checkRange(dst, len, bytes.length, TrapCode.MemoryOutOfBounds);
    bytes.fill(value & 0xff, dst, dst + len);
  },
  [Builtin.MemoryInit]: (inst, arg) => {
    const [seg, dst, src, len] = [arg(2), arg(3), arg(4), arg(5)];
    const data = inst.dataSegment(seg);
    const bytes = inst.memory!.region.bytes;
    checkRange(src, len, data.length, TrapCode.MemoryOutOfBounds);
    checkRange(dst, len, bytes.length, TrapCode.MemoryOutOfBounds);
    bytes.set(data.subarray(src, src + len), dst);
  },
  [Builtin.DataDrop]: (inst, arg) => inst.dropData(arg(2)),
  [Builtin.TableGet]: (inst, arg) => {
    const table = inst.tables[arg(2)];
    const i = arg(3);
    checkRange(i, 1, table.length, TrapCode.TableOutOfBounds);
    return table.get(i);
  },
  [Builtin.TableSet]: (inst, arg, raw) => {
    const table = inst.tables[arg(2)];
    const i = arg(3);
    checkRange(i, 1, table.length, TrapCode.TableOutOfBounds);
    table.set(i, raw(4));
  },
  [Builtin.TableGrow]: (inst, arg, raw) => inst.tables[arg(2)].grow(arg(4), raw(3)),
  [Builtin.TableSize]: (inst, arg) => inst.tables[arg(2)].length,
  [Builtin.TableFill]: (inst, arg, raw) => {
    const table = inst.tables[arg(2)];
    const [i, value, len] = [arg(3), raw(4), arg(5)];
    checkRange(i, len, table.length, TrapCode.TableOutOfBounds);
    for (let k = 0; k < len; k++) table.set(i + k, value);
  },
  [Builtin.TableCopy]: (inst, arg) => {
    const [dstTable, srcTable] = [inst.tables[arg(2)], inst.tables[arg(3)]];
    const [dst, src, len] = [arg(4), arg(5), arg(6)];
    checkRange(src, len, srcTable.length, TrapCode.TableOutOfBounds);
    checkRange(dst, len, dstTable.length, TrapCode.TableOutOfBounds);
    const entries = srcTable.region.bytes.slice(src * 8, (src + len) * 8);
    dstTable.region.bytes.set(entries, dst * 8);
  },
  [Builtin.TableInit]: (inst, arg) => {
    const table = inst.tables[arg(2)];
    const elems = inst.elemSegment(arg(3));
    const [dst, src, len] = [arg(4), arg(5), arg(6)];
    checkRange(src, len, elems.length, TrapCode.TableOutOfBounds);
    checkRange(dst, len, table.length, TrapCode.TableOutOfBounds);
    for (let k = 0; k < len; k++) table.set(dst + k, elems[src + k]);
  },
  [Builtin.ElemDrop]: (inst, arg) => inst.dropElem(arg(2)),
  [Builtin.RefFunc]: (inst, arg) => inst.funcs[arg(2)].addr,
  [Builtin.RaiseTrap]: (_inst, arg) => {
    throw new BuiltinTrap(arg(2) as TrapCode);
  },
};

/** A store whose embedding serves every builtin and host call. */
export function createStore(options: { stackSize?: number } = {}): Store {
  const store = new Store(options);
  const { embedding } = store;
  embedding.hostFunctionCall = () => hostCall(store);
  for (const [id, builtin] of Object.entries(BUILTINS)) {
    embedding.builtins.set(Number(id), (args) => {
      const raw = (i: number): number => Number(args.x(i));
      const arg = (i: number): number => Number(args.x(i) & 0xffffffffn);
      const result = builtin(instanceAt(store, raw(1)), arg, raw);
      return typeof result === 'number' ? BigInt(result) : undefined;
    });
  }
  return store;
}
