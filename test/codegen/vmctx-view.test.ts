// The JS tier keeps the view of the vmctx register's region in a local (translate.ts XV)
// from one access through x29 to the next, until a call or a write of x29. A write of x29
// between two accesses must make the second one look its region up again: through a
// region of other bytes, or through no region at all (the interpreter's trap). Checked:
// the first two cases fail when the dataflow ignores writes of x29. Each runs on the
// interpreter and on the JS tier, against bytes summed by hand.

import { describe, expect, it } from 'vitest';
import { jitRegion } from '../../codegen/jit.js';
import { generateUnit } from '../../codegen/unit.js';
import { run } from '../../runtime/interp.js';
import { Machine, type DoneReason } from '../../runtime/machine.js';
import { assemble } from '../../src/isa/asm.js';

interface Outcome { done: string; x0: bigint }

/** Runs `text` with x29 in region A (bytes i) and x5 in region B (bytes 100 + i), or in no region (`x5Hi`). */
function runCase(tier: 'interp' | 'js', text: string, x5Hi?: number): Outcome {
  const m = new Machine();
  const bytes = assemble(text);
  const code = m.space.mapCode('code', bytes);
  const a = m.space.map('a', Uint8Array.from({ length: 64 }, (_, i) => i));
  const b = m.space.map('b', Uint8Array.from({ length: 64 }, (_, i) => 100 + i));
  m.setX64(29, 0, a.id);
  m.setX64(5, 0, x5Hi ?? b.id);
  if (tier === 'js') jitRegion(m, code, [{ entry: 0, end: bytes.length }]);
  m.enterCode(code);
  const done: DoneReason = run(m, code, 0);
  const what = done.kind === 'trap' ? `trap ${done.trap} at ${done.pc}` : done.kind;
  return { done: what, x0: m.getX64(0) };
}

// Two loads through x29 with x29 moved to x5's region between them, then a third.
const MOVED = [
  'xload32le_o32 x0, x29, 8',
  'xmov x29, x5',
  'xload32le_o32 x2, x29, 8',
  'xadd32 x0, x0, x2',
  'xload8_u32_o32 x3, x29, 1',
  'xadd32 x0, x0, x3',
  'ret',
].join('\n');
// Two loads through x29, the same region: the second may take the kept view.
const KEPT = ['xload32le_o32 x0, x29, 8', 'xload32le_o32 x2, x29, 12', 'xadd32 x0, x0, x2', 'ret'].join('\n');

const word = (first: number) => first | ((first + 1) << 8) | ((first + 2) << 16) | ((first + 3) << 24);

describe('the vmctx view kept in a local', () => {
  it('is used by the generated code', () => {
    const source = generateUnit(assemble(KEPT), [{ entry: 0, end: assemble(KEPT).length }]).factoryBody;
    expect(source).toContain('XV = ');
    expect(source).toMatch(/XV\.getInt32\(/);
  });

  it('is looked up again after x29 moves to another region', () => {
    // A's bytes 8..11, B's bytes 8..11 (108..111) and B's byte 1 (101).
    const expected = BigInt((word(8) + word(108) + 101) | 0) & 0xffffffffn;
    for (const tier of ['interp', 'js'] as const) {
      expect(runCase(tier, MOVED), tier).toEqual({ done: 'return', x0: expected });
    }
  });

  it('is looked up again, and traps, after x29 moves to no region', () => {
    const interp = runCase('interp', MOVED, 999);
    // At the second load: after the 7-byte load and the 3-byte move.
    expect(interp.done).toBe('trap MemoryOutOfBounds at 10');
    expect(runCase('js', MOVED, 999)).toEqual(interp);
  });

  it('serves a second access to the same region', () => {
    const expected = BigInt((word(8) + word(12)) | 0) & 0xffffffffn;
    for (const tier of ['interp', 'js'] as const) {
      expect(runCase(tier, KEPT), tier).toEqual({ done: 'return', x0: expected });
    }
  });
});
