// The shared vector files as the runtime's VectorCase records; the reading itself (gzip,
// JSON lines, shape checks with file and line) is tools/vector-files.ts's.

import { readVectorCases } from '../../tools/vector-files.js';
import type { VectorCase } from './vector-case.js';

/** Every case of every *.jsonl.gz file in `dir`, in file order. */
export function loadVectorCases(dir: string): VectorCase[] {
  return readVectorCases(dir).map((c) => c.case as unknown as VectorCase);
}
