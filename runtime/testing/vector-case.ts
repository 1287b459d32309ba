// Runs one case of the shared Pulley 35 reference vectors (../shared/pulley-vectors, see
// its README.md) and compares the final state with the expected one, bit for bit except
// for the README's NaN allowance. Symbolic addresses (memN+K, stack_top-K, code+K, host)
// are mapped to and from this VM's own address space.

import {
  F_I32, FP_I32, LR_I32, Machine, type DoneReason, type Region, SP, V_BYTE, X_I32,
} from '../machine.js';
import { run } from '../interp.js';

/** One line of vectors-NN.jsonl.gz, as documented in the README. */
export interface VectorCase {
  name: string;
  ops: string[];
  code: string;
  disas?: string[];
  entry: number;
  x: Record<string, string>;
  f: Record<string, string>;
  v: Record<string, string>;
  mem: { hex: string; size: number; reg?: string }[];
  expected: {
    done: { kind: 'return' } | { kind: 'trap'; trap: string | null; pc: number } | { kind: 'host_call'; id: number; resume: number };
    x: string[];
    f: string[];
    v: string[];
    fp: string;
    lr: string;
    mem: string[];
  };
}

/** Runs a prepared machine from `entry` of `code`: the interpreter, or another tier. */
export type Executor = (m: Machine, code: Region, entry: number) => DoneReason;

export interface VectorCaseOptions {
  tier?: 'interp';
  execute?: Executor;
  stackSize?: number;
}

export interface VectorCaseResult {
  ok: boolean;
  problems: string[];
}

const STACK_SIZE = 1 << 20; // the generator's VM stack

// ## The case's address space

interface CaseSpace {
  m: Machine;
  code: Region;
  mems: Region[];
}

function bytesOfHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function hexOfBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function address(region: Region, offset: number): bigint {
  return (BigInt(region.id) << 32n) + BigInt(offset);
}

/** The 64-bit value of a register or address as the case writes it: hex or a symbol. */
function valueOf(space: CaseSpace, text: string): bigint {
  if (text.startsWith('0x')) return BigInt(text);
  if (text === 'host') return 0xffff_ffff_ffff_ffffn;
  const match = /^(mem(\d+)|stack_top|code)(?:([+-])(\d+))?$/.exec(text);
  if (!match) throw new Error(`unknown symbol '${text}'`);
  const k = match[4] === undefined ? 0 : Number(match[4]) * (match[3] === '-' ? -1 : 1);
  if (match[1] === 'stack_top') return address(space.m.stack, space.m.stack.bytes.length + k);
  if (match[1] === 'code') return address(space.code, k);
  const mem = space.mems[Number(match[2])];
  if (!mem) throw new Error(`symbol '${text}' names a buffer the case does not have`);
  return address(mem, k);
}

/** A value in the case's notation: a symbol where it points into a known region. */
function describe(space: CaseSpace, value: bigint): string {
  const hex = `0x${value.toString(16).padStart(16, '0')}`;
  if (value === 0xffff_ffff_ffff_ffffn) return 'host';
  const id = Number(value >> 32n), offset = Number(value & 0xffff_ffffn);
  if (id === space.m.stack.id) {
    const below = space.m.stack.bytes.length - offset;
    return below === 0 ? 'stack_top' : below > 0 ? `stack_top-${below}` : `stack_top+${-below}`;
  }
  if (id === space.code.id) return offset === 0 ? 'code' : `code+${offset}`;
  const mem = space.mems.findIndex((r) => r.id === id);
  if (mem >= 0) return offset === 0 ? `mem${mem}` : `mem${mem}+${offset}`;
  return hex;
}

function setUp(c: VectorCase, stackSize: number): CaseSpace {
  const m = new Machine({ stackSize });
  const code = m.space.mapCode('code', bytesOfHex(c.code));
  const mems = c.mem.map((buf, i) => {
    const bytes = new Uint8Array(buf.size);
    bytes.set(bytesOfHex(buf.hex));
    return m.space.map(`mem${i}`, bytes);
  });
  const space = { m, code, mems };
  for (const [reg, text] of Object.entries(c.x)) m.i64[X_I32 / 2 + regNumber(reg)] = BigInt.asIntN(64, valueOf(space, text));
  for (const [reg, text] of Object.entries(c.f)) m.u64[F_I32 / 2 + regNumber(reg)] = BigInt(text);
  for (const [reg, text] of Object.entries(c.v)) writeV(m, regNumber(reg), BigInt(text));
  if (c.x[`x${SP}`] === undefined) m.setX64(SP, m.stackTop.lo, m.stackTop.hi);
  return space;
}

function regNumber(name: string): number {
  return Number(name.slice(1));
}

function writeV(m: Machine, reg: number, value: bigint): void {
  for (let i = 0; i < 16; i++) m.u8[V_BYTE + 16 * reg + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

function readV(m: Machine, reg: number): bigint {
  let value = 0n;
  for (let i = 15; i >= 0; i--) value = (value << 8n) | BigInt(m.u8[V_BYTE + 16 * reg + i]!);
  return value;
}

// ## Comparison

function isNaN32(bits: bigint): boolean {
  return (bits & 0x7f80_0000n) === 0x7f80_0000n && (bits & 0x007f_ffffn) !== 0n;
}

function isNaN64(bits: bigint): boolean {
  return (bits & 0x7ff0_0000_0000_0000n) === 0x7ff0_0000_0000_0000n && (bits & 0x000f_ffff_ffff_ffffn) !== 0n;
}

/**
 * Float values equal up to the NaN allowance: lanes of `bits` width (32 or 64) where both
 * sides are NaNs count as equal; every other lane must match exactly.
 */
function floatBitsMatch(expected: bigint, actual: bigint, totalBits: number): boolean {
  if (expected === actual) return true;
  return [32, 64].some((lane) => {
    const mask = (1n << BigInt(lane)) - 1n;
    const isNaN = lane === 32 ? isNaN32 : isNaN64;
    for (let at = 0; at < totalBits; at += lane) {
      const e = (expected >> BigInt(at)) & mask, a = (actual >> BigInt(at)) & mask;
      if (e !== a && !(isNaN(e) && isNaN(a))) return false;
    }
    return true;
  });
}

function doneText(done: DoneReason): string {
  switch (done.kind) {
    case 'return': return JSON.stringify({ kind: 'return' });
    case 'trap': return JSON.stringify({ kind: 'trap', trap: done.trap, pc: done.pc });
    case 'callIndirectHost': return JSON.stringify({ kind: 'host_call', id: done.id, resume: done.resume });
  }
}

function expectedDoneText(done: VectorCase['expected']['done']): string {
  switch (done.kind) {
    case 'return': return JSON.stringify({ kind: 'return' });
    case 'trap': return JSON.stringify({ kind: 'trap', trap: done.trap, pc: done.pc });
    case 'host_call': return JSON.stringify({ kind: 'host_call', id: done.id, resume: done.resume });
  }
}

function compare(c: VectorCase, space: CaseSpace, done: DoneReason): string[] {
  const { m } = space;
  const problems: string[] = [];
  const want = c.expected;
  const gotDone = doneText(done), wantDone = expectedDoneText(want.done);
  if (gotDone !== wantDone) {
    const why = done.kind === 'trap' && done.message ? ` (${done.message})` : '';
    problems.push(`done: expected ${wantDone}, got ${gotDone}${why}`);
  }
  const u64 = (i32Index: number) => m.u64[i32Index / 2]!;
  for (let r = 0; r < 32; r++) {
    const expected = BigInt.asUintN(64, valueOf(space, want.x[r]!)), actual = u64(X_I32 + 2 * r);
    if (expected !== actual) problems.push(`x${r}: expected ${want.x[r]}, got ${describe(space, actual)}`);
  }
  for (let r = 0; r < 32; r++) {
    const expected = BigInt(want.f[r]!), actual = u64(F_I32 + 2 * r);
    if (!floatBitsMatch(expected, actual, 64)) {
      problems.push(`f${r}: expected ${want.f[r]}, got 0x${actual.toString(16).padStart(16, '0')}`);
    }
  }
  for (let r = 0; r < 32; r++) {
    const expected = BigInt(want.v[r]!), actual = readV(m, r);
    if (!floatBitsMatch(expected, actual, 128)) {
      problems.push(`v${r}: expected ${want.v[r]}, got 0x${actual.toString(16).padStart(32, '0')}`);
    }
  }
  for (const [name, i32Index, text] of [['fp', FP_I32, want.fp], ['lr', LR_I32, want.lr]] as const) {
    const expected = BigInt.asUintN(64, valueOf(space, text)), actual = u64(i32Index);
    if (expected !== actual) problems.push(`${name}: expected ${text}, got ${describe(space, actual)}`);
  }
  want.mem.forEach((hex, i) => {
    const actual = hexOfBytes(space.mems[i]!.bytes);
    if (actual !== hex) problems.push(`mem${i}: expected ${hex}, got ${actual}`);
  });
  return problems;
}

// ## Entry point

export function runVectorCase(c: VectorCase, options: VectorCaseOptions = {}): VectorCaseResult {
  const execute = options.execute ?? run;
  let space: CaseSpace;
  try {
    space = setUp(c, options.stackSize ?? STACK_SIZE);
  } catch (e) {
    return { ok: false, problems: [`setup: ${(e as Error).message}`] };
  }
  let done: DoneReason;
  try {
    done = execute(space.m, space.code, c.entry);
  } catch (e) {
    return { ok: false, problems: [`crashed: ${(e as Error).stack ?? String(e)}`] };
  }
  const problems = compare(c, space, done);
  return { ok: problems.length === 0, problems };
}
