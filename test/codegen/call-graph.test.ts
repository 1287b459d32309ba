// The call-graph facts the JS tier's calls rely on (codegen/sync.ts), on small hand-made
// graphs with the answers worked out by hand: which callees may skip the JS depth guard
// (their calls nest at most maxHeight frames: no recursion, no indirect or host call
// below them) and which cannot reach the host (so leave the memories' views alone).
import { describe, expect, it } from 'vitest';
import { hostFreeFunctions, shallowFunctions, type CallSummary } from '../../codegen/sync.js';

const fn = (entry: number, callees: number[], calls: { unknown?: boolean; host?: boolean } = {}): CallSummary =>
  ({ entry, written: 0, saved: 0, callees, callsUnknown: calls.unknown ?? false, callsHost: calls.host ?? false });
const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

// 1 -> 2 -> 3 -> 4 -> 5 -> 6 (a chain; 6 is a leaf), 10 -> 10 (recursion), 20 <-> 21 (a cycle),
// 30 -> 6 and 30 -> 31 (31 calls the host), 40 -> 41 (41 calls through a register),
// 50 -> 99 (not in the unit), 60 -> 6 twice and 60 -> 5.
const GRAPH = [
  fn(1, [2]), fn(2, [3]), fn(3, [4]), fn(4, [5]), fn(5, [6]), fn(6, []),
  fn(10, [10]), fn(20, [21]), fn(21, [20]),
  fn(30, [6, 31]), fn(31, [], { host: true }), fn(40, [41]), fn(41, [], { unknown: true }),
  fn(50, [99]), fn(60, [6, 6, 5]),
];

describe('shallowFunctions', () => {
  it('takes a leaf as height 1 and a caller as one more than its deepest callee, up to the limit', () => {
    // Heights: 6 is 1, 5 is 2, 4 is 3, 3 is 4, 2 is 5, 1 is 6; 60 is 1 + height(5) = 3.
    expect(sorted(shallowFunctions(GRAPH, 1))).toEqual([6]);
    expect(sorted(shallowFunctions(GRAPH, 3))).toEqual([4, 5, 6, 60]);
    expect(sorted(shallowFunctions(GRAPH, 4))).toEqual([3, 4, 5, 6, 60]);
  });
  it('never takes recursion, host or indirect calls, or calls out of the unit', () => {
    const all = shallowFunctions(GRAPH, 100);
    expect(sorted(all)).toEqual([1, 2, 3, 4, 5, 6, 60]);
  });
});

describe('hostFreeFunctions', () => {
  it('takes what cannot reach a host or indirect call, through any depth of direct calls', () => {
    // 30 reaches the host through 31, 40 an indirect call through 41, 50 an unknown callee.
    expect(sorted(hostFreeFunctions(GRAPH))).toEqual([1, 2, 3, 4, 5, 6, 10, 20, 21, 60]);
  });
});
