// A translation unit: the generated JS functions of one bytecode region, wrapped in a
// factory that binds them to a machine and a code region. The same factory text runs
// through `new Function` (the JIT way) or is written into an ES module (the AOT way,
// no eval at all).

import { tuneEngineForGeneratedCode } from './engine-tuning.js';
import { decodeFunction, functionIdent, heapMemoName, translateFunction, vmctxMemoName, writtenXRegsOf, type TranslatedFunction } from './translate.js';
import { deferredSaveFunctions, linkedFunctions } from './links.js';
import type * as ES from 'estree';
import { id, index, js, print, ret, set, unsharedId } from './ast.js';
import { prelude, upperRegs } from './inline-ops.js';
import { CALLEE_SAVED_MASK, hostFreeFunctions, maskOf, preservingFunctions, shallowFunctions, summarize } from './sync.js';
import { jitDebugComments, sourceUrlComment, type JitDebugOptions } from './sourcemap.js';
import type { JitFunction, Machine, Region } from '../runtime/machine.js';
import type { Handler } from '../runtime/ops/handler.js';

export type { JitFunction };

export interface UnitFunction {
  entry: number;
  end: number;
  name?: string;
  /**
   * Its calling convention, for a function of compiled wasm (docs/ABI.md "Calls"): the x
   * registers its arguments arrive in (x0, the vmctx, included) and its results leave in.
   * Its callers are then compiled code, which reads no other caller-saved register after
   * a call. Undefined: unknown, any register may carry a value in or out.
   */
  convention?: {
    params: readonly number[]; results: readonly number[];
    /** The f registers it takes arguments and returns values in (f-locals.ts payloadBlindLoads). */
    fParams?: readonly number[]; fResults?: readonly number[];
    /**
     * Offsets of 8-byte fields of its vmctx (the register REG_VMCTX) that only the runtime
     * writes, and only while some region changes (memory 0's base and length): their loads
     * are remembered per vmctx (translate.ts memoLoad).
     */
    vmctxFixed?: readonly number[];
    /** Bytes of the outgoing area at the bottom of its frame, which its callees read and write (frame-slots.ts). */
    outgoingBytes?: number;
  };
}

export interface GeneratedUnit {
  /** The body of `function (rt) { ... }` that returns the entry-pc-indexed function table. */
  factoryBody: string;
  functions: TranslatedFunction[];
}

/** What a factory needs at run time. */
export interface UnitRuntime {
  m: Machine;
  code: Region;
  /** Interpreter handlers indexed by OpInfo.index. */
  handlers: readonly Handler[];
  TrapSignal: Function;
  /** How many generated frames may nest before calls go to the interpreter (keeps JS's own stack safe). */
  maxDepth: number;
  /** The interpreter's bit-count functions, so that both tiers count with the same code. */
  bits: { ctz32(x: number): number; popcnt32(x: number): number };
  /** The function table of another code region, for call_indirect across modules. */
  jitOf(region: Region): readonly (JitFunction | undefined)[] | undefined;
}

/**
 * How many generated frames may stand above the last one that passed the depth guard
 * (runtime/machine.ts MAX_JIT_DEPTH): a few, against the guard's 200.
 */
const MAX_UNGUARDED_HEIGHT = 4;

/** Translates every function of a code region into one factory. */
export function generateUnit(code: Uint8Array, functions: readonly UnitFunction[], options: { structured?: boolean } = {}): GeneratedUnit {
  const decoded = functions.map((f) => decodeFunction(code, f.entry, f.end));
  // Calls to functions that preserve x16..x31 need not read those registers again.
  const summaries = functions.map((f, i) => summarize(f.entry, decoded[i]!, writtenXRegsOf, upperRegs));
  const preserving = preservingFunctions(summaries);
  // Calls to functions that cannot reach the host leave the memories' views as they were.
  const hostFree = hostFreeFunctions(summaries);
  // Calls to functions whose calls nest at most this deep skip the depth guard.
  const unguarded = shallowFunctions(summaries, MAX_UNGUARDED_HEIGHT);
  // Functions whose frame link may stay in locals when generated code calls them (links.ts).
  const withInstrs = functions.map((f, i) => ({ entry: f.entry, instrs: decoded[i]! }));
  const linked = linkedFunctions(withInstrs);
  // Functions whose callers keep x16..x29 out of the register file across a linked call (links.ts).
  const deferredSave = deferredSaveFunctions(withInstrs, preserving);
  // Calls to a known entry of this unit become direct JS calls.
  const identByEntry = new Map(functions.map((f) => [f.entry, functionIdent(f.entry, f.name)]));
  const conventions = new Map(functions.filter((f) => f.convention !== undefined)
    .map((f) => [f.entry, { params: maskOf(f.convention!.params), results: maskOf(f.convention!.results), vmctxFixed: f.convention!.vmctxFixed ?? [],
      fParams: f.convention!.fParams === undefined ? undefined : maskOf(f.convention!.fParams),
      fResults: f.convention!.fResults === undefined ? undefined : maskOf(f.convention!.fResults),
      outgoingBytes: f.convention!.outgoingBytes }]));
  // One memo per remembered vmctx field (translate.ts memoLoad): the vmctx address and the
  // regions' change count it holds for, and the field's words.
  const fixedOffsets = [...new Set([...conventions.values()].flatMap((c) => c.vmctxFixed))].sort((a, b) => a - b);
  const memos = fixedOffsets.map((off) => `const ${vmctxMemoName(off)} = { lo: -1, hi: -1, epoch: -1, vl: 0, vh: 0 };`);
  // And one per pair of them loaded as a heap's base and bound (translate.ts, the heap pair):
  // also the heap locals worked out from the two.
  for (const base of fixedOffsets) {
    for (const bound of fixedOffsets.filter((off) => off !== base)) {
      memos.push(`const ${heapMemoName(base, bound)} = { lo: -1, hi: -1, epoch: -1, bl: 0, bh: 0, nl: 0, nh: 0, view: NO_VIEW, bytes: NO_BYTES, length: -1, mb: 0, ml: -1, vb: NO_VIEW, ub: NO_BYTES };`);
    }
  }
  const translated = functions.map((f, i) => translateFunction({
    code, entry: f.entry, end: f.end, name: f.name, ...options, instrs: decoded[i],
    preserves: (target) => preserving.has(target), hostFree: (target) => hostFree.has(target),
    unguarded: (target) => unguarded.has(target), deferredSave: (target) => deferredSave.get(target),
    direct: (target) => identByEntry.get(target),
    linked: (target) => linked.has(target),
    convention: (target) => conventions.get(target),
  }));
  const table: ES.Program = {
    type: 'Program', sourceType: 'script',
    body: [...translated.map((t) => set(index(id('JIT'), t.entry), unsharedId(t.ident))), ret(id('JIT'))],
  };
  const factoryBody = [unitHead(), ...memos, ...translated.map((t) => t.source), print(table)].join('\n');
  return { factoryBody, functions: translated };
}

let head: string | undefined;
/** The factory body's first part: the runtime's values and the helpers every generated function may call (printed once). */
function unitHead(): string {
  head ??= print({
    type: 'Program', sourceType: 'script',
    body: js.stmts`
      "use strict";
      const m0 = rt.m, I32 = m0.i32, F32 = m0.f32, F64 = m0.f64, REG = m0.space.regions, REGIONS_CHANGED = m0.space.changes;
      const H = rt.handlers, TrapSignal = rt.TrapSignal, CODE = rt.code, MAXD = rt.maxDepth;
      // The code region's id as a constant: V8 reads CODE.id as a tagged number and converts it at every use.
      const CODE_ID = CODE.id;
      // Deferred saves (links.ts deferredSaveFunctions), while generated frames leave for the
      // interpreter one after the other: the stack slots (register, byte offset) waiting for
      // the value of x16..x29 that a frame further up holds, and the registers whose word in
      // the register file waits too (no frame below held them). The innermost frame that
      // leaves starts the account (PEND_START); each frame then puts what it holds
      // (PEND_HOLD) and names its own frame's slots (PEND.push), which wait for its caller's values.
      const PEND = [];
      let PF = 0;
      function PEND_START() { PEND.length = 0; PF = ${CALLEE_SAVED_MASK}; }
      function PEND_HOLD(r, lo, hi) {
        for (let i = 0; i < PEND.length; i += 2) {
          if (PEND[i] === r) { STACK_VIEW.setInt32(PEND[i + 1], lo, true); STACK_VIEW.setInt32(PEND[i + 1] + 4, hi, true); PEND[i] = -1; }
        }
        if ((PF >>> r) & 1) { I32[2 * r] = lo; I32[2 * r + 1] = hi; PF &= ~(1 << r); }
      }
      // A frame whose caller's values of the registers in mask are the register file's.
      function PEND_FROM_FILE(mask) { for (let r = 0; r < 32; r++) if ((mask >>> r) & 1) PEND_HOLD(r, I32[2 * r], I32[2 * r + 1]); }
      const STACK_ID = m0.stack.id, STACK_LENGTH = m0.stack.bytes.length, STACK_VIEW = m0.stack.view;
      // Word views of the stack for aligned spill slots (codegen/inline-ops.ts stackSlotOp); empty if the stack is not 8-aligned.
      const STACK_ALIGNED = m0.stack.bytes.byteOffset % 8 === 0, STACK_BUFFER = m0.stack.bytes.buffer, STACK_AT = m0.stack.bytes.byteOffset;
      const STACK_I32 = STACK_ALIGNED ? new Int32Array(STACK_BUFFER, STACK_AT, STACK_LENGTH >> 2) : new Int32Array(0);
      const STACK_F64 = STACK_ALIGNED ? new Float64Array(STACK_BUFFER, STACK_AT, STACK_LENGTH >> 3) : new Float64Array(0);
      const STACK_WORDS_BYTES = STACK_ALIGNED ? (STACK_LENGTH >> 3) * 8 : 0;
      // Lane views of the register file for inline vector ops (codegen/inline-vector.ts).
      const U8 = new Uint8Array(m0.regfile), I8 = new Int8Array(m0.regfile), U16 = new Uint16Array(m0.regfile), I16 = new Int16Array(m0.regfile);
      ${prelude()};
      // The heap the generated functions last looked up (translate.ts baseLocals): the base
      // register's region id (-1: none, also when the base's low word is not 0), the
      // regions' change count then, and the region's view, bytes and byte length (-1: none;
      // the view and bytes are then empty ones). An object, not closure variables: V8 knows
      // its fields' types (a DataView, a Uint8Array) where a closure variable's it does not.
      const HEAP = { id: -1, epoch: -1, view: new DataView(new ArrayBuffer(0)), bytes: new Uint8Array(0), length: -1 };
      const NO_VIEW = HEAP.view, NO_BYTES = HEAP.bytes;
      function HEAP_LOOKUP(lo, hi) {
        const R = lo === 0 ? REG[hi >>> 0] : undefined;
        if (R === undefined) { HEAP.id = -1; HEAP.view = NO_VIEW; HEAP.bytes = NO_BYTES; HEAP.length = -1; }
        else { HEAP.id = hi; HEAP.view = R.view; HEAP.bytes = R.bytes; HEAP.length = R.bytes.length | 0; }
        HEAP.epoch = REGIONS_CHANGED[0];
      }
      // The heap's view and bytes cut to their first n > 0 bytes, for a bound below the
      // memory's length (translate.ts refreshLimit). The last cut is kept.
      const CUT = { from: NO_VIEW, length: 0, view: NO_VIEW, bytes: NO_BYTES };
      function CUT_HEAP(view, bytes, n) {
        if (CUT.from === view && CUT.length === n) return;
        CUT.from = view; CUT.length = n; CUT.view = new DataView(view.buffer, view.byteOffset, n); CUT.bytes = bytes.subarray(0, n);
      }
      // The same for the region of the last access through another base register (mostly
      // the vmctx): its id, the change count then and its view. An unmapped id throws a
      // TypeError, as the access would.
      const LAST_REGION = { id: -1, epoch: -1, view: NO_VIEW };
      function LAST_REGION_LOOKUP(hi) {
        const V = REG[hi >>> 0].view;
        LAST_REGION.id = hi; LAST_REGION.epoch = REGIONS_CHANGED[0]; LAST_REGION.view = V;
        return V;
      }
      // A region's view, or an empty one where nothing is mapped (translate.ts XV).
      function REGION_VIEW(hi) { const R = REG[hi >>> 0]; return R === undefined ? NO_VIEW : R.view; }
      const JIT = [];
      function CALLD(m, f, t) { if (m.jitDepth >= MAXD) return t; m.jitDepth++; const r = f(m); m.jitDepth--; return r; }
      function CALL(m, t) { const f = JIT[t]; return f === undefined ? t : CALLD(m, f, t); }
      function CALLI(m, lo, hi) {
        const R = REG[hi >>> 0];
        if (R === undefined || !R.isCode) return -2;
        if (R === CODE) return CALL(m, lo);
        m.enterCode(R);
        const t = rt.jitOf(R), f = t === undefined ? undefined : t[lo];
        return f === undefined ? lo : CALLD(m, f, lo);
      }`,
  }).trimEnd();
  return head;
}

/** A unit's factory: binds the generated functions to a machine and region, returns them by entry pc. */
export type JitFactory = (rt: UnitRuntime) => (JitFunction | undefined)[];

/**
 * Builds the function table with `new Function` (hosts that allow eval). The code is
 * named pulley://<region name>-<id>/unit.js in stack traces; with `debug` it is named
 * after debug.name and carries a source map to bytecode and wasm (codegen/sourcemap.ts).
 */
export function instantiateUnit(unit: GeneratedUnit, rt: UnitRuntime, debug?: JitDebugOptions): (JitFunction | undefined)[] {
  tuneEngineForGeneratedCode();
  const comments = debug ? jitDebugComments(unit, debug) : sourceUrlComment(`${rt.code.name}-${rt.code.id}`);
  const factory = new Function('rt', unit.factoryBody + comments) as (rt: UnitRuntime) => (JitFunction | undefined)[];
  return factory(rt);
}

/** An ES module exporting the factory: ship it, import it, no eval needed. */
export function aotModuleSource(unit: GeneratedUnit): string {
  return `// Generated by pulley-js: Pulley bytecode translated to JS.\nexport default function factory(rt) {\n${unit.factoryBody}\n}\n`;
}
