// Vector loads and stores: 128-bit little-endian in the o32, z and g32 addressing modes,
// and the extending 64-bit loads (8x8, 16x4, 32x2, signed or unsigned) in mode z.
// Address modes as interp.rs of Pulley 35 (see the shared optable.json operand_encodings):
//   o32  base + i32 offset, no check
//   z    as o32, but a null base traps MemoryOutOfBounds
//   g32  base + u32 wasm address + u16 offset; traps if wasm address > bound - offset - size
// Machine.resolve is the safety net on every access: nothing outside a mapped region.

import { type OpInfo } from '../../src/isa/ops.js';
import { type Machine, TrapKind, TrapSignal } from '../machine.js';
import { buildHandlers, type HandlerFactory, laneBase, laneViews, operandAt, vword } from './vector-lanes.js';
import type { Handler, OpHandlers } from './handler.js';

/** Resolves the address operand at byte `at` of the code for a `size`-byte access. */
type AddressMode = (m: Machine, at: number, size: number) => number;

const addrO32: AddressMode = (m, at, size) => {
  const base = m.code[at]!;
  return m.resolve(m.i32[2 * base]!, m.i32[2 * base + 1]!, m.codeView.getInt32(at + 1, true), size);
};

const addrZ: AddressMode = (m, at, size) => {
  const base = m.code[at]!;
  const lo = m.i32[2 * base]!, hi = m.i32[2 * base + 1]!;
  if (lo === 0 && hi === 0) throw new TrapSignal(TrapKind.MemoryOutOfBounds);
  return m.resolve(lo, hi, m.codeView.getInt32(at + 1, true), size);
};

const addrG32: AddressMode = (m, at, size) => {
  const bits = m.codeView.getUint32(at, true);
  const offset = bits & 0xffff;
  const wasmAddr = m.u32[2 * ((bits >>> 16) & 31)]!;
  const boundReg = (bits >>> 21) & 31;
  const bound = m.u32[2 * boundReg + 1]! * 0x100000000 + m.u32[2 * boundReg]!;
  // Pulley assumes bound >= offset + size; if not, its unsigned subtraction wraps and passes.
  const limit = bound - offset - size;
  if (limit >= 0 && wasmAddr > limit) throw new TrapSignal(TrapKind.MemoryOutOfBounds);
  const baseReg = (bits >>> 26) & 31;
  return m.resolve(m.i32[2 * baseReg]!, m.i32[2 * baseReg + 1]!, wasmAddr + offset, size);
};

function addressMode(op: OpInfo): AddressMode {
  const type = op.operands.find((o) => o.name === 'addr')!.type;
  switch (type) {
    case 'AddrO32': return addrO32;
    case 'AddrZ': return addrZ;
    case 'AddrG32': return addrG32;
    default: throw new Error(`vector memory: ${op.mnemonic} has unsupported address type ${type}`);
  }
}

const load128: HandlerFactory = (op) => {
  const address = addressMode(op);
  const addrAt = operandAt(op, 'addr'), dstAt = operandAt(op, 'dst');
  return (m, pc, next) => {
    const off = address(m, pc + addrAt, 16);
    const view = m.accessRegion.view;
    const dw = vword(m.code[pc + dstAt]!);
    for (let i = 0; i < 4; i++) m.i32[dw + i] = view.getInt32(off + 4 * i, true);
    return next;
  };
};

const store128: HandlerFactory = (op) => {
  const address = addressMode(op);
  const addrAt = operandAt(op, 'addr'), srcAt = operandAt(op, 'src');
  return (m, pc, next) => {
    const off = address(m, pc + addrAt, 16);
    const view = m.accessRegion.view;
    const sw = vword(m.code[pc + srcAt]!);
    for (let i = 0; i < 4; i++) view.setInt32(off + 4 * i, m.i32[sw + i]!, true);
    return next;
  };
};

/** Loads 8 bytes as `count` lanes of `bytes` each, extended to twice their width. */
function loadExtend(bytes: 1 | 2 | 4, signed: boolean): HandlerFactory {
  const count = 8 / bytes;
  return (op): Handler => {
    const address = addressMode(op);
    const addrAt = operandAt(op, 'addr'), dstAt = operandAt(op, 'dst');
    return (m, pc, next) => {
      const off = address(m, pc + addrAt, 8);
      const view = m.accessRegion.view;
      const d = m.code[pc + dstAt]!;
      const lanes = laneViews(m);
      if (bytes === 4) {
        const dw = vword(d);
        for (let i = 0; i < 2; i++) {
          const x = view.getInt32(off + 4 * i, true);
          m.i32[dw + 2 * i] = x;
          m.i32[dw + 2 * i + 1] = signed ? x >> 31 : 0;
        }
      } else if (bytes === 2) {
        const base = laneBase(d, 2);
        for (let i = 0; i < count; i++) {
          lanes.i32[base + i] = signed ? view.getInt16(off + 2 * i, true) : view.getUint16(off + 2 * i, true);
        }
      } else {
        const base = laneBase(d, 1);
        for (let i = 0; i < count; i++) lanes.i16[base + i] = signed ? view.getInt8(off + i) : view.getUint8(off + i);
      }
      return next;
    };
  };
}

export const vectorMemoryOps: OpHandlers = buildHandlers({
  vload128le_o32: load128,
  vload128le_z: load128,
  vload128le_g32: load128,
  vstore128le_o32: store128,
  vstore128le_z: store128,
  vstore128le_g32: store128,
  vload8x8_s_z: loadExtend(1, true),
  vload8x8_u_z: loadExtend(1, false),
  vload16x4le_s_z: loadExtend(2, true),
  vload16x4le_u_z: loadExtend(2, false),
  vload32x2le_s_z: loadExtend(4, true),
  vload32x2le_u_z: loadExtend(4, false),
});
