// Vector ops that move bits rather than compute: register moves and constants, splats,
// lane extract/insert, shuffle and swizzle, 128-bit bitwise logic, bitmask / all_true /
// any_true reductions and vselect. All go through integer views, so a float lane's NaN
// payload is never touched. Semantics as interp.rs of Pulley 35 (v35.0.0).

import { F_I32, type Machine } from '../machine.js';
import {
  binaryRegs, buildHandlers, commitScratch, type HandlerFactory, laneBase, laneViews, type LaneViews, operandAt,
  scratchU8, u16At, unaryRegs, vword,
} from './vector-lanes.js';
import { binDst, binSrc1, binSrc2, type OpHandlers } from './handler.js';

/** Reads operands named `names` (single registers or u8 immediates) and calls `body` with them. */
function withOperands(names: readonly string[], body: (m: Machine, views: LaneViews, ops: number[]) => void): HandlerFactory {
  return (op) => {
    const offsets = names.map((name) => operandAt(op, name));
    const ops = new Array<number>(names.length).fill(0);
    return (m, pc, next) => {
      for (let i = 0; i < offsets.length; i++) ops[i] = m.code[pc + offsets[i]!]!;
      body(m, laneViews(m), ops);
      return next;
    };
  };
}

// ## Moves, constants, select

function copyV(w: Int32Array, d: number, s: number): void {
  const dw = vword(d), sw = vword(s);
  w[dw] = w[sw]!; w[dw + 1] = w[sw + 1]!; w[dw + 2] = w[sw + 2]!; w[dw + 3] = w[sw + 3]!;
}

const vmov = unaryRegs((v, d, s) => copyV(v.i32, d, s));

const vconst128: HandlerFactory = (op) => {
  const dstAt = operandAt(op, 'dst'), immAt = operandAt(op, 'imm');
  return (m, pc, next) => {
    const dw = vword(m.code[pc + dstAt]!);
    const cv = m.codeView;
    for (let i = 0; i < 4; i++) m.i32[dw + i] = cv.getInt32(pc + immAt + 4 * i, true);
    return next;
  };
};

/** vselect: the whole register if_nonzero or if_zero, on the low 32 bits of x cond. */
const vselect = withOperands(['dst', 'cond', 'if_nonzero', 'if_zero'], (m, v, [d, cond, yes, no]) => {
  copyV(v.i32, d!, m.i32[2 * cond!] !== 0 ? yes! : no!);
});

// ## Splats

/** Splats the low `bytes` bytes of x register src (or, for floats, f register src). */
function splat(bytes: 1 | 2 | 4 | 8, fromF: boolean): HandlerFactory {
  return withOperands(['dst', 'src'], (m, v, [d, s]) => {
    const word = (fromF ? F_I32 : 0) + 2 * s!;
    const lo = m.i32[word]!, hi = m.i32[word + 1]!;
    const dw = vword(d!);
    if (bytes === 8) {
      v.i32[dw] = lo; v.i32[dw + 1] = hi; v.i32[dw + 2] = lo; v.i32[dw + 3] = hi;
      return;
    }
    const w = bytes === 4 ? lo : bytes === 2 ? (lo & 0xffff) * 0x10001 : (lo & 0xff) * 0x1010101;
    v.i32[dw] = w; v.i32[dw + 1] = w; v.i32[dw + 2] = w; v.i32[dw + 3] = w;
  });
}

// ## Lane extract / insert (lane indices are taken modulo the lane count)

/** Lane `lane` of v src into x or f register dst: a lane narrower than 64 bits writes the low word only. */
function extract(bytes: 1 | 2 | 4 | 8, toF: boolean): HandlerFactory {
  const count = 16 / bytes;
  return withOperands(['dst', 'src', 'lane'], (m, v, [d, s, lane]) => {
    const word = (toF ? F_I32 : 0) + 2 * d!;
    const i = lane! & (count - 1);
    if (bytes === 8) {
      const sw = vword(s!) + 2 * i;
      m.i32[word] = v.i32[sw]!;
      m.i32[word + 1] = v.i32[sw + 1]!;
    } else if (bytes === 4) m.i32[word] = v.i32[vword(s!) + i]!;
    else if (bytes === 2) m.i32[word] = v.u16[laneBase(s!, 1) + i]!;
    else m.i32[word] = v.u8[laneBase(s!, 0) + i]!;
  });
}

/** dst = src1 with lane `lane` replaced by the low `bytes` of x (or f) register src2. */
function insert(bytes: 1 | 2 | 4 | 8, fromF: boolean): HandlerFactory {
  const count = 16 / bytes;
  return (op) => {
    const opsAt = operandAt(op, 'operands'), laneAt = operandAt(op, 'lane');
    return (m, pc, next) => {
      const code = m.code;
      const ops = u16At(code, pc + opsAt);
      const i = code[pc + laneAt]! & (count - 1);
      const v = laneViews(m);
      const d = binDst(ops);
      const word = (fromF ? F_I32 : 0) + 2 * binSrc2(ops);
      const lo = m.i32[word]!, hi = m.i32[word + 1]!;
      copyV(v.i32, d, binSrc1(ops));
      if (bytes === 8) { v.i32[vword(d) + 2 * i] = lo; v.i32[vword(d) + 2 * i + 1] = hi; }
      else if (bytes === 4) v.i32[vword(d) + i] = lo;
      else if (bytes === 2) v.u16[laneBase(d, 1) + i] = lo;
      else v.u8[laneBase(d, 0) + i] = lo;
      return next;
    };
  };
}

// ## Shuffle and swizzle

/** Byte i of the LE mask picks byte i: 0..15 from src1, 16..31 from src2. */
const vshuffle: HandlerFactory = (op) => {
  const dstAt = operandAt(op, 'dst'), aAt = operandAt(op, 'src1'), bAt = operandAt(op, 'src2');
  const maskAt = operandAt(op, 'mask');
  return (m, pc, next) => {
    const code = m.code;
    const v = laneViews(m);
    const a = laneBase(code[pc + aAt]!, 0), b = laneBase(code[pc + bAt]!, 0);
    for (let i = 0; i < 16; i++) {
      const sel = code[pc + maskAt + i]! & 31; // Pulley panics on >= 32; the encoder never emits it
      scratchU8[i] = sel < 16 ? v.u8[a + sel]! : v.u8[b + sel - 16]!;
    }
    commitScratch(v, code[pc + dstAt]!);
    return next;
  };
};

/** Byte i = src1[src2[i]] when src2[i] < 16 (as unsigned), else 0. */
const vswizzle = binaryRegs((v, d, a, b) => {
  const al = laneBase(a, 0), bl = laneBase(b, 0);
  for (let i = 0; i < 16; i++) {
    const idx = v.u8[bl + i]!;
    scratchU8[i] = idx < 16 ? v.u8[al + idx]! : 0;
  }
  commitScratch(v, d);
});

// ## Bitwise

function bitwise(f: (a: number, b: number) => number): HandlerFactory {
  return binaryRegs((v, d, a, b) => {
    const w = v.i32;
    const dw = vword(d), aw = vword(a), bw = vword(b);
    for (let i = 0; i < 4; i++) w[dw + i] = f(w[aw + i]!, w[bw + i]!);
  });
}

const vbnot128 = unaryRegs((v, d, s) => {
  const w = v.i32;
  const dw = vword(d), sw = vword(s);
  for (let i = 0; i < 4; i++) w[dw + i] = ~w[sw + i]!;
});

/** (c & x) | (~c & y), bit by bit. */
const vbitselect128 = withOperands(['dst', 'c', 'x', 'y'], (_m, v, [d, c, x, y]) => {
  const w = v.i32;
  const dw = vword(d!), cw = vword(c!), xw = vword(x!), yw = vword(y!);
  for (let i = 0; i < 4; i++) w[dw + i] = (w[cw + i]! & w[xw + i]!) | (~w[cw + i]! & w[yw + i]!);
});

// ## Reductions into x registers (32-bit results: the low word only)

type IntLane = 'u8' | 'u16' | 'u32';

/** Bit i of the result is the top bit of lane i. */
function bitmask(lane: IntLane | 'u64'): HandlerFactory {
  return withOperands(['dst', 'src'], (m, v, [d, s]) => {
    let result = 0;
    if (lane === 'u64') {
      const sw = vword(s!);
      result = (v.i32[sw + 1]! >>> 31) | ((v.i32[sw + 3]! >>> 31) << 1);
    } else {
      const shift = lane === 'u8' ? 0 : lane === 'u16' ? 1 : 2;
      const top = (8 << shift) - 1;
      const view = v[lane];
      const base = laneBase(s!, shift);
      for (let i = (16 >> shift) - 1; i >= 0; i--) result = (result << 1) | (view[base + i]! >>> top);
    }
    m.i32[2 * d!] = result;
  });
}

/** all_true (every lane nonzero) or any_true (some lane nonzero), as 1 / 0. */
function laneTest(lane: IntLane | 'u64', all: boolean): HandlerFactory {
  return withOperands(['dst', 'src'], (m, v, [d, s]) => {
    let result: boolean;
    if (lane === 'u64') {
      const sw = vword(s!);
      const lane0 = (v.i32[sw]! | v.i32[sw + 1]!) !== 0, lane1 = (v.i32[sw + 2]! | v.i32[sw + 3]!) !== 0;
      result = all ? lane0 && lane1 : lane0 || lane1;
    } else {
      const shift = lane === 'u8' ? 0 : lane === 'u16' ? 1 : 2;
      const view = v[lane];
      const base = laneBase(s!, shift);
      result = all;
      for (let i = 0; i < 16 >> shift; i++) {
        if ((view[base + i] !== 0) !== all) { result = !all; break; }
      }
    }
    m.i32[2 * d!] = result ? 1 : 0;
  });
}

// ## The ops

export const vectorMoveOps: OpHandlers = buildHandlers({
  vmov,
  vconst128,
  vselect,
  vsplatx8: splat(1, false),
  vsplatx16: splat(2, false),
  vsplatx32: splat(4, false),
  vsplatx64: splat(8, false),
  vsplatf32: splat(4, true),
  vsplatf64: splat(8, true),
  xextractv8x16: extract(1, false),
  xextractv16x8: extract(2, false),
  xextractv32x4: extract(4, false),
  xextractv64x2: extract(8, false),
  fextractv32x4: extract(4, true),
  fextractv64x2: extract(8, true),
  vinsertx8: insert(1, false),
  vinsertx16: insert(2, false),
  vinsertx32: insert(4, false),
  vinsertx64: insert(8, false),
  vinsertf32: insert(4, true),
  vinsertf64: insert(8, true),
  vshuffle,
  vswizzlei8x16: vswizzle,
  vband128: bitwise((a, b) => a & b),
  vbor128: bitwise((a, b) => a | b),
  vbxor128: bitwise((a, b) => a ^ b),
  vbnot128,
  vbitselect128,
  vbitmask8x16: bitmask('u8'),
  vbitmask16x8: bitmask('u16'),
  vbitmask32x4: bitmask('u32'),
  vbitmask64x2: bitmask('u64'),
  valltrue8x16: laneTest('u8', true),
  valltrue16x8: laneTest('u16', true),
  valltrue32x4: laneTest('u32', true),
  valltrue64x2: laneTest('u64', true),
  vanytrue8x16: laneTest('u8', false),
  vanytrue16x8: laneTest('u16', false),
  vanytrue32x4: laneTest('u32', false),
  vanytrue64x2: laneTest('u64', false),
});
