// Our SIMD bench program (bench/programs/simd) on both of our tiers: the JS tier at the
// program's small size against the expected output (made by Node's WebAssembly), and the
// interpreter, too slow for that size in a test, at a few rounds against Node's own run.

import { describe, expect, it } from 'vitest';
import { argsFor, loadOwnProgram, type Program } from '../../bench/programs.js';
import { createWebAssembly, type Tier } from '../../src/index.js';
import { Wasi } from '../../runtime/wasi/index.js';

interface Run { stdout: string; exitCode: number }

type Namespace = Pick<typeof WebAssembly, 'Module' | 'Instance'>;

function run(W: Namespace, program: Program, args: readonly string[]): Run {
  let stdout = '';
  const wasi = new Wasi({ args, stdout: (b: Uint8Array) => { stdout += Buffer.from(b).toString(); }, stderr: () => {} });
  const instance = new W.Instance(new W.Module(program.wasm), wasi.imports as WebAssembly.Imports);
  const exitCode = wasi.start(instance as never);
  return { stdout, exitCode };
}

const ours = (tier: Tier) => createWebAssembly({ tier }) as unknown as Namespace;

/** Rounds for the interpreter: about 0.1 s each there. */
const INTERP_ROUNDS = '12';

describe('SIMD bench program', () => {
  const simd = loadOwnProgram('simd');

  it('is a SIMD module with the sizes of its README row', () => {
    expect(WebAssembly.Module.imports(new WebAssembly.Module(simd.wasm)).every((i) => i.module === 'wasi_snapshot_preview1')).toBe(true);
    // v128.load is 0xfd 0x00 with a memarg: clang put vector code in, not scalar fallbacks.
    expect(Buffer.from(simd.wasm).includes(Buffer.of(0xfd, 0x00, 0x04))).toBe(true);
    expect(simd.sizeArgs.small).toMatch(/^\d+$/);
    expect(simd.expected.small).toMatch(new RegExp(`^rounds ${simd.sizeArgs.small}\\n`));
  });

  it("Node's WebAssembly prints the expected output at the small size", () => {
    expect(run(WebAssembly, simd, argsFor(simd, 'small'))).toEqual({ stdout: simd.expected.small, exitCode: 0 });
  });

  it('the JS tier prints the expected output at the small size', () => {
    expect(run(ours('js'), simd, argsFor(simd, 'small'))).toEqual({ stdout: simd.expected.small, exitCode: 0 });
  });

  it(`the interpreter prints what Node's WebAssembly prints at ${INTERP_ROUNDS} rounds`, () => {
    const args = ['simd.wasm', INTERP_ROUNDS];
    const oracle = run(WebAssembly, simd, args);
    expect(oracle.exitCode).toBe(0);
    expect(oracle.stdout).toMatch(new RegExp(`^rounds ${INTERP_ROUNDS}\\n(.+\\n){6}$`));
    expect(run(ours('interp'), simd, args)).toEqual(oracle);
  });
});
