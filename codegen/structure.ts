// Structured control flow for generated functions: loops become labeled `for (;;)`
// loops and forward branches become `break`s out of labeled blocks, so that V8 sees
// ordinary loops it can optimize (instead of a dispatch switch whose every back edge
// merges all state). Bytecode compiled from wasm is structured and always fits; anything
// else (irreducible flow: a jump into the middle of a loop) returns undefined and the
// translator falls back to a switch in a loop.

/** A labeled region of instructions [start, end) (instruction indices). */
export interface Interval {
  kind: 'loop' | 'block';
  start: number;
  end: number;
  /** The instruction a branch to this region goes to: the loop header, or the block's end. */
  target: number;
}

export interface Structure {
  intervals: Interval[];
  /** Loop by header index. */
  loops: Map<number, Interval>;
  /** Block by target index. */
  blocks: Map<number, Interval>;
}

/**
 * `edges[i]` lists the instruction indices instruction i may branch to (inside the
 * function). Returns properly nested loops and blocks covering every edge, or undefined.
 */
export function structure(count: number, edges: readonly (readonly number[])[]): Structure | undefined {
  const loops = new Map<number, Interval>();
  const blocks = new Map<number, Interval>();
  edges.forEach((targets, source) => {
    for (const t of targets) {
      if (t <= source) {
        const loop = loops.get(t);
        if (loop === undefined) loops.set(t, { kind: 'loop', start: t, end: source + 1, target: t });
        else loop.end = Math.max(loop.end, source + 1);
      } else {
        const block = blocks.get(t);
        if (block === undefined) blocks.set(t, { kind: 'block', start: source, end: t, target: t });
        else block.start = Math.min(block.start, source);
      }
    }
  });
  const intervals = [...loops.values(), ...blocks.values()];

  // Make the intervals nest: a block may start earlier, a loop may end later; a block
  // that starts before a loop and ends inside it would enter the loop sideways.
  for (let changed = true; changed;) {
    changed = false;
    for (const x of intervals) {
      for (const y of intervals) {
        if (!(x.start < y.start && y.start < x.end && x.end < y.end)) continue;
        if (y.kind === 'block') y.start = x.start;
        else if (x.kind === 'loop') x.end = y.end;
        else return undefined;
        changed = true;
      }
    }
  }
  for (const i of intervals) if (i.end > count) return undefined;
  return { intervals, loops, blocks };
}

/** Order in which intervals open at one index: outermost first (at equal ranges, blocks enclose loops). */
export function openingOrder(a: Interval, b: Interval): number {
  return b.end - a.end || (a.kind === b.kind ? 0 : a.kind === 'block' ? -1 : 1);
}

/** Order in which intervals close at one index: innermost first. */
export function closingOrder(a: Interval, b: Interval): number {
  return b.start - a.start || (a.kind === b.kind ? 0 : a.kind === 'loop' ? -1 : 1);
}
