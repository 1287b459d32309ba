// A bounds-checked cursor over one section of a .pulley file. Every read checks the
// section's end, every count is checked against the bytes left before anything is
// allocated, and every failure is a PulleyFormatError naming the section and offset.

import { PulleyFormatError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class ByteReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    /** File name and section name, for messages. */
    readonly file: string,
    readonly section: string | undefined,
    public pos: number,
    readonly end: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Throws a PulleyFormatError at `offset` (default: the current position). */
  fail(problem: string, offset = this.pos): never {
    throw new PulleyFormatError(this.file, this.section, offset, problem);
  }

  /** Moves past `n` bytes, returning where they start; fails if the section has fewer. */
  private take(n: number, what: string): number {
    const at = this.pos;
    if (n > this.end - at) this.fail(`truncated: ${what} needs ${n} bytes, only ${this.end - at} left in the section`);
    this.pos = at + n;
    return at;
  }

  u8(what = 'a byte'): number {
    return this.bytes[this.take(1, what)]!;
  }
  u16(what = 'a u16'): number {
    return this.view.getUint16(this.take(2, what), true);
  }
  u32(what = 'a u32'): number {
    return this.view.getUint32(this.take(4, what), true);
  }
  u64(what = 'a u64'): bigint {
    return this.view.getBigUint64(this.take(8, what), true);
  }

  /** Unsigned LEB128 u32, at most 5 bytes, no bits beyond 32. */
  leb(what = 'a number'): number {
    const at = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8(what);
      if (i === 4 && byte > 0x0f) this.fail(`${what}: LEB128 value does not fit in 32 bits`, at);
      result += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) return result;
    }
    return this.fail(`${what}: LEB128 value longer than 5 bytes`, at);
  }

  bool(what: string): boolean {
    const at = this.pos;
    const b = this.u8(what);
    if (b > 1) this.fail(`${what}: expected 0 or 1, found ${b}`, at);
    return b === 1;
  }

  /** A LEB count of items each at least `minItemBytes` long; checked against the bytes left. */
  count(what: string, minItemBytes = 1): number {
    const at = this.pos;
    const n = this.leb(`${what} count`);
    if (n * minItemBytes > this.end - this.pos) {
      this.fail(`${what} count ${n} needs at least ${n * minItemBytes} bytes, only ${this.end - this.pos} left`, at);
    }
    return n;
  }

  /** A LEB index that must be below `limit`. */
  index(what: string, limit: number): number {
    const at = this.pos;
    const i = this.leb(what);
    if (i >= limit) this.fail(`${what} ${i} is out of range (${limit} defined)`, at);
    return i;
  }

  /** Length-prefixed bytes, as a view into the file (no copy). */
  bytesView(what: string): Uint8Array {
    const n = this.leb(`${what} length`);
    const at = this.take(n, what);
    return this.bytes.subarray(at, at + n);
  }

  /** Length-prefixed UTF-8. */
  string(what: string): string {
    const at = this.pos;
    const raw = this.bytesView(what);
    try {
      return utf8.decode(raw);
    } catch {
      return this.fail(`${what}: malformed UTF-8`, at);
    }
  }

  /** A u32 array written by ByteWriter.u32Array. */
  u32Array(what: string): Uint32Array {
    const n = this.count(what, 4);
    const at = this.take(4 * n, what);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getUint32(at + 4 * i, true);
    return out;
  }

  /** Fails unless the whole section was read. */
  expectEnd(): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} unexpected bytes at the end of the section`);
  }
}
