// A seeded generator of random operand values for every operand type (test helper).

import type { OpInfo, OperandType } from '../../src/isa/ops.js';
import type { OperandValue } from '../../src/isa/operands.js';

/** mulberry32: small, fast, reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class OperandGen {
  constructor(private readonly random: () => number) {}

  int(min: number, max: number): number {
    // Edges a third of the time: that is where sign and width mistakes show.
    const r = this.random();
    if (r < 0.15) return min;
    if (r < 0.3) return max;
    return min + Math.floor(this.random() * (max - min + 1));
  }

  bits(n: number): bigint {
    let v = 0n;
    for (let i = 0; i < n; i += 16) v = (v << 16n) | BigInt(this.int(0, 0xffff));
    return BigInt.asUintN(n, v);
  }

  reg(): number {
    return this.int(0, 31);
  }

  operand(type: OperandType): OperandValue {
    switch (type) {
      case 'XReg': case 'FReg': case 'VReg': return this.reg();
      case 'u8': return this.int(0, 0xff);
      case 'i8': return this.int(-0x80, 0x7f);
      case 'u16': return this.int(0, 0xffff);
      case 'i16': return this.int(-0x8000, 0x7fff);
      case 'u32': return this.int(0, 0xffff_ffff);
      case 'i32': case 'PcRelOffset': return this.int(-0x8000_0000, 0x7fff_ffff);
      case 'u64': return this.bits(64);
      case 'i64': return BigInt.asIntN(64, this.bits(64));
      case 'u128': return this.bits(128);
      case 'UpperRegSet<XReg>': return this.int(0, 0xffff);
      case 'BinaryOperands<XReg,XReg,U6>': return { dst: this.reg(), src1: this.reg(), src2: this.int(0, 63) };
      case 'BinaryOperands<XReg>': case 'BinaryOperands<FReg>': case 'BinaryOperands<VReg>':
      case 'BinaryOperands<VReg,VReg,XReg>': case 'BinaryOperands<VReg,VReg,FReg>':
        return { dst: this.reg(), src1: this.reg(), src2: this.reg() };
      case 'AddrO32': case 'AddrZ': return { base: this.reg(), offset: this.int(-0x8000_0000, 0x7fff_ffff) };
      case 'AddrG32':
        return { hostHeapBase: this.reg(), hostHeapBound: this.reg(), wasmAddr: this.reg(), offset: this.int(0, 0xffff) };
      case 'AddrG32Bne':
        return {
          hostHeapBase: this.reg(), hostHeapBoundAddr: this.reg(), hostHeapBoundOffset: this.int(0, 0xff),
          wasmAddr: this.reg(), offset: this.int(0, 0xff),
        };
    }
  }

  operands(op: OpInfo): OperandValue[] {
    return op.operands.map((o) => this.operand(o.type));
  }
}
