// Every bench program compiles, and the compiled module's tables are consistent.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileModule } from '../../src/compiler/compile.js';
import { sharedPath } from '../shared.js';

const dir = sharedPath('bench/wasm');

describe.skipIf(!dir)('compiling the bench programs', () => {
  for (const file of dir ? readdirSync(dir).filter((f) => f.endsWith('.wasm')) : []) {
    it(file, () => {
      const bytes = new Uint8Array(readFileSync(join(dir!, file)));
      const c = compileModule(bytes);
      expect(c.functions.length).toBe(c.module.bodies.length);
      expect(c.arrayTrampolines.length).toBe(c.module.funcTypeIndices.length);
      for (const f of c.functions) expect(f.offset + f.size).toBeLessThanOrEqual(c.code.length);
      // Every trap pc holds a `trap` op (0xdb, extended opcode 0).
      for (const pc of c.traps.pcs) expect([c.code[pc], c.code[pc + 1], c.code[pc + 2]]).toEqual([0xdb, 0, 0]);
    });
  }
});
