// Shared by the vector op tests: run one assembled instruction through its vector
// handler, and read / write v register lanes of any type.

import { expect } from 'vitest';
import { assemble } from '../../src/isa/asm.js';
import { decodeOpcode } from '../../src/isa/decode.js';
import { type Machine, V_BYTE } from '../../runtime/machine.js';
import { vectorOps } from '../../runtime/ops/vector.js';

export type Lane = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64' | 'i64' | 'u64';

const VIEWS = {
  i8: Int8Array, u8: Uint8Array, i16: Int16Array, u16: Uint16Array, i32: Int32Array, u32: Uint32Array,
  f32: Float32Array, f64: Float64Array, i64: BigInt64Array, u64: BigUint64Array,
} as const;

function lanes(m: Machine, lane: Lane, r: number): { [i: number]: number | bigint; length: number } {
  const View = VIEWS[lane];
  return new View(m.regfile, V_BYTE + 16 * r, 16 / View.BYTES_PER_ELEMENT) as never;
}

export function setV(m: Machine, r: number, lane: Lane, values: readonly (number | bigint)[]): void {
  const view = lanes(m, lane, r);
  values.forEach((v, i) => { view[i] = v; });
}

export function getV(m: Machine, r: number, lane: Lane): (number | bigint)[] {
  return Array.from(lanes(m, lane, r) as ArrayLike<number | bigint>);
}

/** Assembles one instruction and runs its vector handler on `m` (a trap throws TrapSignal). */
export function exec(m: Machine, text: string): void {
  const code = assemble(text);
  const region = m.space.mapCode('test', code);
  m.enterCode(region);
  try {
    const op = decodeOpcode(code, 0);
    const handler = vectorOps[op.mnemonic];
    if (!handler) throw new Error(`no vector handler for ${op.mnemonic}`);
    expect(handler(m, 0, op.size)).toBe(op.size);
  } finally {
    m.space.unmap(region);
  }
}
