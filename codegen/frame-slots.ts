// Spill slots in JS locals.
//
// Compiled wasm keeps the locals and operand-stack entries it has no register for in slots
// of its frame, reached as `sp + offset` while sp is the frame's base. Read and written
// through the stack's typed arrays, each access computes an index and goes to memory; as
// JS locals (`Y72l`, `Y72h` for an x slot, `Y72f` for an f64 one), V8 keeps them in
// registers.
//
// Nothing but the function itself reads or writes those slots while it runs: its callees
// reach only the outgoing area at the bottom of its frame (stack arguments and results),
// the unwinder only fp and lr. The interpreter reads them once the function has left for
// it, so every way out writes the slots to the frame (at `YB`, the frame's base, which the
// push sets): the exit, and the returns after a call that came back elsewhere. A slot stays
// in memory where the function might reach it some other way:
//   - sp read as a value (a host trampoline's argument array), or an sp-relative access
//     where sp may not be the frame's base;
//   - anything but whole 64-bit x and f64 loads and stores at the slot;
//   - the outgoing area, and the registers the push saves (the pop reads them from memory);
//   - a slot live at the entry (read before the function writes it);
//   - past the 32 slots most accessed, inside loops first: more locals would make V8's
//     frames big for little gain (spec skip-stack-guard-page's thousands of slots).
// Where a slot is dead, a way out may write any value (translate.ts deadAt zeroes it).

import type { Instr } from '../src/isa/decode.js';
import type { AddrO32 } from '../src/isa/operands.js';
import { SP } from '../runtime/machine.js';
import { liveBefore } from './dataflow.js';

export type SlotClass = 'x' | 'f';

/** The JS local holding part of a kept slot: the low or high word of an x slot, or an f64 one. */
export function slotLocal(offset: number, part: 'l' | 'h' | 'f'): string {
  return `Y${offset}${part}`;
}

export interface FrameSlots {
  /** The slots kept in locals: offset from the frame's base → class. */
  readonly classOf: ReadonlyMap<number, SlotClass>;
  /** For each instruction, the offset of the kept slot it loads or stores, if any. */
  readonly accessAt: readonly (number | undefined)[];
  /** For each instruction, the kept slots some path from it reads before writing them. */
  liveAt(i: number): ReadonlySet<number>;
}

export interface FrameSlotsInput {
  successors(i: number): readonly number[];
  /** By instruction: nonzero while sp is the base of the frame the function pushed (translate.ts spFrameAt). */
  spFrameAt: Int32Array;
  /** Whether f register r lives in a JS local (slots of the others stay in memory). */
  fCached(r: number): boolean;
  /** Bytes of the outgoing area at the bottom of the frame. */
  outgoingBytes: number;
  /** How many x registers a frame push saves. */
  savedCount(push: Instr): number;
  /** Whether instruction i reads sp other than as an sp-relative address or a frame op's. */
  readsSpAsValue(i: number): boolean;
  /** Whether instruction i is inside a loop (its accesses count for more). */
  inLoop(i: number): boolean;
}

const WHOLE_SLOT: Readonly<Record<string, { cls: SlotClass; load: boolean }>> = {
  xload64le_o32: { cls: 'x', load: true }, xstore64le_o32: { cls: 'x', load: false },
  fload64le_o32: { cls: 'f', load: true }, fstore64le_o32: { cls: 'f', load: false },
};
const WIDTH = /(8|16|32|64|128)/;
/** At most this many slots in locals (one liveness word). */
const MAX_SLOTS = 32;
const LOOP_WEIGHT = 16;

/** One sp-relative access: a whole slot load or store (cls), or anything else over `width` bytes. */
interface Access { i: number; offset: number; width: number; cls?: SlotClass; load: boolean }

/** The slots of a compiled function's frame that can live in JS locals, or undefined for none. */
export function planFrameSlots(instrs: readonly Instr[], input: FrameSlotsInput): FrameSlots | undefined {
  const pushes = instrs.filter((instr) => instr.op.mnemonic === 'push_frame_save');
  if (pushes.length !== 1) return undefined;
  const savedFrom = (pushes[0]!.operands[0] as number) - 8 * input.savedCount(pushes[0]!);
  const accesses: Access[] = [];
  for (let i = 0; i < instrs.length; i++) {
    const instr = instrs[i]!;
    let spAccesses = 0;
    instr.op.operands.forEach((operand, k) => {
      const v = instr.operands[k]!;
      if (operand.type === 'AddrO32' || operand.type === 'AddrZ') {
        if ((v as AddrO32).base !== SP) return;
        spAccesses++;
        const whole = WHOLE_SLOT[instr.op.mnemonic];
        const reg = instr.operands[k === 0 ? 1 : 0] as number;
        const kept = whole !== undefined && (whole.cls === 'x' || input.fCached(reg));
        accesses.push({
          i, offset: (v as AddrO32).offset, load: whole?.load ?? true,
          width: kept ? 8 : Number(WIDTH.exec(instr.op.mnemonic)?.[1] ?? 128) / 8,
          cls: kept ? whole.cls : undefined,
        });
      }
    });
    if (input.readsSpAsValue(i) || (spAccesses > 0 && input.spFrameAt[i]! === 0)) return undefined;
  }

  // Slots that only whole loads and stores of one class reach, between the outgoing area and the saved registers.
  const byOffset = new Map<number, SlotClass | null>();
  for (const a of accesses) {
    const before = byOffset.get(a.offset);
    const whole = a.cls !== undefined && a.offset % 8 === 0 && a.offset >= input.outgoingBytes && a.offset + 8 <= savedFrom
      && before !== null && (before ?? a.cls) === a.cls;
    for (let o = a.offset - (a.offset % 8 + 8) % 8; o < a.offset + a.width; o += 8) byOffset.set(o, whole ? a.cls! : null);
  }
  // The most accessed, inside loops first (an access in a loop counts as many outside).
  const slotAccess = new Map(accesses.filter((a) => a.cls !== undefined).map((a) => [a.i, a]));
  const weight = new Map<number, number>();
  for (const a of slotAccess.values()) {
    if (byOffset.get(a.offset)) weight.set(a.offset, (weight.get(a.offset) ?? 0) + (input.inLoop(a.i) ? LOOP_WEIGHT : 1));
  }
  const candidates = [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_SLOTS).map(([o]) => o);
  // Liveness (bit k: candidates[k]); none may be live at the entry.
  const bit = (i: number, load: boolean) => {
    const a = slotAccess.get(i);
    const k = a === undefined || a.load !== load ? -1 : candidates.indexOf(a.offset);
    return k < 0 ? 0 : 1 << k;
  };
  const live = liveBefore(instrs.length, input.successors, (i) => bit(i, true), (i) => bit(i, false), () => 0);
  const kept = candidates.filter((_, k) => ((live[0]! >>> k) & 1) === 0);
  if (kept.length === 0) return undefined;
  const classOf = new Map(kept.map((o) => [o, byOffset.get(o)!]));
  const keptBits = kept.map((o) => [o, candidates.indexOf(o)] as const);
  return {
    classOf,
    accessAt: instrs.map((_, i) => {
      const a = slotAccess.get(i);
      return a !== undefined && classOf.has(a.offset) ? a.offset : undefined;
    }),
    liveAt: (i) => new Set(keptBits.filter(([, k]) => ((live[i]! >>> k) & 1) !== 0).map(([o]) => o)),
  };
}
