// The Wasmtime-style embedding: array-call entry, host calls that re-enter the VM several
// levels deep, traps unwinding through them (setjmp/longjmp), backtraces, stack overflow.

import { describe, expect, it } from 'vitest';
import { BytecodeWriter, type FieldValue, type Label } from '../../src/isa/encode.js';
import { opByMnemonic } from '../../src/isa/ops.js';
import { TrapCode } from '../../src/compiler/abi.js';
import { Embedding, HostTrap } from '../../runtime/embed.js';
import { addressOf, F_I32, type Machine, type Region, X_I32 } from '../../runtime/machine.js';

const HOST_FN_ID = 7;

function writer() {
  const w = new BytecodeWriter();
  const op = (name: string, ...fields: FieldValue[]) => w.emitFields(opByMnemonic(name), ...fields);
  return { w, op };
}

/**
 * sum(n) = n + host(n - 1), host(k) re-entering the VM to compute sum(k); sum(0) = 0, or
 * a trap when the flag word at the callee vmctx is non-zero. Array slot 0 holds n on entry
 * and the result on return; +8 receives host(n - 1).
 */
function sumProgram() {
  const { w, op } = writer();
  const base = w.newLabel(), trapHere = w.newLabel(), fail = w.newLabel();
  const saved = 0b11; // x16, x17
  op('push_frame_save', 16, saved);
  op('xmov', 16, 2);
  op('xload64le_o32', 17, 16, 0);
  op('br_if_xeq64_i8', 17, 0, base);
  op('xconst8', 0, HOST_FN_ID);
  op('xsub64_u8', 1, 17, 1);
  op('xmov', 2, 16);
  op('call_indirect_host', 0);
  op('br_if_not32', 0, fail);
  op('xload64le_o32', 5, 16, 8);
  op('xadd64', 5, 5, 17);
  op('xstore64le_o32', 16, 0, 5);
  op('xconst8', 0, 1);
  op('pop_frame_restore', 16, saved);
  op('ret');
  w.bind(base);
  op('xload64le_o32', 5, 0, 0);
  op('br_if_xneq64_i8', 5, 0, trapHere);
  op('xstore64le_o32', 16, 0, 5);
  op('xconst8', 0, 1);
  op('pop_frame_restore', 16, saved);
  op('ret');
  w.bind(trapHere);
  const unreachablePc = w.position;
  op('trap');
  w.bind(fail);
  const failPc = w.position;
  op('trap');
  return { code: w.finish(), traps: new Map([[unreachablePc, TrapCode.UnreachableCodeReached], [failPc, TrapCode.HostError]]) };
}

/** Fills the callee-saved registers with recognizable values; returns a snapshot of them. */
function fillCalleeSaved(m: Machine, seed: number): bigint[] {
  for (let r = 16; r < 30; r++) m.u64[X_I32 / 2 + r] = BigInt(seed * 1000 + r) * 0x1_0000_0001n;
  for (let r = 16; r < 32; r++) m.f64[F_I32 / 2 + r] = seed + r / 7;
  return snapshot(m);
}

function snapshot(m: Machine): bigint[] {
  return [
    ...m.u64.slice(X_I32 / 2 + 16, X_I32 / 2 + 32), ...m.u64.slice(F_I32 / 2 + 16, F_I32 / 2 + 32),
    m.getX64(30), m.u64[128]!, m.u64[129]!, // sp, fp, lr
  ];
}

interface Setup {
  embed: Embedding;
  code: Region;
  flags: Region;
  arrays: Region;
  run(n: number): boolean;
  depths: number[];
}

function setUp(): Setup {
  const embed = new Embedding({ stackSize: 64 * 1024 });
  const program = sumProgram();
  const code = embed.loadCode(program.code, (pc) => program.traps.get(pc));
  const flags = embed.machine.space.map('callee vmctx', new Uint8Array(16));
  const arrays = embed.machine.space.map('arrays', new Uint8Array(16 * 512));
  const depths: number[] = [];
  const callee = addressOf(flags, 0), caller = { lo: 0, hi: 0 };
  const run = (n: number, level = 0): boolean => {
    arrays.view.setBigUint64(16 * level, BigInt(n), true);
    return embed.call({ code, pc: 0 }, callee, caller, addressOf(arrays, 16 * level), 1);
  };
  embed.hostFunctionCall = ({ x }) => {
    expect(Number(x(0))).toBe(HOST_FN_ID);
    const callerArray = Number(x(2) & 0xffff_ffffn);
    const k = Number(x(1));
    const level = callerArray / 16 + 1;
    depths.push(level);
    // Clobber caller-saved registers, as host code may.
    for (let r = 0; r < 16; r++) embed.machine.u64[r] = 0xdead_beefn;
    if (!run(k, level)) throw new HostTrap(embed.lastTrap!.code!);
    arrays.view.setBigUint64(callerArray + 8, arrays.view.getBigUint64(16 * level, true), true);
    return true;
  };
  return { embed, code, flags, arrays, run: (n) => run(n), depths };
}

describe('embedding: host calls re-entering the VM', () => {
  it('computes through nested host → bytecode → host calls and keeps callee-saved state', () => {
    const s = setUp();
    const before = fillCalleeSaved(s.embed.machine, 1);
    expect(s.run(6)).toBe(true);
    expect(s.embed.lastTrap).toBeNull();
    expect(s.arrays.view.getBigUint64(0, true)).toBe(21n); // 6+5+4+3+2+1
    expect(s.depths).toEqual([1, 2, 3, 4, 5, 6]);
    expect(snapshot(s.embed.machine)).toEqual(before);
  });

  it('a trap six levels deep unwinds every level, restores the saved state, and the VM runs again', () => {
    const s = setUp();
    const before = fillCalleeSaved(s.embed.machine, 2);
    s.flags.view.setUint32(0, 1, true);
    expect(s.run(6)).toBe(false);
    const trap = s.embed.lastTrap!;
    expect(trap.code).toBe(TrapCode.UnreachableCodeReached);
    expect(snapshot(s.embed.machine)).toEqual(before);

    s.flags.view.setUint32(0, 0, true);
    expect(s.run(4)).toBe(true);
    expect(s.arrays.view.getBigUint64(0, true)).toBe(10n);
    expect(snapshot(s.embed.machine)).toEqual(before);
  });

  it('unbounded host re-entry ends in a StackOverflow trap, not a JS RangeError', () => {
    const s = setUp();
    const before = fillCalleeSaved(s.embed.machine, 3);
    expect(s.run(100_000)).toBe(false); // host recursion far deeper than maxReentry
    expect(s.embed.lastTrap!.code).toBe(TrapCode.StackOverflow);
    expect(snapshot(s.embed.machine)).toEqual(before);
  });

  it('a host error that is not a trap propagates, after unwinding the VM state', () => {
    const s = setUp();
    const before = fillCalleeSaved(s.embed.machine, 5);
    s.embed.hostFunctionCall = () => {
      throw new Error('host bug');
    };
    expect(() => s.run(3)).toThrow('host bug');
    expect(snapshot(s.embed.machine)).toEqual(before);
  });
});

describe('embedding: frames', () => {
  /** main → a → b; b traps. Returns the code and the expected backtrace pcs. */
  function callChain() {
    const { w, op } = writer();
    const a = w.newLabel(), b = w.newLabel();
    op('push_frame');
    op('call', a);
    const retMain = w.position;
    op('pop_frame');
    op('ret');
    w.bind(a);
    op('push_frame');
    op('call', b);
    const retA = w.position;
    op('pop_frame');
    op('ret');
    w.bind(b);
    op('push_frame');
    const trapPc = w.position;
    op('trap');
    return { code: w.finish(), expected: [trapPc, retA, retMain], trapPc };
  }

  it('the backtrace lists the trap and every caller, youngest first', () => {
    const embed = new Embedding();
    const chain = callChain();
    const code = embed.loadCode(chain.code, (pc) => (pc === chain.trapPc ? TrapCode.UnreachableCodeReached : undefined));
    const nowhere = { lo: 0, hi: 0 };
    expect(embed.call({ code, pc: 0 }, nowhere, nowhere, nowhere, 0)).toBe(false);
    const trap = embed.lastTrap!;
    expect(trap.code).toBe(TrapCode.UnreachableCodeReached);
    expect(trap.backtrace.map((f) => f.pc)).toEqual(chain.expected);
    expect(trap.backtrace.every((f) => f.code === code)).toBe(true);
  });

  it('unbounded bytecode recursion traps StackOverflow and leaves the VM usable', () => {
    const embed = new Embedding({ stackSize: 16 * 1024 });
    const { w, op } = writer();
    const self: Label = w.newLabel();
    w.bind(self);
    op('push_frame');
    op('call', self);
    const code = embed.loadCode(w.finish());
    const before = fillCalleeSaved(embed.machine, 4);
    const nowhere = { lo: 0, hi: 0 };
    expect(embed.call({ code, pc: 0 }, nowhere, nowhere, nowhere, 0)).toBe(false);
    expect(embed.lastTrap!.code).toBe(TrapCode.StackOverflow);
    expect(embed.lastTrap!.pc.pc).toBe(0); // the push_frame that found no room
    expect(embed.lastTrap!.backtrace.length).toBe(16 * 1024 / 16); // one 16-byte frame each
    expect(snapshot(embed.machine)).toEqual(before);
  });
});
