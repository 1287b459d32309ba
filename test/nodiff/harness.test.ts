// The harness's own comparisons: a diff must be seen when there is one, and the trap kinds
// must put V8's wording and ours (TRAP_MESSAGES) of the same trap together.
import { describe, expect, it } from 'vitest';
import { TRAP_MESSAGES, TrapCode } from '../../src/compiler/abi.js';
import { compareOutcomes, outcomeOf, trapKind, type EngineName, type Outcome } from './harness.js';

/** Node's RuntimeError for a one-function module whose body is `body` (no params, no results). */
function v8Trap(body: number[]): unknown {
  const code = [0, ...body, 0x0b];
  const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1,
    7, 5, 1, 1, 0x66, 0, 0, 10, code.length + 2, 1, code.length, ...code]);
  const f = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as () => void;
  try { f(); } catch (e) { return e; }
  throw new Error('expected a trap');
}

const ours = (code: TrapCode) => Object.assign(new Error(TRAP_MESSAGES[code]), { name: 'RuntimeError' });

describe('no-diff harness', () => {
  it.each([
    ['unreachable', [0x00], TrapCode.UnreachableCodeReached],
    ['memory out of bounds', [0x41, 0x7f, 0x28, 2, 0, 0x1a], TrapCode.MemoryOutOfBounds],
    ['divide by zero', [0x41, 1, 0x41, 0, 0x6d, 0x1a], TrapCode.IntegerDivisionByZero],
    ['remainder by zero', [0x41, 1, 0x41, 0, 0x6f, 0x1a], TrapCode.IntegerDivisionByZero],
    ['MIN / -1', [0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x41, 0x7f, 0x6d, 0x1a], TrapCode.IntegerOverflow],
    ['trunc of NaN', [0x43, 0, 0, 0xc0, 0x7f, 0xa8, 0x1a], TrapCode.BadConversionToInteger],
  ] as [string, number[], TrapCode][])('%s: V8 and Wasmtime wording are one kind', (_what, body, code) => {
    const kind = trapKind(v8Trap(body));
    expect(kind).toMatch(/^trap: /);
    expect(trapKind(ours(code))).toBe(kind);
  });

  it('different traps are different kinds', () => {
    const kinds = new Set([TrapCode.UnreachableCodeReached, TrapCode.MemoryOutOfBounds, TrapCode.IntegerDivisionByZero,
      TrapCode.StackOverflow, TrapCode.TableOutOfBounds, TrapCode.BadSignature].map((c) => trapKind(ours(c))));
    expect(kinds.size).toBe(6);
  });

  it('sees a diff in a result, in a trap kind, and in our tiers\' exact wording', () => {
    const of = (entries: [EngineName, Outcome][]) => new Map(entries);
    const ret = (v: unknown) => outcomeOf(() => v);
    const trap = (code: TrapCode) => outcomeOf(() => { throw ours(code); });
    expect(compareOutcomes('same', of([['interp', ret(1)], ['js', ret(1)], ['native', ret(1)]]))).toBeUndefined();
    expect(compareOutcomes('nan', of([['interp', ret(NaN)], ['js', ret(NaN)], ['native', ret(NaN)]]))).toBeUndefined();
    expect(compareOutcomes('value', of([['interp', ret(1)], ['js', ret(2)], ['native', ret(1)]]))).toBeDefined();
    expect(compareOutcomes('-0', of([['interp', ret(0)], ['js', ret(-0)]]))).toBeDefined();
    expect(compareOutcomes('i64', of([['interp', ret(1n)], ['js', ret(1)]]))).toBeDefined();
    expect(compareOutcomes('kind', of([['interp', trap(TrapCode.MemoryOutOfBounds)], ['js', trap(TrapCode.StackOverflow)]]))).toBeDefined();
    // Integer overflow and invalid conversion are one kind (V8 cannot tell them apart), but our tiers must agree exactly.
    expect(compareOutcomes('exact', of([['interp', trap(TrapCode.IntegerOverflow)], ['js', trap(TrapCode.BadConversionToInteger)]]))).toBeDefined();
  });
});
