// Functions that only forward their parameters to another function of the same type
// (`local.get 0 .. local.get n-1; call g`, no locals of their own: C wrappers such as
// wasi-libc's malloc around dlmalloc). A direct call to one goes straight to the end of
// the chain, one frame (or more) fewer: binarytrees 88 -> 76 ms on the JS tier. Trap
// backtraces put the skipped frames back (skippedForwarders), so they read as written.

import { Operator, OperatorReader } from '../wasm/operators.js';
import type { WasmModule } from '../wasm/types.js';

/** A forwarder's callee, if `g` may replace it: defined, another function, the same type index. */
function replacement(module: WasmModule, f: number, g: number | undefined): number | undefined {
  return g !== undefined && f >= module.numImportedFuncs && g >= module.numImportedFuncs && g !== f
    && module.funcTypeIndices[g] === module.funcTypeIndices[f] ? g : undefined;
}

/**
 * For each function, the one a direct call to it goes to: past forwarders, along chains
 * of them; itself otherwise, and in a cycle of forwarders, where each calls the next as
 * written.
 */
export function callTargets(module: WasmModule): number[] {
  const next = (f: number) => replacement(module, f, forwarderCall(module, f)?.callee);
  return module.funcTypeIndices.map((_, f) => {
    const seen = new Set([f]);
    let target = f;
    for (let g = next(f); g !== undefined; g = next(g)) {
      if (seen.has(g)) return f;
      seen.add(g);
      target = g;
    }
    return target;
  });
}

/** The function a `call` at wasm offset `at` names, and the offset after it; undefined for any other instruction. */
function callAt(module: WasmModule, at: number, end: number): { callee: number; next: number } | undefined {
  if (module.bytes[at] !== 0x10) return undefined;
  const reader = new OperatorReader(module.bytes, at, end);
  const op = new Operator();
  try {
    reader.read(op);
  } catch {
    return undefined;
  }
  return { callee: op.index, next: reader.pos };
}

/** A forwarder's own `call` (its offset and callee), if f's body is `local.get 0 .. n-1; call g` with no locals; else undefined. */
function forwarderCall(module: WasmModule, f: number): { at: number; callee: number } | undefined {
  const body = module.bodies[f - module.numImportedFuncs];
  const params = module.types[module.funcTypeIndices[f]!]?.params.length ?? 0;
  if (body === undefined || body.numLocals !== 0) return undefined;
  const reader = new OperatorReader(module.bytes, body.codeStart, body.end);
  const op = new Operator();
  try {
    for (let k = 0; k < params; k++) {
      reader.read(op);
      if (op.info.name !== 'local.get' || op.index !== k) return undefined;
    }
    reader.read(op);
    if (op.info.name !== 'call') return undefined;
    const call = { at: op.offset, callee: op.index };
    const last = new Operator();
    reader.read(last);
    return last.info.name === 'end' && reader.atEnd ? call : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For a backtrace: the forwarders a direct call at wasm offset `at` skipped on its way to
 * `callee` (the frame inside it), innermost first, each with the offset of its own call;
 * empty if the call reached what it names.
 */
export function skippedForwarders(module: WasmModule, at: number, callee: number): Array<{ funcIndex: number; wasmOffset: number }> {
  const call = callAt(module, at, module.bytes.length);
  if (call === undefined || call.callee === callee) return [];
  const skipped: Array<{ funcIndex: number; wasmOffset: number }> = [];
  for (let f = call.callee; f !== callee; ) {
    const own = forwarderCall(module, f);
    // Not a chain the compiler could have taken: show the frames as they are.
    if (own === undefined || replacement(module, f, own.callee) === undefined || skipped.length > module.funcTypeIndices.length) return [];
    skipped.push({ funcIndex: f, wasmOffset: own.at });
    f = own.callee;
  }
  return skipped.reverse();
}
