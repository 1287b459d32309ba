// Instances through the JS API, on the same module bytes for our engine and for Node's
// own WebAssembly (the oracle): instantiate overloads, i64 ⇄ BigInt, host imports (a host
// throwing, a host re-entering wasm), an export of one instance imported by another,
// memory growth from wasm, and traps as RuntimeError with a backtrace.
import { describe, it, expect } from 'vitest';
import { WebAssembly as ours } from '../../src/index.js';
import { buildModule, i32, i64, op, sleb } from './wasm-builder.js';

const node = globalThis.WebAssembly;
type W = typeof globalThis.WebAssembly;
const engines: [string, W][] = [['node', node], ['pulley', ours as unknown as W]];

// (i32) -> i32 doubling through the host import env.f, plus i64 add and a direct export.
const hostModule = buildModule({
  types: [[[i32], [i32]], [[i64, i64], [i64]]],
  imports: [{ module: 'env', name: 'f', type: 0 }],
  funcs: [
    { type: 0, body: [op.localGet, 0, op.call, 0, op.i32Const, 1, op.i32Add] }, // f(x) + 1
    { type: 1, body: [op.localGet, 0, op.localGet, 1, op.i64Add] },
    { type: 0, body: [op.localGet, 0, op.localGet, 0, op.i32Mul] },
  ],
  exports: [{ name: 'viaHost', kind: 'func', index: 1 }, { name: 'add64', kind: 'func', index: 2 }, { name: 'square', kind: 'func', index: 3 }, { name: 'f', kind: 'func', index: 0 }],
}).bytes;

describe.each(engines)('instances on %s', (_name, W) => {
  it('instantiates by both overloads and compiles', async () => {
    const f = (x: number): number => x * 2;
    const pair = await W.instantiate(hostModule, { env: { f } });
    expect(pair.module).toBeInstanceOf(W.Module);
    expect(pair.instance).toBeInstanceOf(W.Instance);
    const module = await W.compile(hostModule);
    const instance = await W.instantiate(module, { env: { f } });
    expect(instance).toBeInstanceOf(W.Instance);
    expect((instance.exports.viaHost as Function)(20)).toBe(41);
    expect(W.Module.exports(module)).toEqual([
      { name: 'viaHost', kind: 'function' }, { name: 'add64', kind: 'function' },
      { name: 'square', kind: 'function' }, { name: 'f', kind: 'function' },
    ]);
    expect(W.Module.imports(module)).toEqual([{ module: 'env', name: 'f', kind: 'function' }]);
    expect(W.validate(hostModule)).toBe(true);
    expect(W.validate(hostModule.slice(0, 20))).toBe(false);
    await expect(W.compile(hostModule.slice(0, 20))).rejects.toBeInstanceOf(W.CompileError);
  });

  it('converts i64 to and from BigInt, wrapping at 64 bits', () => {
    const { exports } = new W.Instance(new W.Module(hostModule), { env: { f: () => 0 } });
    const add64 = exports.add64 as (a: unknown, b: unknown) => bigint;
    expect(add64(2n ** 63n - 1n, 1n)).toBe(-(2n ** 63n));
    expect(add64(-1n, 2n ** 64n + 5n)).toBe(4n);
    expect(() => add64(1, 2)).toThrow(TypeError);
    expect((exports.square as Function)(2 ** 16 + 1)).toBe(((2 ** 16 + 1) ** 2) | 0);
  });

  it('lets a host exception through unchanged and lets the host re-enter wasm', () => {
    const boom = new Error('boom');
    const throwing = new W.Instance(new W.Module(hostModule), { env: { f: () => { throw boom; } } });
    expect(() => (throwing.exports.viaHost as Function)(1)).toThrow(boom);
    let inner: Record<string, unknown> = {};
    const reentrant = new W.Instance(new W.Module(hostModule), {
      env: { f: (x: number) => (x > 0 ? (inner.viaHost as Function)(x - 1) * 10 : 7) },
    });
    inner = reentrant.exports;
    // f(2) = (f(1) + 1) * 10 = ((f(0) + 1) * 10 + 1) * 10, f(0) = 7
    expect((reentrant.exports.viaHost as Function)(2)).toBe(((7 + 1) * 10 + 1) * 10 + 1);
  });

  it('imports an export of another instance, and re-exports it as the same function', () => {
    const a = new W.Instance(new W.Module(hostModule), { env: { f: (x: number) => x } });
    const b = new W.Instance(new W.Module(hostModule), { env: { f: a.exports.square } });
    expect((b.exports.viaHost as Function)(9)).toBe(82);
    expect(b.exports.f).toBe(a.exports.square);
    const wrongType = () => new W.Instance(new W.Module(hostModule), { env: { f: a.exports.add64 } });
    expect(wrongType).toThrow(W.LinkError);
  });

  it('grows memory from wasm, detaching the exported buffer', () => {
    const bytes = buildModule({
      types: [[[i32], [i32]]],
      funcs: [{ type: 0, body: [op.localGet, 0, ...op.memoryGrow] }],
      memory: { min: 1, max: 3 },
      exports: [{ name: 'grow', kind: 'func', index: 0 }, { name: 'mem', kind: 'memory', index: 0 }],
    }).bytes;
    const { exports } = new W.Instance(new W.Module(bytes));
    const mem = exports.mem as WebAssembly.Memory;
    const before = mem.buffer;
    expect((exports.grow as Function)(1)).toBe(1);
    expect(before.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe(2 * 65536);
    expect((exports.grow as Function)(5)).toBe(-1);
    expect(exports.mem).toBe(mem);
  });

  it('reports a trap as RuntimeError', () => {
    const bytes = buildModule({ types: [[[], []]], funcs: [{ type: 0, body: [op.unreachable] }], exports: [{ name: 'boom', kind: 'func', index: 0 }] }).bytes;
    const { exports } = new W.Instance(new W.Module(bytes));
    expect(() => (exports.boom as Function)()).toThrow(W.RuntimeError);
    expect(() => (exports.boom as Function)()).toThrow(/unreachable/);
  });
});

describe('cross-instance calls', () => {
  it('go straight to the exporting instance\'s VMFuncRef, not through the host', () => {
    const a = new ours.Instance(new ours.Module(hostModule), { env: { f: (x: number) => x } });
    const b = new ours.Instance(new ours.Module(hostModule), { env: { f: a.exports.square } });
    const embedding = ours.store.embedding;
    const hostCall = embedding.hostFunctionCall;
    let hostCalls = 0;
    embedding.hostFunctionCall = (args) => { hostCalls++; return hostCall(args); };
    try {
      expect((b.exports.viaHost as Function)(9)).toBe(82);
      expect(hostCalls).toBe(0);
      expect((a.exports.viaHost as Function)(9)).toBe(10); // a's import is JS: one host call
      expect(hostCalls).toBe(1);
    } finally {
      embedding.hostFunctionCall = hostCall;
    }
  });
});

describe('trap backtraces', () => {
  it('name the wasm functions from the name section, innermost first, with offsets', () => {
    const { bytes, bodyRanges } = buildModule({
      types: [[[], [i32]]],
      funcs: [
        { type: 0, name: 'inner', body: [op.i32Const, ...sleb(1), op.drop, op.unreachable] },
        { type: 0, name: 'middle', body: [op.call, 0, op.i32Const, 2, op.i32Add] },
        { type: 0, name: 'outer', body: [op.call, 1] },
      ],
      exports: [{ name: 'outer', kind: 'func', index: 2 }],
    });
    const { exports } = new ours.Instance(new ours.Module(bytes));
    let error: unknown;
    try { (exports.outer as Function)(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ours.RuntimeError);
    const e = error as InstanceType<typeof ours.RuntimeError>;
    expect(e.message).toBe('unreachable');
    expect(e.wasmBacktrace.map((f) => `${f.funcIndex} ${f.name}`)).toEqual(['0 inner', '1 middle', '2 outer']);
    e.wasmBacktrace.forEach((f, i) => {
      const [start, end] = bodyRanges[i];
      expect(f.wasmOffset).toBeGreaterThanOrEqual(start);
      expect(f.wasmOffset).toBeLessThan(end);
    });
    // The unreachable is the last instruction of inner, before its `end`.
    expect(e.wasmBacktrace[0].wasmOffset).toBe(bodyRanges[0][1] - 2);
    expect(e.stack).toContain('at func[0] inner (wasm offset 0x');
    expect(e.stack).toContain('at func[2] outer (wasm offset 0x');
  });
});
