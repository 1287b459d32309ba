// A forward dataflow solver over one function's instructions, shared by the analyses of
// the JS tier (f-locals.ts, sync.ts). Each point holds `width` small integers; `join`
// merges what two paths bring, `transfer` turns the state before an instruction into the
// state after it. A worklist runs until nothing changes.

export interface ForwardProblem {
  /** Instructions; state i is the one before instruction i. */
  n: number;
  /** Integers per state. */
  width: number;
  successors(i: number): readonly number[];
  /** Writes the state at the entry (index 0) into `state`. */
  entry(state: Int32Array): void;
  /** Turns `state` (a copy of the state before instruction i) into the state after it. */
  transfer(i: number, state: Int32Array): void;
  /** Merges two values of one slot; must be monotone, and join(a, a) = a. */
  join(a: number, b: number): number;
}

/** The state before each instruction, `width` entries per instruction; unreached ones stay 0. */
export function solveForward(p: ForwardProblem): Int32Array {
  const { n, width } = p;
  const states = new Int32Array((n + 1) * width);
  const reached = new Uint8Array(n + 1);
  const queued = new Uint8Array(n + 1);
  p.entry(states.subarray(0, width));
  reached[0] = 1; queued[0] = 1;
  const work = [0];
  const out = new Int32Array(width);
  while (work.length > 0) {
    const i = work.pop()!;
    queued[i] = 0;
    if (i >= n) continue;
    out.set(states.subarray(i * width, (i + 1) * width));
    p.transfer(i, out);
    for (const t of p.successors(i)) {
      let changed = !reached[t];
      for (let k = 0; k < width; k++) {
        const before = states[t * width + k]!;
        const merged = reached[t] ? p.join(before, out[k]!) : out[k]!;
        if (merged !== before) { states[t * width + k] = merged; changed = true; }
      }
      reached[t] = 1;
      if (changed && !queued[t]) { queued[t] = 1; work.push(t); }
    }
  }
  return states;
}

/**
 * For each instruction, 1 where every path from the entry to it passed an instruction that
 * `sets` since the last one that `clears` (one that does both clears), else 0.
 */
export function setOnEveryPath(n: number, successors: (i: number) => readonly number[],
  sets: (i: number) => boolean, clears: (i: number) => boolean): Int32Array {
  return solveForward({
    n, width: 1, successors,
    entry: (state) => { state[0] = 0; },
    transfer: (i, state) => {
      if (sets(i)) state[0] = 1;
      if (clears(i)) state[0] = 0;
    },
    join: (a, b) => a & b,
  });
}

/**
 * For each instruction, the registers (a mask) written on every path from the entry to it,
 * where instruction i writes `writes(i)`. Unreached instructions get 0.
 */
export function writtenOnEveryPath(n: number, successors: (i: number) => readonly number[], writes: (i: number) => number): Int32Array {
  return solveForward({
    n, width: 1, successors,
    entry: (state) => { state[0] = 0; },
    transfer: (i, state) => { state[0] = state[0]! | writes(i); },
    join: (a, b) => a & b,
  });
}

/**
 * Liveness of up to 32 registers (bit r: register r): for each instruction, the registers
 * some path from before it may read before writing them. `reads(i)` / `writes(i)` are
 * instruction i's; past an instruction with no successor, `exit(i)` are read.
 */
export function liveBefore(n: number, successors: (i: number) => readonly number[],
  reads: (i: number) => number, writes: (i: number) => number, exit: (i: number) => number): Int32Array {
  const live = new Int32Array(n);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      const value = (liveAfter(live, successors, exit, i) & ~writes(i)) | reads(i);
      if (value !== live[i]) { live[i] = value; changed = true; }
    }
  }
  return live;
}

/** The live registers just after instruction i, from liveBefore's result. */
export function liveAfter(live: Int32Array, successors: (i: number) => readonly number[], exit: (i: number) => number, i: number): number {
  const next = successors(i);
  if (next.length === 0) return exit(i);
  let out = 0;
  for (const s of next) out |= live[s]!;
  return out;
}
