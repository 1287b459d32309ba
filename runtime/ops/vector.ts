// The v128 ops of Pulley 35, gathered from one file per concern:
//   vector-memory.ts  loads and stores          vector-move.ts   moves, lanes, shuffles, bitwise
//   vector-int.ts     integer lane arithmetic   vector-float.ts  float lanes and conversions
// (vector-lanes.ts holds the register views and handler shapes they share.)

import type { OpHandlers } from './handler.js';
import { vectorFloatOps } from './vector-float.js';
import { vectorIntOps } from './vector-int.js';
import { vectorMemoryOps } from './vector-memory.js';
import { vectorMoveOps } from './vector-move.js';

export const vectorOps: OpHandlers = {
  ...vectorMemoryOps,
  ...vectorMoveOps,
  ...vectorIntOps,
  ...vectorFloatOps,
};
