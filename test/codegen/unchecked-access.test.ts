// Accesses the generated code cannot check in advance must still end as the interpreter's
// trap or result, never as a JS error: a heap bound register larger than the memory region,
// a vmctx-style access past its region, a pointer into no region at all, a heap base that
// is not the start of its region. Each case runs on the interpreter and on the JS tier
// (translated with new Function), with a hand-computed expectation for both.

import { describe, expect, it } from 'vitest';
import { jitRegion } from '../../codegen/jit.js';
import { run } from '../../runtime/interp.js';
import { Machine, type DoneReason } from '../../runtime/machine.js';
import { assemble } from '../../src/isa/asm.js';

interface Outcome { done: string; x0: bigint }

/** Runs `text` from its start with x20 = a 64-byte memory (bytes 0..63 = 0..63), x21 = bound, x1 = addr. */
function runCase(tier: 'interp' | 'js', text: string, regs: { baseLo?: number; baseHi?: 'mem' | number; bound: number; addr: number }): Outcome {
  const m = new Machine();
  const bytes = assemble(text);
  const code = m.space.mapCode('code', bytes);
  const mem = m.space.map('mem', Uint8Array.from({ length: 64 }, (_, i) => i));
  m.setX64(20, regs.baseLo ?? 0, regs.baseHi === undefined || regs.baseHi === 'mem' ? mem.id : regs.baseHi);
  m.setX64(21, regs.bound, 0);
  m.setX64(1, regs.addr, 0);
  if (tier === 'js') jitRegion(m, code, [{ entry: 0, end: bytes.length }]);
  m.enterCode(code);
  const done: DoneReason = run(m, code, 0);
  const what = done.kind === 'trap' ? `trap ${done.trap} at ${done.pc}` : done.kind;
  return { done: what, x0: m.getX64(0) };
}

const HEAP_LOAD = 'xload32le_g32 x0, x20, x21, x1, 0\nret';
const VMCTX_LOAD = 'xload64le_o32 x0, x20, 200\nret';

const CASES: Array<{ name: string; text: string; regs: Parameters<typeof runCase>[2]; expected: Outcome | { done: string } }> = [
  { name: 'heap bound past the region', text: HEAP_LOAD, regs: { bound: 1000, addr: 100 }, expected: { done: 'trap MemoryOutOfBounds at 0' } },
  { name: 'heap access inside', text: HEAP_LOAD, regs: { bound: 64, addr: 8 }, expected: { done: 'return', x0: 0x0b0a0908n } },
  { name: 'heap base not at its region start', text: HEAP_LOAD, regs: { baseLo: 4, bound: 64, addr: 8 }, expected: { done: 'return', x0: 0x0f0e0d0cn } },
  { name: 'vmctx-style access past its region', text: VMCTX_LOAD, regs: { bound: 0, addr: 0 }, expected: { done: 'trap MemoryOutOfBounds at 0' } },
  { name: 'pointer into no region', text: VMCTX_LOAD, regs: { baseHi: 999, bound: 0, addr: 0 }, expected: { done: 'trap MemoryOutOfBounds at 0' } },
];

describe('accesses that only the interpreter can judge', () => {
  for (const c of CASES) {
    it(`${c.name}: the same trap or result on both tiers`, () => {
      const interp = runCase('interp', c.text, c.regs);
      const js = runCase('js', c.text, c.regs);
      expect(interp).toMatchObject(c.expected);
      expect(js).toEqual(interp);
    });
  }
});
