// Reads the shared vector files (vectors-NN.jsonl.gz: one JSON case per line).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { VectorCase } from './vector-case.js';

/** Every case of every vectors-*.jsonl.gz file in `dir`, in file order. */
export function loadVectorCases(dir: string): VectorCase[] {
  const files = readdirSync(dir).filter((f) => /^vectors-.*\.jsonl\.gz$/.test(f)).sort();
  const cases: VectorCase[] = [];
  for (const file of files) {
    const text = gunzipSync(readFileSync(join(dir, file))).toString('utf8');
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        cases.push(JSON.parse(line) as VectorCase);
      } catch (e) {
        throw new Error(`${file} line ${i + 1}: ${(e as Error).message}`);
      }
    });
  }
  return cases;
}
