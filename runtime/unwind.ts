// Walks Pulley frames for backtraces. A frame made by push_frame / push_frame_save holds
// the caller's fp at [fp] and the return address next to it at [fp + 8]; the stack grows
// down, so each older frame's fp is higher. The walk stops at the fp the host entered
// with (frames above it are not this call's), at the host sentinel, or at anything that
// does not look like a frame.

import { FP_I32, HOST_REGION, type Machine, type Region, TrapSignal } from './machine.js';

/** A code location: a byte offset inside a code region. */
export interface FramePc {
  code: Region;
  pc: number;
}

const MAX_FRAMES = 100_000;

/**
 * The pcs of the active frames, youngest first: `pc` itself (where execution stopped),
 * then each caller's return address (the instruction after its call). `entryFp` is the
 * fp when the host entered the VM.
 */
export function backtrace(m: Machine, pc: FramePc, entryFp: { lo: number; hi: number }): FramePc[] {
  const frames: FramePc[] = [pc];
  let lo = m.i32[FP_I32]!, hi = m.i32[FP_I32 + 1]!;
  while (frames.length < MAX_FRAMES) {
    if ((lo === entryFp.lo && hi === entryFp.hi) || hi >>> 0 === HOST_REGION) break;
    let retLo: number, retHi: number, olderLo: number, olderHi: number;
    try {
      const at = m.resolve(lo, hi, 0, 16);
      const view = m.accessRegion.view;
      olderLo = view.getInt32(at, true);
      olderHi = view.getInt32(at + 4, true);
      retLo = view.getInt32(at + 8, true);
      retHi = view.getInt32(at + 12, true);
    } catch (e) {
      if (e instanceof TrapSignal) break; // fp does not point at a frame
      throw e;
    }
    const code = m.space.regions[retHi >>> 0];
    if (code === undefined || !code.isCode) break; // the host sentinel or a corrupt frame
    frames.push({ code, pc: retLo >>> 0 });
    // Older frames sit higher on the stack; anything else would loop.
    const older = (olderHi >>> 0) * 0x1_0000_0000 + (olderLo >>> 0);
    if (older <= (hi >>> 0) * 0x1_0000_0000 + (lo >>> 0)) break;
    lo = olderLo;
    hi = olderHi;
  }
  return frames;
}
