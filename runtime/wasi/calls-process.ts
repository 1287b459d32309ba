// args, environ, clocks, random, proc_exit, sched_yield.

import { Errno } from './constants.js';
import { clockNow, clockResolution } from './clocks.js';
import type { WasiCalls, WasiContext } from './context.js';
import { ExitSignal } from './errors.js';
import { utf8, type GuestMemory } from './guest-memory.js';

/** getRandomValues fills at most this many bytes per call. */
const RANDOM_CHUNK = 65536;

/** Writes NUL-terminated strings to buf and their addresses to the pointer array. */
function writeStringList(m: GuestMemory, list: readonly string[], pointersPtr: number, bufPtr: number): number {
  let at = bufPtr >>> 0;
  list.forEach((text, i) => {
    const bytes = utf8(text);
    m.setU32(pointersPtr + 4 * i, at);
    m.write(at, bytes);
    m.setU8(at + bytes.length, 0);
    at += bytes.length + 1;
  });
  return Errno.SUCCESS;
}

function writeListSizes(m: GuestMemory, list: readonly string[], countPtr: number, sizePtr: number): number {
  const size = list.reduce((sum, text) => sum + utf8(text).length + 1, 0);
  m.setU32(countPtr, list.length);
  m.setU32(sizePtr, size);
  return Errno.SUCCESS;
}

export function processCalls(ctx: WasiContext): WasiCalls {
  return {
    args_get: (argv: number, buf: number) => writeStringList(ctx.memory(), ctx.args, argv, buf),
    args_sizes_get: (count: number, size: number) => writeListSizes(ctx.memory(), ctx.args, count, size),
    environ_get: (environ: number, buf: number) => writeStringList(ctx.memory(), ctx.env, environ, buf),
    environ_sizes_get: (count: number, size: number) => writeListSizes(ctx.memory(), ctx.env, count, size),

    clock_res_get(id: number, resultPtr: number) {
      ctx.memory().setU64(resultPtr, clockResolution(id));
      return Errno.SUCCESS;
    },

    clock_time_get(id: number, _precision: bigint, resultPtr: number) {
      ctx.memory().setU64(resultPtr, clockNow(id));
      return Errno.SUCCESS;
    },

    random_get(bufPtr: number, len: number) {
      const buf = ctx.memory().slice(bufPtr, len);
      // Filled through a scratch array: getRandomValues refuses views of shared memory.
      const chunk = new Uint8Array(Math.min(buf.length, RANDOM_CHUNK));
      for (let i = 0; i < buf.length; i += RANDOM_CHUNK) {
        const part = chunk.subarray(0, Math.min(RANDOM_CHUNK, buf.length - i));
        crypto.getRandomValues(part);
        buf.set(part, i);
      }
      return Errno.SUCCESS;
    },

    proc_exit(code: number) {
      throw new ExitSignal(code >>> 0);
    },

    sched_yield: () => Errno.SUCCESS,
  };
}
