// Lane views of the v registers and the handler shapes shared by the vector ops.
//
// A v register is 16 bytes of the register file (little-endian lanes), so every lane
// type is a typed array over the whole register file; v register r's lane 0 of width
// `bytes` sits at index (V_BYTE + 16r) / bytes. The views are made once per Machine.

import { opByMnemonic, type OpInfo } from '../../src/isa/ops.js';
import { type Machine, V_BYTE } from '../machine.js';
import { binDst, binSrc1, binSrc2, type Handler } from './handler.js';

export interface LaneViews {
  readonly i8: Int8Array;
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

export type LaneType = keyof LaneViews;

/** Lane width in bytes, as a shift: lane index = byte index >> shift. */
export const LANE_SHIFT: Readonly<Record<LaneType, number>> = {
  i8: 0, u8: 0, i16: 1, u16: 1, i32: 2, u32: 2, f32: 2, f64: 3,
};

const viewsByMachine = new WeakMap<Machine, LaneViews>();
// One-entry cache in front of the WeakMap: a run uses one Machine for many instructions.
let lastMachine: Machine | undefined;
let lastViews: LaneViews | undefined;

export function laneViews(m: Machine): LaneViews {
  if (m === lastMachine) return lastViews!;
  let views = viewsByMachine.get(m);
  if (views === undefined) {
    const buf = m.regfile;
    views = {
      i8: new Int8Array(buf), u8: new Uint8Array(buf),
      i16: new Int16Array(buf), u16: new Uint16Array(buf),
      i32: new Int32Array(buf), u32: new Uint32Array(buf),
      f32: new Float32Array(buf), f64: new Float64Array(buf),
    };
    viewsByMachine.set(m, views);
  }
  lastMachine = m;
  lastViews = views;
  return views;
}

/** Index of lane 0 of v register `r` in a view whose lanes are 1 << shift bytes wide. */
export function laneBase(r: number, shift: number): number {
  return (V_BYTE + 16 * r) >> shift;
}

/** Index of v register `r`'s first 32-bit word in an Int32Array over the register file. */
export function vword(r: number): number {
  return (V_BYTE >> 2) + 4 * r;
}

// ## Building handlers from the op table

/** Makes the handler for one op, reading its operand offsets from the op table. */
export type HandlerFactory = (op: OpInfo) => Handler;

/** Builds handlers for a table of `mnemonic: factory`; the mnemonics must be Pulley 35 ops. */
export function buildHandlers(table: Readonly<Record<string, HandlerFactory>>): Record<string, Handler> {
  const handlers: Record<string, Handler> = {};
  for (const [mnemonic, factory] of Object.entries(table)) handlers[mnemonic] = factory(opByMnemonic(mnemonic));
  return handlers;
}

/** Byte offset (from the instruction start) of the operand named `name`. */
export function operandAt(op: OpInfo, name: string): number {
  const operand = op.operands.find((o) => o.name === name);
  if (!operand) throw new Error(`op table: ${op.mnemonic} has no operand '${name}'`);
  return operand.offset;
}

/** The little-endian u16 at `at` (BinaryOperands). */
export function u16At(code: Uint8Array, at: number): number {
  return code[at]! | (code[at + 1]! << 8);
}

/**
 * `dst = f(src1, src2)` lane by lane for `operands:BinaryOperands<VReg>`. Output lane i
 * depends only on input lanes i, so dst may alias a source. `out` is the view the result
 * is written through (same lane width: a comparison writes an all-ones mask as -1).
 */
export function binaryLanes(lane: LaneType, f: (a: number, b: number) => number, out: LaneType = lane): HandlerFactory {
  const shift = LANE_SHIFT[lane];
  const count = 16 >> shift;
  return (op) => {
    const at = operandAt(op, 'operands');
    return (m, pc, next) => {
      const ops = u16At(m.code, pc + at);
      const views = laneViews(m);
      const src = views[lane];
      const dst = views[out];
      const d = laneBase(binDst(ops), shift);
      const a = laneBase(binSrc1(ops), shift);
      const b = laneBase(binSrc2(ops), shift);
      for (let i = 0; i < count; i++) dst[d + i] = f(src[a + i]!, src[b + i]!);
      return next;
    };
  };
}

/** `dst = f(src)` lane by lane for `dst:VReg src:VReg`, same lane width in and out. */
export function unaryLanes(lane: LaneType, f: (a: number) => number, out: LaneType = lane): HandlerFactory {
  const shift = LANE_SHIFT[lane];
  const count = 16 >> shift;
  return (op) => {
    const dstAt = operandAt(op, 'dst');
    const srcAt = operandAt(op, 'src');
    return (m, pc, next) => {
      const views = laneViews(m);
      const src = views[lane];
      const dst = views[out];
      const d = laneBase(m.code[pc + dstAt]!, shift);
      const a = laneBase(m.code[pc + srcAt]!, shift);
      for (let i = 0; i < count; i++) dst[d + i] = f(src[a + i]!);
      return next;
    };
  };
}

/** Registers of a `dst:VReg src:VReg` op: the handler gets (views, dst reg, src reg). */
export function unaryRegs(body: (views: LaneViews, dst: number, src: number, m: Machine) => void): HandlerFactory {
  return (op) => {
    const dstAt = operandAt(op, 'dst');
    const srcAt = operandAt(op, 'src');
    return (m, pc, next) => {
      body(laneViews(m), m.code[pc + dstAt]!, m.code[pc + srcAt]!, m);
      return next;
    };
  };
}

/** Registers of an `operands:BinaryOperands<...>` op: the handler gets (views, dst, src1, src2). */
export function binaryRegs(body: (views: LaneViews, dst: number, src1: number, src2: number, m: Machine) => void): HandlerFactory {
  return (op) => {
    const at = operandAt(op, 'operands');
    return (m, pc, next) => {
      const ops = u16At(m.code, pc + at);
      body(laneViews(m), binDst(ops), binSrc1(ops), binSrc2(ops), m);
      return next;
    };
  };
}

/** Scratch for ops whose output lanes cross input lanes (narrow, widen, shuffle...). */
export const scratch = new ArrayBuffer(16);
export const scratchU8 = new Uint8Array(scratch);
export const scratchI32 = new Int32Array(scratch);

/** Copies the 16 scratch bytes into v register `r`. */
export function commitScratch(views: LaneViews, r: number): void {
  const d = vword(r);
  views.i32[d] = scratchI32[0]!;
  views.i32[d + 1] = scratchI32[1]!;
  views.i32[d + 2] = scratchI32[2]!;
  views.i32[d + 3] = scratchI32[3]!;
}
