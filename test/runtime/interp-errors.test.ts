// Bad bytecode and bad addresses end in a trap with a clear reason, never a crash or a
// hang; and the Vm API moves arguments and results per the Pulley ABI.

import { describe, expect, it } from 'vitest';
import { BytecodeWriter, type FieldValue } from '../../src/isa/encode.js';
import { EXTENDED_OP_PREFIX, opByMnemonic } from '../../src/isa/ops.js';
import { run } from '../../runtime/interp.js';
import { Machine, TrapKind } from '../../runtime/machine.js';
import { Vm, f64Val, valAsF64, xVal } from '../../runtime/vm.js';

function assemble(build: (op: (name: string, ...fields: FieldValue[]) => void, w: BytecodeWriter) => void): Uint8Array {
  const w = new BytecodeWriter();
  build((name, ...fields) => w.emitFields(opByMnemonic(name), ...fields), w);
  return w.finish();
}

function runCode(bytes: Uint8Array, setup: (m: Machine) => void = () => {}) {
  const m = new Machine({ stackSize: 4096 });
  const code = m.space.mapCode('test code', bytes);
  setup(m);
  return { m, done: run(m, code, 0) };
}

describe('interpreter: bad input traps with a reason', () => {
  const cases: { name: string; bytes: Uint8Array; setup?: (m: Machine) => void; pc: number; trap: TrapKind; message?: RegExp }[] = [
    { name: 'an opcode byte past the last base op', bytes: Uint8Array.of(0xfe), pc: 0, trap: TrapKind.DisabledOpcode, message: /invalid opcode/ },
    { name: 'an extended opcode past the last extended op', bytes: Uint8Array.of(EXTENDED_OP_PREFIX, 0xff, 0xff), pc: 0, trap: TrapKind.DisabledOpcode, message: /invalid extended opcode/ },
    { name: 'running off the end of the code', bytes: assemble((op) => op('nop')), pc: 3, trap: TrapKind.MemoryOutOfBounds, message: /outside/ },
    { name: 'a jump before the start', bytes: assemble((op) => op('jump', -100)), pc: 0, trap: TrapKind.MemoryOutOfBounds, message: /before the start/ },
    { name: 'a jump far past the end', bytes: assemble((op) => op('jump', 1000)), pc: 1000, trap: TrapKind.MemoryOutOfBounds, message: /outside/ },
    {
      name: 'xjump to data', bytes: assemble((op) => op('xjump', 5)), pc: 0, trap: TrapKind.MemoryOutOfBounds, message: /not bytecode/,
      setup: (m) => m.setX64(5, 0, m.space.map('data', new Uint8Array(8)).id),
    },
    { name: 'xjump to null', bytes: assemble((op) => op('xjump', 5)), pc: 0, trap: TrapKind.MemoryOutOfBounds },
    {
      name: 'a load from an unmapped region', bytes: assemble((op) => op('xload32le_o32', 1, 5, 0)), pc: 0, trap: TrapKind.MemoryOutOfBounds,
      setup: (m) => m.setX64(5, 0, 12345),
    },
    {
      name: 'a store straddling the end of a region', bytes: assemble((op) => op('xstore64le_o32', 5, 4, 1)), pc: 0, trap: TrapKind.MemoryOutOfBounds,
      setup: (m) => m.setX64(5, 0, m.space.map('data', new Uint8Array(8)).id),
    },
    { name: 'a z-mode load through null', bytes: assemble((op) => op('xload8_u32_z', 1, 5, 0)), pc: 0, trap: TrapKind.MemoryOutOfBounds },
    { name: 'ret to a null lr', bytes: assemble((op) => op('ret')), pc: 0, trap: TrapKind.MemoryOutOfBounds, setup: (m) => m.setLr(0, 0) },
    { name: 'stack_alloc32 beyond the stack', bytes: assemble((op) => op('stack_alloc32', 4097)), pc: 0, trap: TrapKind.StackOverflow },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { done } = runCode(c.bytes, c.setup);
      expect(done.kind).toBe('trap');
      if (done.kind !== 'trap') return;
      expect({ pc: done.pc, trap: done.trap }).toEqual({ pc: c.pc, trap: c.trap });
      if (c.message) expect(done.message).toMatch(c.message);
    });
  }

  it('the last byte of the stack is usable, one more is an overflow', () => {
    expect(runCode(assemble((op) => { op('stack_alloc32', 4096); op('ret'); })).done).toEqual({ kind: 'return' });
  });
});

describe('Vm API', () => {
  it('passes x and f arguments in order of their class and returns results the same way', () => {
    // (a: x, b: f, c: x) -> (x: a, f: b, x: c) with x0/x1 swapped, f0 doubled by fadd64.
    const vm = new Vm();
    const code = vm.loadCode(assemble((op) => {
      op('xmov', 2, 0);
      op('xmov', 0, 1);
      op('xmov', 1, 2);
      op('fadd64', 0, 0, 0);
      op('ret');
    }));
    const { done, results } = vm.call({ code, pc: 0 }, [xVal(7), f64Val(1.25), xVal(-1)], ['x', 'f', 'x']);
    expect(done).toEqual({ kind: 'return' });
    expect(results![0]).toEqual(xVal(-1));
    expect(valAsF64(results![1]!)).toBe(2.5);
    expect(results![2]).toEqual(xVal(7));
  });

  it('callStart/callRun/callEnd: a host call stops the run with its id and resume pc, lr is restored at the end', () => {
    const vm = new Vm();
    const m = vm.machine;
    const bytes = assemble((op) => {
      op('call_indirect_host', 3);
      op('xmov', 0, 1);
      op('ret');
    });
    const code = vm.loadCode(bytes);
    m.setLr(1234, 5678);
    const oldLr = vm.callStart([xVal(1)]);
    const first = vm.callRun({ code, pc: 0 });
    expect(first).toMatchObject({ kind: 'callIndirectHost', id: 3, resume: opByMnemonic('call_indirect_host').size });
    if (first.kind !== 'callIndirectHost') return;
    m.setX64(1, 42, 0); // the host's answer
    expect(vm.callRun({ code, pc: first.resume })).toEqual({ kind: 'return' });
    expect(vm.callEnd(oldLr, ['x'])).toEqual([xVal(42)]);
    expect([m.lrLo, m.lrHi]).toEqual([1234, 5678]);
  });

  it('call and ret through lr, between two code regions', () => {
    const vm = new Vm();
    const m = vm.machine;
    // B: x0 = x0 + x0; ret.  A: push_frame; call_indirect x5 (B); pop_frame; ret.
    const b = vm.loadCode(assemble((op) => { op('xadd64', 0, 0, 0); op('ret'); }), 'B');
    const a = vm.loadCode(assemble((op) => { op('push_frame'); op('call_indirect', 5); op('pop_frame'); op('ret'); }), 'A');
    m.setX64(5, 0, b.id);
    const { done, results } = vm.call({ code: a, pc: 0 }, [xVal(21)], ['x']);
    expect(done).toEqual({ kind: 'return' });
    expect(results).toEqual([xVal(42)]);
    expect(m.getX64(30)).toBe(BigInt(m.stack.id) * 2n ** 32n + BigInt(m.stack.bytes.length)); // sp back at the top
  });
});
