// poll_oneoff: clock subscriptions sleep until the earliest deadline; descriptor
// subscriptions are always reported ready (reads and writes here never block).

import { Errno, EventType, EVENT, SUBSCRIPTION, SubclockFlags } from './constants.js';
import { clockNow, sleepNs } from './clocks.js';
import type { WasiCalls, WasiContext } from './context.js';
import { WasiError, errnoOf } from './errors.js';

interface PollEvent { userdata: bigint; error: number; type: number }

export function pollCalls(ctx: WasiContext): WasiCalls {
  return {
    poll_oneoff(inPtr: number, outPtr: number, count: number, neventsPtr: number) {
      const m = ctx.memory();
      const n = count >>> 0;
      if (n === 0) throw new WasiError(Errno.INVAL, 'poll_oneoff with no subscriptions');
      m.check(inPtr, n * SUBSCRIPTION.size);
      m.check(outPtr, n * EVENT.size);
      m.check(neventsPtr, 4);

      const ready: PollEvent[] = [];
      const clocks: { userdata: bigint; id: number; deadline: bigint }[] = [];
      for (let i = 0; i < n; i++) {
        const sub = (inPtr >>> 0) + i * SUBSCRIPTION.size;
        const userdata = m.u64(sub + SUBSCRIPTION.userdata);
        const type = m.u8(sub + SUBSCRIPTION.tag);
        if (type === EventType.CLOCK) {
          const id = m.u32(sub + SUBSCRIPTION.clockId);
          const timeout = m.u64(sub + SUBSCRIPTION.clockTimeout);
          const absolute = (m.u16(sub + SUBSCRIPTION.clockFlags) & SubclockFlags.ABSTIME) !== 0;
          try {
            clocks.push({ userdata, id, deadline: absolute ? timeout : clockNow(id) + timeout });
          } catch (error) {
            ready.push({ userdata, error: errnoOf(error), type });
          }
        } else if (type === EventType.FD_READ || type === EventType.FD_WRITE) {
          const fd = m.u32(sub + SUBSCRIPTION.fd);
          ready.push({ userdata, error: ctx.fds.has(fd) ? Errno.SUCCESS : Errno.BADF, type });
        } else {
          throw new WasiError(Errno.INVAL, `subscription ${i} has unknown event type ${type}`);
        }
      }

      if (ready.length === 0 && clocks.length > 0) {
        // Nothing else can fire: wait for the nearest deadline (re-checked, as the
        // clocks differ in resolution from the one we sleep on).
        for (;;) {
          const left = clocks.map((c) => c.deadline - clockNow(c.id)).reduce((a, b) => (b < a ? b : a));
          if (left <= 0n) break;
          sleepNs(left);
        }
      }
      for (const c of clocks) {
        if (clockNow(c.id) >= c.deadline) ready.push({ userdata: c.userdata, error: Errno.SUCCESS, type: EventType.CLOCK });
      }

      ready.forEach((event, i) => {
        const at = (outPtr >>> 0) + i * EVENT.size;
        m.bytes.fill(0, at, at + EVENT.size);
        m.setU64(at + EVENT.userdata, event.userdata);
        m.setU16(at + EVENT.error, event.error);
        m.setU8(at + EVENT.type, event.type);
      });
      m.setU32(neventsPtr, ready.length);
      return Errno.SUCCESS;
    },
  };
}
