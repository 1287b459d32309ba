// Reading the shared Pulley vector files (*.jsonl.gz: one JSON case per line, gzip).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One case of a vector file (see pulley-vectors/README.md); fields beyond these are kept as they are. */
export interface VectorCase {
  name: string;
  /** The bytecode, hex. */
  code: string;
  /** Pulley's disassembly of `code`, one line per entry. */
  disas: string[];
  [field: string]: unknown;
}

export interface VectorFileCase {
  /** File name (not the path) and 1-based line, for messages. */
  file: string;
  line: number;
  case: VectorCase;
}

/** Every case of every *.jsonl.gz file in `dir`, files in name order. */
export function readVectorCases(dir: string): VectorFileCase[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort();
  const cases: VectorFileCase[] = [];
  for (const file of files) {
    const lines = gunzipSync(readFileSync(join(dir, file))).toString('utf8').split('\n');
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      if (!isVectorCase(parsed)) throw new Error(`${file}:${i + 1}: not a vector case (needs name, code, disas)`);
      cases.push({ file, line: i + 1, case: parsed });
    });
  }
  return cases;
}

function isVectorCase(v: unknown): v is VectorCase {
  const c = v as VectorCase;
  return typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.code === 'string'
    && Array.isArray(c.disas);
}
