// Scalar loads and stores (x and f registers) in every addressing mode of Pulley 35:
//   o32     base register + signed 32-bit offset
//   z       as o32, but a null base traps
//   g32     wasm linear memory: base + u32 wasm address + u16 offset, bounds-checked
//           against a bound held in a register
//   g32bne  as g32, with the bound loaded from memory (bound register + u8 offset)
// Accesses go through Machine.resolve, so any byte outside a mapped region traps
// MemoryOutOfBounds (our emulation's safety net, beyond the bytecode's own checks).
// Values move as raw bits through int32 words: a float load never canonicalizes a NaN.

import { ALL_OPS, type OpInfo } from '../../src/isa/ops.js';
import { F_I32, type Machine, TrapKind, TrapSignal, X_I32 } from '../machine.js';
import type { Handler, OpHandlers } from './handler.js';

// ## Addressing modes: each returns the byte offset inside m.accessRegion

function addrO32(m: Machine, code: Uint8Array, view: DataView, at: number, size: number): number {
  const base = code[at]!;
  return m.resolve(m.i32[2 * base]!, m.i32[2 * base + 1]!, view.getInt32(at + 1, true), size);
}

function addrZ(m: Machine, code: Uint8Array, view: DataView, at: number, size: number): number {
  const base = code[at]!;
  const lo = m.i32[2 * base]!;
  const hi = m.i32[2 * base + 1]!;
  if (lo === 0 && hi === 0) throw new TrapSignal(TrapKind.MemoryOutOfBounds);
  return m.resolve(lo, hi, view.getInt32(at + 1, true), size);
}

/** The wasm-level bounds check shared by g32 and g32bne: `wasm_addr > bound - offset - size` traps. */
function heapAccess(m: Machine, baseReg: number, wasmReg: number, bound: number, offset: number, size: number): number {
  const wasmAddr = m.u32[2 * wasmReg]!;
  if (wasmAddr > bound - offset - size) throw new TrapSignal(TrapKind.MemoryOutOfBounds);
  return m.resolve(m.i32[2 * baseReg]!, m.i32[2 * baseReg + 1]!, wasmAddr + offset, size);
}

function addrG32(m: Machine, _code: Uint8Array, view: DataView, at: number, size: number): number {
  const bits = view.getUint32(at, true);
  const boundReg = (bits >>> 21) & 31;
  const bound = m.u32[2 * boundReg + 1]! * 0x100000000 + m.u32[2 * boundReg]!;
  return heapAccess(m, (bits >>> 26) & 31, (bits >>> 16) & 31, bound, bits & 0xffff, size);
}

function addrG32Bne(m: Machine, _code: Uint8Array, view: DataView, at: number, size: number): number {
  const bits = view.getUint32(at, true);
  const boundAddrReg = (bits >>> 21) & 31;
  const boundAt = m.resolve(m.i32[2 * boundAddrReg]!, m.i32[2 * boundAddrReg + 1]!, (bits >>> 8) & 0xff, 8);
  const boundView = m.accessRegion.view;
  const bound = boundView.getUint32(boundAt + 4, true) * 0x100000000 + boundView.getUint32(boundAt, true);
  return heapAccess(m, (bits >>> 26) & 31, (bits >>> 16) & 31, bound, bits & 0xff, size);
}

const enum Mode { O32, Z, G32, G32Bne }
const MODES: Readonly<Record<string, Mode>> = { o32: Mode.O32, z: Mode.Z, g32: Mode.G32, g32bne: Mode.G32Bne };

/** One call site per handler, switching on a captured mode: cheaper than a polymorphic call. */
function effectiveAddress(mode: Mode, m: Machine, code: Uint8Array, view: DataView, at: number, size: number): number {
  switch (mode) {
    case Mode.O32: return addrO32(m, code, view, at, size);
    case Mode.Z: return addrZ(m, code, view, at, size);
    case Mode.G32: return addrG32(m, code, view, at, size);
    case Mode.G32Bne: return addrG32Bne(m, code, view, at, size);
  }
}

// ## Value transfer between a register (i32 index of its low word) and memory

/** How a value is laid out: its width and, for narrow loads, how it extends into 32 bits. */
const enum Access { U8, S8, U16, S16, W32, W64 }

function readValue(regs: Int32Array, reg: number, view: DataView, off: number, access: Access, le: boolean): void {
  switch (access) {
    case Access.U8: regs[reg] = view.getUint8(off); break;
    case Access.S8: regs[reg] = view.getInt8(off); break;
    case Access.U16: regs[reg] = view.getUint16(off, le); break;
    case Access.S16: regs[reg] = view.getInt16(off, le); break;
    case Access.W32: regs[reg] = view.getInt32(off, le); break;
    case Access.W64:
      regs[reg] = view.getInt32(le ? off : off + 4, le);
      regs[reg + 1] = view.getInt32(le ? off + 4 : off, le);
      break;
  }
}

function writeValue(regs: Int32Array, reg: number, view: DataView, off: number, access: Access, le: boolean): void {
  switch (access) {
    case Access.U8: case Access.S8: view.setUint8(off, regs[reg]! & 0xff); break;
    case Access.U16: case Access.S16: view.setUint16(off, regs[reg]! & 0xffff, le); break;
    case Access.W32: view.setInt32(off, regs[reg]!, le); break;
    case Access.W64:
      view.setInt32(le ? off : off + 4, regs[reg]!, le);
      view.setInt32(le ? off + 4 : off, regs[reg + 1]!, le);
      break;
  }
}

// ## Handlers, one per load/store op of the op table

const SCALAR_ACCESS = /^([xf])(load|store)(8|16|32|64)(le|be)?(?:_([us])32)?_(o32|z|g32|g32bne)$/;

function accessOf(width: string, sign: string | undefined): Access {
  switch (width) {
    case '8': return sign === 's' ? Access.S8 : Access.U8;
    case '16': return sign === 's' ? Access.S16 : Access.U16;
    case '32': return Access.W32;
    default: return Access.W64;
  }
}

const SIZES: Readonly<Record<string, number>> = { '8': 1, '16': 2, '32': 4, '64': 8 };

function accessHandler(op: OpInfo, match: RegExpMatchArray): Handler {
  const [, regClass, action, width, endian, sign, mode] = match;
  const addressMode = MODES[mode!]!;
  const access = accessOf(width!, sign);
  const size = SIZES[width!]!;
  const le = endian !== 'be';
  const regBase = regClass === 'f' ? F_I32 : X_I32;
  const regAt = op.operands.find((o) => o.name === (action === 'load' ? 'dst' : 'src'))!.offset;
  const addrAt = op.operands.find((o) => o.name === 'addr')!.offset;
  if (action === 'load') {
    return (m, pc, next) => {
      const code = m.code;
      const off = effectiveAddress(addressMode, m, code, m.codeView, pc + addrAt, size);
      readValue(m.i32, regBase + 2 * code[pc + regAt]!, m.accessRegion.view, off, access, le);
      return next;
    };
  }
  return (m, pc, next) => {
    const code = m.code;
    const off = effectiveAddress(addressMode, m, code, m.codeView, pc + addrAt, size);
    writeValue(m.i32, regBase + 2 * code[pc + regAt]!, m.accessRegion.view, off, access, le);
    return next;
  };
}

function buildMemoryOps(): OpHandlers {
  const handlers: Record<string, Handler> = {};
  for (const op of ALL_OPS) {
    const match = SCALAR_ACCESS.exec(op.mnemonic);
    if (match) handlers[op.mnemonic] = accessHandler(op, match);
  }
  return handlers;
}

export const memoryOps: OpHandlers = buildMemoryOps();

// ## 64-bit stack slots, for the frame ops in ./control.ts

/** Reads the 8 bytes at address (lo, hi) + offset into register-file words regs[reg], regs[reg + 1]. */
export function load64(m: Machine, lo: number, hi: number, offset: number, reg: number): void {
  const off = m.resolve(lo, hi, offset, 8);
  readValue(m.i32, reg, m.accessRegion.view, off, Access.W64, true);
}

/** Writes words regs[reg], regs[reg + 1] to the 8 bytes at address (lo, hi) + offset. */
export function store64(m: Machine, lo: number, hi: number, offset: number, reg: number): void {
  const off = m.resolve(lo, hi, offset, 8);
  writeValue(m.i32, reg, m.accessRegion.view, off, Access.W64, true);
}
