// Globals: 16 bytes of storage somewhere in the address space, either inside the
// defining instance's vmctx or in a small region of their own (made from JS).

import type { AddressSpace, Region } from './machine.js';
import { GLOBAL_SLOT_BYTES } from '../src/compiler/vmctx.js';

export class GlobalObject {
  jsObject: object | undefined;
  constructor(
    readonly type: number,
    readonly mutable: boolean,
    readonly region: Region,
    readonly offset: number,
  ) {}

  static standalone(space: AddressSpace, type: number, mutable: boolean): GlobalObject {
    return new GlobalObject(type, mutable, space.map('global', new Uint8Array(GLOBAL_SLOT_BYTES)), 0);
  }

  /** The 16 bytes of the value, for copying and conversions. */
  get bytes(): Uint8Array {
    return this.region.bytes.subarray(this.offset, this.offset + GLOBAL_SLOT_BYTES);
  }

  /** The storage address as (lo, hi), for an importing instance's vmctx. */
  get address(): { lo: number; hi: number } {
    return { lo: this.offset, hi: this.region.id };
  }
}
