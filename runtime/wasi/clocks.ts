// The four preview1 clocks, in nanoseconds, from whatever the engine offers:
// process.hrtime / process.cpuUsage in Node, performance.now() elsewhere.

import { ClockId, Errno } from './constants.js';
import { WasiError } from './errors.js';

interface ProcessClocks {
  hrtime?: { bigint?: () => bigint };
  cpuUsage?: () => { user: number; system: number };
}

const proc = (globalThis as { process?: ProcessClocks }).process;
const hrtime = proc?.hrtime?.bigint?.bind(proc.hrtime);
const cpuUsage = proc?.cpuUsage?.bind(proc);

function monotonicNs(): bigint {
  if (hrtime) return hrtime();
  return BigInt(Math.round(performance.now() * 1e6));
}

function cpuTimeNs(): bigint {
  if (!cpuUsage) return monotonicNs();
  const { user, system } = cpuUsage();
  return BigInt(user + system) * 1000n;
}

/** The current time of `id`; an unknown clock is EINVAL. */
export function clockNow(id: number): bigint {
  switch (id) {
    case ClockId.REALTIME: return BigInt(Date.now()) * 1_000_000n;
    case ClockId.MONOTONIC: return monotonicNs();
    case ClockId.PROCESS_CPUTIME:
    case ClockId.THREAD_CPUTIME: return cpuTimeNs();
    default: throw new WasiError(Errno.INVAL, `unknown clock id ${id}`);
  }
}

/** The resolution of `id` in nanoseconds. */
export function clockResolution(id: number): bigint {
  switch (id) {
    case ClockId.REALTIME: return 1_000_000n;
    case ClockId.MONOTONIC: return hrtime ? 1n : 1000n;
    case ClockId.PROCESS_CPUTIME:
    case ClockId.THREAD_CPUTIME: return 1000n;
    default: throw new WasiError(Errno.INVAL, `unknown clock id ${id}`);
  }
}

/** Blocks the thread for about `ns` (Atomics.wait where allowed, else a busy wait). */
export function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  const until = monotonicNs() + ns;
  try {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    for (let left = ns; left > 0n; left = until - monotonicNs()) {
      Atomics.wait(cell, 0, 0, Math.max(Number(left) / 1e6, 0.001));
    }
  } catch {
    // No SharedArrayBuffer, or waiting is not allowed on this thread (a browser's main thread).
    while (monotonicNs() < until) { /* spin */ }
  }
}
