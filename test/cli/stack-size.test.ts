// The wasm stack size: createWebAssembly's stackSize and `pulley run --stack-size` reach the
// machine. A recursion that fits the default 1 MiB stack overflows a small one, with the
// clear "call stack exhausted" trap, on both tiers.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebAssembly, RuntimeError, type Tier } from '../../src/index.js';
import { buildModule, i32, op, sleb } from '../api/wasm-builder.js';
import { built, pulley, workDir } from './cli-helpers.js';

/** depth(n) = n == 0 ? 0 : depth(n - 1) + 1: one frame per unit of n. */
const RECURSIVE = buildModule({
  types: [[[i32], [i32]]],
  funcs: [{
    type: 0,
    name: 'depth',
    body: [
      op.localGet, 0, 0x45 /* i32.eqz */, 0x04, i32 /* if (result i32) */, op.i32Const, 0,
      0x05 /* else */, op.localGet, 0, op.i32Const, 1, 0x6b /* i32.sub */, op.call, 0, op.i32Const, 1, op.i32Add, 0x0b,
    ],
  }],
  exports: [{ name: 'depth', kind: 'func', index: 0 }],
}).bytes;

/** Deep enough to need well over 16 KiB of stack (each frame saves fp and lr: 16 bytes at least). */
const DEEP = 5_000;
const SMALL_STACK = 16 * 1024;
const TIERS: Tier[] = ['interp', 'js'];

function depthOn(tier: Tier, stackSize?: number): (n: number) => number {
  const W = createWebAssembly({ tier, stackSize });
  return new W.Instance(new W.Module(RECURSIVE)).exports.depth as (n: number) => number;
}

describe('createWebAssembly stackSize', () => {
  it('Node agrees on what the recursion computes', () => {
    const native = new WebAssembly.Instance(new WebAssembly.Module(RECURSIVE)).exports.depth as (n: number) => number;
    expect(native(DEEP)).toBe(DEEP);
  });

  it.each(TIERS)('%s: a deep recursion fits the default stack and overflows a small one', (tier) => {
    expect(depthOn(tier)(DEEP)).toBe(DEEP);
    const small = depthOn(tier, SMALL_STACK);
    expect(small(100)).toBe(100); // a small stack still runs shallow calls
    let error: unknown;
    try { small(DEEP); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe('call stack exhausted');
    expect((error as RuntimeError).wasmBacktrace[0]?.name).toBe('depth');
    expect(small(100)).toBe(100); // and the namespace is usable after the trap
  });

  it.each(TIERS)('%s: a bigger stack than the default allows a deeper recursion', (tier) => {
    const deeper = 200_000; // over 1 MiB at 16 bytes or more a frame
    expect(() => depthOn(tier)(deeper)).toThrow('call stack exhausted');
    expect(depthOn(tier, 64 << 20)(deeper)).toBe(deeper);
  });

  it('rejects sizes that are not a usable number of bytes', () => {
    for (const bad of [0, -1, 100, 1.5, NaN, 2 ** 31, '65536']) {
      expect(() => createWebAssembly({ stackSize: bad as number }), String(bad)).toThrow(/stackSize must be an integer from/);
    }
  });
});

describe.skipIf(!built)('pulley run --stack-size', () => {
  const path = join(workDir(), 'depth.wasm');
  writeFileSync(path, RECURSIVE);

  it.each(TIERS)('%s: reaches the engine (a too-small stack traps with status 134)', async (tier) => {
    const run = (extra: string[]) => pulley(['run', '--tier', tier, ...extra, path, '--invoke', 'depth', '--', String(DEEP)]);
    const [fits, overflows] = await Promise.all([run([]), run(['--stack-size', String(SMALL_STACK)])]);
    expect(fits).toMatchObject({ status: 0, stdout: `${DEEP}\n`, stderr: '' });
    expect(overflows.status).toBe(134);
    expect(overflows.stdout).toBe('');
    expect(overflows.stderr).toMatch(/^Error: call stack exhausted\nwasm backtrace:\n {2}0: func\[0\] depth \(wasm offset 0x[0-9a-f]+\)\n/);
  });

  it('reaches the generated code of a jsgen module too', async () => {
    const generated = path.replace(/\.wasm$/, '.mjs');
    expect(await pulley(['jsgen', path, '-o', generated])).toMatchObject({ status: 0, stderr: '' });
    const run = (extra: string[]) => pulley(['run', ...extra, generated, '--invoke', 'depth', '--', String(DEEP)]);
    const [fits, overflows] = await Promise.all([run([]), run(['--stack-size', String(SMALL_STACK)])]);
    expect(fits).toMatchObject({ status: 0, stdout: `${DEEP}\n`, stderr: '' });
    expect(overflows.status).toBe(134);
    expect(overflows.stderr).toMatch(/^Error: call stack exhausted\n/);
  });

  it('a bad size is a one-line usage error', async () => {
    for (const size of ['12', '1.5', 'big']) {
      const r = await pulley(['run', '--stack-size', size, path, '--invoke', 'depth', '--', '1']);
      expect(r.status, size).toBe(2);
      expect(r.stderr, size).toMatch(/^pulley: run: --stack-size[^\n]*\n$/);
    }
  });
});
