// Bounds-checked access to the guest's linear memory for one WASI call. A fresh
// GuestMemory is made from `memory.buffer` on every call: the buffer is replaced when
// the memory grows, so views must never outlive the call.

import { Errno, IOVEC } from './constants.js';
import { WasiError } from './errors.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export class GuestMemory {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  /** A host memory's buffer, or our memory's bytes (runtime/instance-memory.ts internalBytes). */
  constructor(memory: ArrayBufferLike | Uint8Array) {
    this.bytes = memory instanceof Uint8Array ? memory : new Uint8Array(memory);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** Throws EFAULT unless [ptr, ptr+len) lies inside the memory. Returns ptr as unsigned. */
  check(ptr: number, len: number): number {
    const start = ptr >>> 0;
    if (start + len > this.bytes.length) {
      throw new WasiError(Errno.FAULT, `guest range ${start}+${len} is outside memory (${this.bytes.length} bytes)`);
    }
    return start;
  }

  u8(ptr: number): number { return this.view.getUint8(this.check(ptr, 1)); }
  u16(ptr: number): number { return this.view.getUint16(this.check(ptr, 2), true); }
  u32(ptr: number): number { return this.view.getUint32(this.check(ptr, 4), true); }
  u64(ptr: number): bigint { return this.view.getBigUint64(this.check(ptr, 8), true); }

  setU8(ptr: number, v: number): void { this.view.setUint8(this.check(ptr, 1), v); }
  setU16(ptr: number, v: number): void { this.view.setUint16(this.check(ptr, 2), v, true); }
  setU32(ptr: number, v: number): void { this.view.setUint32(this.check(ptr, 4), v, true); }
  setU64(ptr: number, v: bigint): void { this.view.setBigUint64(this.check(ptr, 8), BigInt.asUintN(64, v), true); }

  /** A live view of guest bytes (valid only during this call). */
  slice(ptr: number, len: number): Uint8Array {
    const start = this.check(ptr, len >>> 0);
    return this.bytes.subarray(start, start + (len >>> 0));
  }

  /** Copies `data` into guest memory at ptr. */
  write(ptr: number, data: Uint8Array): void {
    this.bytes.set(data, this.check(ptr, data.length));
  }

  /** A UTF-8 string (a path); invalid UTF-8 is EILSEQ. */
  string(ptr: number, len: number): string {
    try {
      return utf8Decoder.decode(this.slice(ptr, len));
    } catch (e) {
      if (e instanceof WasiError) throw e;
      throw new WasiError(Errno.ILSEQ, 'path is not valid UTF-8');
    }
  }

  /** The buffers named by an iovec/ciovec array (live views, valid only during this call). */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const n = count >>> 0;
    this.check(ptr, n * IOVEC.size);
    const buffers: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const at = (ptr >>> 0) + i * IOVEC.size;
      buffers.push(this.slice(this.u32(at + IOVEC.buf), this.u32(at + IOVEC.bufLen)));
    }
    return buffers;
  }
}
