// A cursor over the module bytes: LEB128 integers, floats as raw bits, names (UTF-8
// checked), with every failure reported as a WasmCompileError at the exact byte offset.
// `end` is the limit of the current section or body, so overruns are caught where they occur.

import { WasmCompileError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Reader {
  pos: number;
  end: number;
  /** Set while reading a function body, so errors name the function. */
  funcIndex: number | undefined = undefined;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  fail(reason: string, offset = this.pos): never {
    throw new WasmCompileError(reason, offset, this.funcIndex);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private overrun(): never {
    // The spec names running off a section or body differently from running off the file.
    this.fail(this.end < this.bytes.length ? 'unexpected end of section or function' : 'unexpected end');
  }

  u8(): number {
    if (this.pos >= this.end) this.overrun();
    return this.bytes[this.pos++];
  }

  /** Unsigned LEB128, at most 5 bytes, value < 2^32. */
  u32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos < this.end) {
      const b = bytes[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= this.end) {
        this.pos = pos;
        this.overrun();
      }
      const b = bytes[pos++];
      if (shift === 28) {
        if (b & 0x80) this.fail('integer representation too long', pos - 1);
        if (b & 0x70) this.fail('integer too large', pos - 1);
        this.pos = pos;
        return (result + b * 0x10000000) >>> 0;
      }
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) {
        this.pos = pos;
        return result >>> 0;
      }
    }
  }

  /** Signed LEB128 of at most `bits` (32 or 33) bits, as a JS number. */
  signed(bits: 32 | 33): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let result = 0;
    let scale = 1;
    for (let shift = 0; ; shift += 7) {
      if (pos >= this.end) {
        this.pos = pos;
        this.overrun();
      }
      const b = bytes[pos++];
      if (shift === 28) {
        if (b & 0x80) this.fail('integer representation too long', pos - 1);
        // Bits past the value's width must copy its sign bit.
        const signBits = bits === 32 ? b & 0x78 : b & 0x70;
        const sign = bits === 32 ? b & 0x08 : b & 0x10;
        if (signBits !== (sign ? (bits === 32 ? 0x78 : 0x70) : 0)) this.fail('integer too large', pos - 1);
        result += (b & 0x7f) * scale;
        if (b & 0x40) result -= 0x80 * scale;
        this.pos = pos;
        return bits === 32 ? result | 0 : result;
      }
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) {
        if (b & 0x40) result -= scale;
        this.pos = pos;
        return result;
      }
    }
  }

  s32(): number {
    return this.signed(32);
  }

  /** Signed 64-bit LEB128, checked, returned as two 32-bit halves in this.lo / this.hi. */
  lo = 0;
  hi = 0;
  s64(): void {
    const bytes = this.bytes;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let b: number;
    for (;;) {
      if (pos >= this.end) {
        this.pos = pos;
        this.overrun();
      }
      b = bytes[pos++];
      const v = b & 0x7f;
      if (shift === 63) {
        if (b & 0x80) this.fail('integer representation too long', pos - 1);
        if (b !== 0 && b !== 0x7f) this.fail('integer too large', pos - 1);
        hi |= (v & 1) << 31;
        break;
      }
      if (shift < 28) lo |= v << shift;
      else if (shift === 28) {
        lo |= v << 28;
        hi |= v >>> 4;
      } else hi |= v << (shift - 32);
      shift += 7;
      if (!(b & 0x80)) {
        if (b & 0x40) {
          // Sign-extend from bit `shift`.
          if (shift < 32) {
            lo |= -1 << shift;
            hi = -1;
          } else hi |= -1 << (shift - 32);
        }
        break;
      }
    }
    this.pos = pos;
    this.lo = lo | 0;
    this.hi = hi | 0;
  }

  /** The 32-bit little-endian word at the cursor (an f32's bits), unsigned. */
  u32le(): number {
    if (this.end - this.pos < 4) this.skip(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** Advance n bytes, failing if they are not there. */
  skip(n: number): void {
    if (this.end - this.pos < n) {
      this.pos = this.end;
      this.overrun();
    }
    this.pos += n;
  }

  /** n raw bytes as a view into the module (not a copy). */
  take(n: number): Uint8Array {
    const start = this.pos;
    if (this.end - start < n) this.fail(this.end < this.bytes.length ? 'unexpected end of section or function' : 'unexpected end');
    this.pos = start + n;
    return this.bytes.subarray(start, start + n);
  }

  /** A vector length, sanity-checked against the bytes left (each element takes at least one). */
  count(): number {
    const at = this.pos;
    const n = this.u32();
    if (n > this.end - this.pos) this.fail('length out of bounds', at);
    return n;
  }

  name(): string {
    const at = this.pos;
    const n = this.u32();
    if (n > this.end - this.pos) this.fail('length out of bounds', at);
    const raw = this.take(n);
    try {
      return utf8.decode(raw);
    } catch {
      return this.fail('malformed UTF-8 encoding', at);
    }
  }
}
