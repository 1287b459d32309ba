// Linear memories and tables as regions of the shared address space. A region keeps its
// id when it grows (only its bytes are replaced), so addresses held by compiled code stay
// valid; every vmctx that holds the object's current length is told the new one.

import type { AddressSpace, Region } from './machine.js';

export const PAGE_BYTES = 65536;
/** 2^16 pages: the 4 GiB a 32-bit memory can address. */
export const MAX_PAGES = 65536;
/** Table lengths are u32 in wasm; we cap them where a region of 8-byte entries still fits. */
export const MAX_TABLE_ENTRIES = 10_000_000;

/** A vmctx field that mirrors an object's current length (bytes for memory, entries for tables). */
interface LengthField {
  vmctx: Region;
  offset: number;
}

function writeLength(f: LengthField, value: number): void {
  f.vmctx.view.setUint32(f.offset, value >>> 0, true);
  f.vmctx.view.setUint32(f.offset + 4, Math.floor(value / 0x100000000), true);
}

abstract class Growable {
  private readonly lengthFields: LengthField[] = [];
  /** Wrapper object of the JS API, made once so that identity is kept. */
  jsObject: object | undefined;
  constructor(readonly region: Region, readonly maximum: number | undefined) {}

  /** Makes `vmctx[offset]` follow this object's length from now on. */
  attach(vmctx: Region, offset: number): void {
    const field = { vmctx, offset };
    this.lengthFields.push(field);
    writeLength(field, this.lengthValue());
  }

  protected abstract lengthValue(): number;

  protected lengthChanged(): void {
    for (const f of this.lengthFields) writeLength(f, this.lengthValue());
  }
}

export class MemoryObject extends Growable {
  constructor(space: AddressSpace, readonly initialPages: number, maximum: number | undefined) {
    super(space.map('memory', new Uint8Array(initialPages * PAGE_BYTES)), maximum);
  }

  get pages(): number {
    return this.region.bytes.length / PAGE_BYTES;
  }

  /**
   * The buffer for JS code (WebAssembly.Memory.prototype.buffer): detached when the memory
   * grows. Its length is the memory's: a buffer with room reserved past it is first
   * replaced by one of that length.
   */
  get buffer(): ArrayBuffer {
    const bytes = this.region.bytes;
    if (bytes.byteLength !== bytes.buffer.byteLength) {
      const exact = new Uint8Array(bytes.byteLength);
      exact.set(bytes);
      this.region.replace(exact);
    }
    const buffer = this.region.bytes.buffer as ArrayBuffer;
    this.handedOut = buffer;
    return buffer;
  }

  /** The memory's bytes for the runtime's own use (WASI): not handed to JS code, never detached. */
  get internalBytes(): Uint8Array {
    return this.region.bytes;
  }

  /** The last buffer `buffer` gave to JS code, if it is still the current one. */
  private handedOut: ArrayBuffer | undefined = undefined;

  protected lengthValue(): number {
    return this.region.bytes.length;
  }

  /**
   * memory.grow: the old size in pages, or -1 if the limit or the host refuses. The old
   * ArrayBuffer is detached (as the JS API requires), even when `delta` is 0 and `always`,
   * if JS code was given it. One that no JS code has seen is left alone: detaching any
   * buffer makes V8 check for detachment at every typed array and DataView access from
   * then on, process-wide, which slowed the JS tier by up to 40% (fannkuch 151 to 215 ms).
   * While no JS code has the buffer, growing reserves room past the new length (as much
   * again, up to RESERVE_BYTES), so that the next grows only make a longer view of it
   * instead of copying the memory (lz77 grows its memory step by step: 4% of its time).
   */
  grow(delta: number, always = false): number {
    const old = this.pages;
    const limit = Math.min(this.maximum ?? MAX_PAGES, MAX_PAGES);
    if (delta > limit - old) return -1;
    if (delta === 0 && !always) return old;
    const previous = this.region.bytes;
    const length = (old + delta) * PAGE_BYTES;
    const hidden = previous.buffer !== this.handedOut;
    // (The bytes past the length were never visible: still zero.)
    if (hidden && delta > 0 && length <= previous.buffer.byteLength) {
      this.region.replace(new Uint8Array(previous.buffer, 0, length));
      this.lengthChanged();
      return old;
    }
    const reserved = hidden ? Math.min(limit * PAGE_BYTES, length + Math.min(length, RESERVE_BYTES)) : length;
    let bytes: Uint8Array;
    try {
      bytes = allocate(reserved, length);
    } catch {
      return -1; // the host cannot allocate that much: memory.grow fails, it does not trap
    }
    bytes.set(previous);
    this.region.replace(bytes);
    // Detach the old buffer so no one keeps reading stale bytes.
    if (previous.buffer === this.handedOut) {
      this.handedOut = undefined;
      structuredClone(previous.buffer, { transfer: [previous.buffer as ArrayBuffer] });
    }
    this.lengthChanged();
    return old;
  }
}

/** The most room a memory's growth reserves past its new length. */
const RESERVE_BYTES = 16 << 20;

/** `length` zeroed bytes, in a buffer of `reserved` bytes if the host can allocate that, else of `length`. */
function allocate(reserved: number, length: number): Uint8Array {
  if (reserved > length) {
    try {
      return new Uint8Array(new ArrayBuffer(reserved), 0, length);
    } catch {
      // Fall back to the exact length.
    }
  }
  return new Uint8Array(length);
}

/** Table entries are 8 bytes: a VMFuncRef address or an externref id (0 = null). */
export const TABLE_ENTRY_BYTES = 8;

export class TableObject extends Growable {
  constructor(space: AddressSpace, readonly elemType: number, initial: number, maximum: number | undefined) {
    super(space.map('table', new Uint8Array(initial * TABLE_ENTRY_BYTES)), maximum);
  }

  get length(): number {
    return this.region.bytes.length / TABLE_ENTRY_BYTES;
  }

  protected lengthValue(): number {
    return this.length;
  }

  /** Raw entry i (an address or externref id as a Number; addresses stay below 2^53). */
  get(i: number): number {
    const v = this.region.view;
    return v.getUint32(i * 8, true) + v.getUint32(i * 8 + 4, true) * 0x100000000;
  }

  set(i: number, raw: number): void {
    const v = this.region.view;
    v.setUint32(i * 8, raw >>> 0, true);
    v.setUint32(i * 8 + 4, Math.floor(raw / 0x100000000), true);
  }

  /** table.grow: old length, or -1 past the maximum; new entries are `raw`. */
  grow(delta: number, raw: number): number {
    const old = this.length;
    const limit = Math.min(this.maximum ?? 0xffffffff, MAX_TABLE_ENTRIES);
    if (delta > limit - old) return -1;
    if (delta === 0) return old;
    const bytes = new Uint8Array((old + delta) * TABLE_ENTRY_BYTES);
    bytes.set(this.region.bytes);
    this.region.replace(bytes);
    for (let i = old; i < old + delta; i++) this.set(i, raw);
    this.lengthChanged();
    return old;
  }
}

/**
 * A pulley-js WebAssembly.Memory's method for the runtime's own readers (our WASI): the
 * memory's current bytes, without handing its buffer to JS code (MemoryObject.internalBytes).
 */
export const INTERNAL_BUFFER: unique symbol = Symbol.for('pulley-js.internalBuffer');
