// compileModule: wasm bytes → CompiledModule. Decodes and validates the module, compiles
// each function body in one pass with its validator, then appends the trampolines.

import { BytecodeWriter } from '../isa/encode.js';
import { decodeModule } from '../wasm/decode.js';
import { FuncValidator } from '../wasm/func-validator.js';
import { validateModuleFields } from '../wasm/validate.js';
import { moduleNames } from '../wasm/names.js';
import { FunctionCompiler, type ModuleContext } from './function.js';
import { canonicalSignature, type CompiledFunction, type CompiledModule, type PcTable } from './module.js';
import { outgoingAreaBytes } from './signature.js';
import { scanBody, type BodyScan } from './frame.js';
import { callTargets } from './forwarders.js';
import { emitArrayTrampoline, emitHostTrampoline } from './trampolines.js';
import { vmctxLayout, type VmctxShape } from './vmctx.js';

export { WasmCompileError as CompileError } from '../wasm/errors.js';

export interface CompileOptions {
  /** Emit fuel checks at function entries and loop headers (src/compiler/fuel.ts). */
  fuel?: boolean;
}

/** Compiles a WebAssembly 2.0 module; throws CompileError (WasmCompileError) if it is malformed or invalid. */
export function compileModule(bytes: Uint8Array, options: CompileOptions = {}): CompiledModule {
  const fuel = options.fuel === true;
  const module = decodeModule(bytes);
  const context = validateModuleFields(module);
  const vmctxShape: VmctxShape = {
    importedFunctions: module.numImportedFuncs,
    functions: module.funcTypeIndices.length,
    tables: module.tables.length,
    importedGlobals: module.numImportedGlobals,
    definedGlobals: module.globals.length,
    dataSegments: module.datas.length,
    elementSegments: module.elements.length,
    types: module.types.length,
  };
  const vmctx = vmctxLayout(vmctxShape);
  const scans = module.bodies.map((body, i) => {
    const type = module.types[module.funcTypeIndices[module.numImportedFuncs + i]!]!;
    return scanBody(module.bytes, body, type.params.length, type.params.length + body.numLocals, module.numImportedFuncs);
  });
  const writer = new BytecodeWriter(Math.max(1024, bytes.length * 4));
  const ctx: ModuleContext = {
    module, vmctx, writer,
    funcLabels: module.funcTypeIndices.map((_, i) => writer.newLabel(`func${i}`)),
    validator: new FuncValidator(module, context),
    heightValidator: new FuncValidator(module, context),
    scans,
    mayGrowMemory: mayGrowMemory(module.numImportedFuncs, scans),
    // (Fuel is spent at every function entry, the forwarder's too: no shortcut then.)
    callTargets: fuel ? module.funcTypeIndices.map((_, f) => f) : callTargets(module),
    hasMemory: module.memories.length > 0,
    fuel,
    outgoingBytes: outgoingAreaBytes(module.types),
    trapPcs: [], trapCodes: [], srcPcs: [], srcOffsets: [],
  };
  const names = moduleNames(module)?.functions;
  const functions: CompiledFunction[] = [];
  for (let i = 0; i < module.bodies.length; i++) {
    const funcIndex = module.numImportedFuncs + i;
    const offset = writer.position;
    writer.bind(ctx.funcLabels[funcIndex]!);
    new FunctionCompiler(ctx, funcIndex).compile();
    functions.push({ funcIndex, offset, size: writer.position - offset, name: names?.get(funcIndex) ?? `func${funcIndex}` });
  }

  const arrayTrampolines = module.funcTypeIndices.map((typeIndex, funcIndex) => {
    const at = writer.position;
    const type = module.types[typeIndex]!;
    emitArrayTrampoline(writer, type, funcIndex < module.numImportedFuncs
      ? { importSlot: vmctx.importedFunction(funcIndex) }
      : { label: ctx.funcLabels[funcIndex]! });
    return at;
  });

  const signatures = module.types.map(canonicalSignature);
  const hostBySignature = new Map<string, number>();
  const traps = { pcs: ctx.trapPcs, codes: ctx.trapCodes };
  const hostTrampolinesByType = module.types.map((type, t) => {
    let at = hostBySignature.get(signatures[t]!);
    if (at === undefined) {
      at = writer.position;
      emitHostTrampoline(writer, type, traps);
      hostBySignature.set(signatures[t]!, at);
    }
    return at;
  });
  const hostTrampolines = module.funcTypeIndices.slice(0, module.numImportedFuncs).map((t) => hostTrampolinesByType[t]!);

  return {
    module,
    code: writer.finish(),
    functions,
    arrayTrampolines,
    hostTrampolines,
    hostTrampolinesByType,
    traps: pcTable(ctx.trapPcs, ctx.trapCodes),
    sourceMap: pcTable(ctx.srcPcs, ctx.srcOffsets),
    vmctxShape,
    vmctx,
    signatures,
    types: module.types,
    fuel,
  };
}

/**
 * Per function index: whether calling it may change memory 0's length. Imports may (the
 * host can grow it); a defined function may if it grows memory, makes an indirect call
 * or calls one that may (fixed point over the direct-call graph).
 */
function mayGrowMemory(numImported: number, scans: readonly BodyScan[]): Uint8Array {
  const may = new Uint8Array(numImported + scans.length).fill(1, 0, numImported);
  const callers: number[][] = Array.from(may, () => []);
  const work: number[] = [];
  for (let f = 0; f < numImported; f++) work.push(f);
  scans.forEach((scan, i) => {
    const f = numImported + i;
    for (const callee of scan.callees) callers[callee]?.push(f); // a bad index: validation reports it
    if (scan.mayGrowDirectly) { may[f] = 1; work.push(f); }
  });
  while (work.length > 0) {
    for (const caller of callers[work.pop()!]!) {
      if (!may[caller]) { may[caller] = 1; work.push(caller); }
    }
  }
  return may;
}

/** Pairs emitted in pc order become a PcTable. */
function pcTable(pcs: number[], values: number[]): PcTable {
  const order = pcs.map((_, i) => i).sort((a, b) => pcs[a]! - pcs[b]!);
  return { pcs: Uint32Array.from(order, (i) => pcs[i]!), values: Uint32Array.from(order, (i) => values[i]!) };
}
