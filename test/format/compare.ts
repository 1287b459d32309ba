// What "the same CompiledModule" means for a .pulley round trip: every field equal, with
// two documented exceptions. The vmctx layout is a set of functions, so it is compared
// by the offsets it gives for every index the shape allows; and the wasm bytes are not
// carried (module.bytes of a loaded module is empty: bodies are compiled, data segments
// and custom sections keep their own bytes).
import type { CompiledModule } from '../../src/compiler/module.js';
import type { VmctxLayout, VmctxShape } from '../../src/compiler/vmctx.js';

function vmctxOffsets(layout: VmctxLayout, shape: VmctxShape): Record<string, unknown> {
  const each = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(layout)) if (typeof value === 'number') plain[key] = value;
  return {
    ...plain,
    importedFunction: each(shape.importedFunctions, layout.importedFunction),
    tableBase: each(shape.tables, layout.tableBase),
    tableLength: each(shape.tables, layout.tableLength),
    importedGlobalPtr: each(shape.importedGlobals, layout.importedGlobalPtr),
    definedGlobal: each(shape.definedGlobals, layout.definedGlobal),
    funcRef: each(shape.functions, layout.funcRef),
    dataDropped: each(shape.dataSegments, layout.dataDropped),
    elemDropped: each(shape.elementSegments, layout.elemDropped),
    typeId: each(shape.types, layout.typeId),
  };
}

/** The module as plain data for toEqual. */
export function comparable(c: CompiledModule): Record<string, unknown> {
  const { bytes: _bytes, ...module } = c.module;
  return { ...c, module, vmctx: vmctxOffsets(c.vmctx, c.vmctxShape) };
}
