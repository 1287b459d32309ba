// ByteWriter grows its buffer as it goes; every write that lands on a growth must keep
// its bytes. Expected bytes are written out by hand.
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/format/writer.js';

describe('ByteWriter', () => {
  it('keeps the byte written at each growth of the buffer', () => {
    const w = new ByteWriter(4);
    for (let v = 1; v <= 10; v++) w.u8(v);
    expect([...w.finish()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps fixed-width values that straddle a growth, little-endian', () => {
    const w = new ByteWriter(3);
    w.u16(0x0201);
    w.u32(0x06050403);
    w.u64(0x0e0d0c0b0a090807n);
    w.u16(0x100f);
    expect([...w.finish()]).toEqual([...Array(16).keys()].map((i) => i + 1));
  });

  it('keeps raw bytes, u32 arrays and LEB128 across growths', () => {
    const w = new ByteWriter(2);
    w.raw(new Uint8Array([9, 8, 7]));
    w.u32Array([0x04030201]);
    w.leb(300);
    expect([...w.finish()]).toEqual([9, 8, 7, 1, 1, 2, 3, 4, 0xac, 0x02]);
  });
});
