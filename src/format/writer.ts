// A growable little-endian byte buffer for writing .pulley files: LEB128 for counts,
// indices and offsets (small), fixed widths for constants' bits and the pc tables.

const utf8 = new TextEncoder();

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes; returns the offset they start at. */
  private reserve(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(2 * this.buf.length, at + n));
      bigger.set(this.buf.subarray(0, at));
      this.buf = bigger;
      this.view = new DataView(bigger.buffer);
    }
    this.length = at + n;
    return at;
  }

  u8(v: number): void {
    const at = this.reserve(1); // first: reserve may replace this.buf
    this.buf[at] = v;
  }
  u16(v: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, v, true);
  }
  u32(v: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, v >>> 0, true);
  }
  u64(v: bigint): void {
    const at = this.reserve(8);
    this.view.setBigUint64(at, BigInt.asUintN(64, v), true);
  }

  /** Unsigned LEB128 of a u32. */
  leb(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`ByteWriter.leb: ${v} is not a u32`);
    do {
      const byte = v & 0x7f;
      v = Math.floor(v / 128);
      this.u8(v === 0 ? byte : byte | 0x80);
    } while (v !== 0);
  }

  bool(v: boolean): void {
    this.u8(v ? 1 : 0);
  }

  /** Length-prefixed raw bytes. */
  bytes(b: Uint8Array): void {
    this.leb(b.length);
    this.raw(b);
  }
  raw(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  /** Length-prefixed UTF-8. */
  string(s: string): void {
    this.bytes(utf8.encode(s));
  }

  /** A u32 array: LEB count, then fixed 4-byte little-endian entries (read back in bulk). */
  u32Array(a: ArrayLike<number>): void {
    this.leb(a.length);
    const at = this.reserve(4 * a.length);
    for (let i = 0; i < a.length; i++) this.view.setUint32(at + 4 * i, a[i]! >>> 0, true);
  }

  /** Overwrites a u32 written earlier (e.g. a length or checksum known only at the end). */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
