// Runs one scalar op on a fresh Machine: encodes it from the op table, executes its
// handler, and exposes the register file as 64-bit values. Shared by the ops-scalar tests.

import { opByMnemonic } from '../../src/isa/ops.js';
import { F_F64, Machine, TrapSignal } from '../../runtime/machine.js';
import { floatOps } from '../../runtime/ops/float.js';
import { intOps } from '../../runtime/ops/int.js';

export const scalarOps = { ...intOps, ...floatOps };

/** Fills the untouched half of 32-bit destinations, so tests can see it was kept. */
export const FILL = 0xaaaaaaaa_bbbbbbbbn;
export const FILL_HI = FILL >> 32n;

export type Operand = number | bigint | [number, number, number];

/** Encodes `mnemonic` with its operands in declaration order (BinaryOperands as [dst, src1, src2]). */
export function encode(mnemonic: string, operands: Operand[]): Uint8Array {
  const op = opByMnemonic(mnemonic);
  const bytes = new Uint8Array(op.size);
  const view = new DataView(bytes.buffer);
  if (op.extended) {
    bytes[0] = 0xdb; // EXTENDED_OP_PREFIX
    view.setUint16(1, op.opcode, true);
  } else {
    bytes[0] = op.opcode;
  }
  op.operands.forEach((o, i) => {
    const v = operands[i];
    if (v === undefined) throw new Error(`${mnemonic}: missing operand ${o.name}`);
    if (Array.isArray(v)) view.setUint16(o.offset, v[0] | (v[1] << 5) | (v[2] << 10), true);
    else if (o.size === 8) view.setBigUint64(o.offset, BigInt.asUintN(64, BigInt(v)), true);
    else if (o.size === 4) view.setUint32(o.offset, Number(BigInt.asUintN(32, BigInt(v))), true);
    else if (o.size === 2) view.setUint16(o.offset, Number(v) & 0xffff, true);
    else if (o.size === 1) bytes[o.offset] = Number(v) & 0xff;
    else throw new Error(`${mnemonic}: operand ${o.name} of size ${o.size}`);
  });
  return bytes;
}

const shared = new Machine({ stackSize: 64 });

export interface Regs { x?: Record<number, bigint>; f?: Record<number, bigint> }

/** A machine whose x and f registers all hold FILL, then `regs` (64-bit patterns). */
export function machineWith(regs: Regs): Machine {
  const m = shared; // reset rather than rebuilt: the random tests run many thousands of ops
  for (let r = 0; r < 32; r++) { m.u64[r] = FILL; m.u64[F_F64 + r] = FILL; }
  for (const [r, v] of Object.entries(regs.x ?? {})) m.u64[Number(r)] = BigInt.asUintN(64, v);
  for (const [r, v] of Object.entries(regs.f ?? {})) m.u64[F_F64 + Number(r)] = BigInt.asUintN(64, v);
  return m;
}

/** Runs one instruction; returns the machine, or the TrapSignal it threw. */
export function exec(m: Machine, mnemonic: string, operands: Operand[]): Machine | TrapSignal {
  const handler = scalarOps[mnemonic];
  if (!handler) throw new Error(`no handler for ${mnemonic}`);
  const code = encode(mnemonic, operands);
  // Put the instruction at a non-zero pc so handlers must add pc to operand offsets.
  const bytes = new Uint8Array(code.length + 5);
  bytes.set(code, 5);
  const region = m.space.map('code', bytes);
  m.enterCode(region);
  try {
    const next = handler(m, 5, 5 + code.length);
    if (next !== 5 + code.length) throw new Error(`${mnemonic} returned pc ${next}`);
    return m;
  } catch (e) {
    if (e instanceof TrapSignal) return e;
    throw e;
  } finally {
    m.space.unmap(region);
  }
}

export const xreg = (m: Machine, r: number): bigint => m.u64[r]!;
export const freg = (m: Machine, r: number): bigint => m.u64[F_F64 + r]!;
export const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
/** A 32-bit result as the whole register: the given low word under the kept FILL high word. */
export const low32 = (v: bigint | number): bigint => (FILL_HI << 32n) | BigInt.asUintN(32, BigInt(v));

export function f32bits(v: number): bigint {
  const a = new Float32Array([v]);
  return BigInt(new Uint32Array(a.buffer)[0]!);
}
export function f64bits(v: number): bigint {
  return new BigUint64Array(new Float64Array([v]).buffer)[0]!;
}
