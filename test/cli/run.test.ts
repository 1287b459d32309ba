// `pulley run` on small hand-made modules: --invoke with typed arguments, traps with their
// backtraces, exit codes, --dir sandboxing, --fuel, and bad usage.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModule, f64, i32, i64, op, sleb, uleb, type ModuleDef } from '../api/wasm-builder.js';
import { sharedPath } from '../shared.js';
import { built, pulley, workDir } from './cli-helpers.js';

const work = workDir();

function writeModule(name: string, bytes: Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

const ARITH: ModuleDef = {
  types: [[[i32, i32], [i32]], [[i64, i64], [i64]], [[f64, f64], [f64]], [[i64, i32], [i32, i64]], [[], []]],
  funcs: [
    { type: 0, body: [op.localGet, 0, op.localGet, 1, op.i32Add] },
    { type: 1, body: [op.localGet, 0, op.localGet, 1, 0x7e /* i64.mul */] },
    { type: 2, body: [op.localGet, 0, op.localGet, 1, 0xa2 /* f64.mul */] },
    { type: 3, body: [op.localGet, 1, op.localGet, 0] },
    { type: 4, body: [] },
  ],
  exports: [
    { name: 'add', kind: 'func', index: 0 }, { name: 'mul64', kind: 'func', index: 1 },
    { name: 'scale', kind: 'func', index: 2 }, { name: 'swap', kind: 'func', index: 3 }, { name: 'nothing', kind: 'func', index: 4 },
  ],
};

// A Rust-style panic two calls deep: names in the name section are mangled.
const PANIC_NAME = '_ZN4core9panicking5panic17h0123456789abcdefE';
const TRAPPING = buildModule({
  types: [[[], []]],
  funcs: [
    { type: 0, body: [op.call, 1], name: 'run' },
    { type: 0, body: [op.call, 2], name: '_ZN3app4main17hfedcba9876543210E' },
    { type: 0, body: [op.unreachable], name: PANIC_NAME },
  ],
  exports: [{ name: 'run', kind: 'func', index: 0 }],
});

const WASI = 'wasi_snapshot_preview1';

/** A WASI command whose _start calls proc_exit(code). */
function exitingModule(code: number): Uint8Array {
  return buildModule({
    types: [[[i32], []], [[], []]],
    imports: [{ module: WASI, name: 'proc_exit', type: 0 }],
    funcs: [{ type: 1, body: [op.i32Const, ...sleb(code), op.call, 0] }],
    memory: { min: 1 },
    exports: [{ name: '_start', kind: 'func', index: 1 }, { name: 'memory', kind: 'memory', index: 0 }],
  }).bytes;
}

/**
 * A WASI command that opens `path` in preopen fd 3, copies up to 256 bytes of it to stdout,
 * and exits with path_open's errno when that fails.
 */
function catModule(path: string): Uint8Array {
  const PATH_AT = 100, OPENED_AT = 200, READ_IOV = 300, NREAD_AT = 400, WRITE_IOV = 500, NWRITTEN_AT = 600, BUF = 1024;
  const i32c = (n: number) => [op.i32Const, ...sleb(n)];
  const store = [0x36, 2, 0], load = [0x28, 2, 0];
  const body = [
    ...i32c(3), ...i32c(0), ...i32c(PATH_AT), ...i32c(path.length), ...i32c(0),
    op.i64Const, ...sleb(2 /* FD_READ */), op.i64Const, 0, ...i32c(0), ...i32c(OPENED_AT), op.call, 0,
    0x21, 0, // local.set 0
    op.localGet, 0, 0x04, 0x40, op.localGet, 0, op.call, 3, 0x0b, // if errno: proc_exit(errno)
    ...i32c(READ_IOV), ...i32c(BUF), ...store, ...i32c(READ_IOV + 4), ...i32c(256), ...store,
    ...i32c(OPENED_AT), ...load, ...i32c(READ_IOV), ...i32c(1), ...i32c(NREAD_AT), op.call, 1, op.drop,
    ...i32c(WRITE_IOV), ...i32c(BUF), ...store, ...i32c(WRITE_IOV + 4), ...i32c(NREAD_AT), ...load, ...store,
    ...i32c(1), ...i32c(WRITE_IOV), ...i32c(1), ...i32c(NWRITTEN_AT), op.call, 2, op.drop,
  ];
  const { bytes } = buildModule({
    types: [[[i32, i32, i32, i32, i32, i64, i64, i32, i32], [i32]], [[i32, i32, i32, i32], [i32]], [[i32], []], [[], []]],
    imports: [
      { module: WASI, name: 'path_open', type: 0 }, { module: WASI, name: 'fd_read', type: 1 },
      { module: WASI, name: 'fd_write', type: 1 }, { module: WASI, name: 'proc_exit', type: 2 },
    ],
    funcs: [{ type: 3, locals: [i32], body }],
    memory: { min: 1 },
    exports: [{ name: '_start', kind: 'func', index: 4 }, { name: 'memory', kind: 'memory', index: 0 }],
  });
  // Data section (id 11) with the path at PATH_AT; it may follow the name section.
  const text = [...new TextEncoder().encode(path)];
  const segment = [0, op.i32Const, ...sleb(PATH_AT), 0x0b, ...uleb(text.length), ...text];
  const data = [1, ...segment];
  return new Uint8Array([...bytes, 11, ...uleb(data.length), ...data]);
}

describe.skipIf(!built)('pulley run', () => {
  const arith = writeModule('arith.wasm', buildModule(ARITH).bytes);

  it('--invoke parses arguments by parameter type and prints the results', async () => {
    expect(await pulley(['run', arith, '--invoke', 'add', '--', '2', '-3'])).toMatchObject({ status: 0, stdout: '-1\n' });
    expect((await pulley(['run', arith, '--invoke', 'add', '--', '0xffffffff', '1'])).stdout).toBe('0\n');
    expect((await pulley(['run', arith, '--invoke', 'add', '--', '2147483647', '1'])).stdout).toBe('-2147483648\n');
    expect((await pulley(['run', arith, '--invoke', 'mul64', '--', '0x100000000', '3'])).stdout).toBe('12884901888\n');
    expect((await pulley(['run', arith, '--invoke', 'mul64', '--', '18446744073709551615', '5'])).stdout).toBe('-5\n');
    expect((await pulley(['run', arith, '--invoke', 'scale', '--', '1.5', '-2.25'])).stdout).toBe('-3.375\n');
    expect((await pulley(['run', arith, '--invoke', 'scale', '--', 'inf', '-1'])).stdout).toBe('-inf\n');
    expect((await pulley(['run', arith, '--invoke', 'scale', '--', 'nan', '2'])).stdout).toBe('NaN\n');
    expect((await pulley(['run', arith, '--invoke', 'swap', '--', '-7', '9'])).stdout).toBe('9\n-7\n');
    expect(await pulley(['run', arith, '--invoke', 'nothing'])).toMatchObject({ status: 0, stdout: '' });
  });

  it('bad --invoke arguments are one-line errors with status 2', async () => {
    for (const args of [
      ['--invoke', 'add', '--', '1'], ['--invoke', 'add', '--', '1', 'x'], ['--invoke', 'add', '--', '1', '4294967296'],
      ['--invoke', 'mul64', '--', '1', '-9223372036854775809'], ['--invoke', 'scale', '--', '1', '1.2.3'],
      ['--invoke', 'missing'],
    ]) {
      const r = await pulley(['run', arith, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^pulley: run: [^\n]+\n$/);
    }
    expect((await pulley(['run', arith, '--invoke', 'missing'])).stderr).toContain('add, mul64, scale, swap, nothing');
  });

  it('a trap prints the message and the demangled backtrace, and exits with 134', async () => {
    const path = writeModule('trap.wasm', TRAPPING.bytes);
    // Each body is: size byte, local-declaration count 0, then the instruction.
    const at = (f: number) => `0x${(TRAPPING.bodyRanges[f]![0] + 2).toString(16)}`;
    for (const tier of ['interp', 'js']) {
      const r = await pulley(['run', '--tier', tier, path, '--invoke', 'run']);
      expect(r.status, tier).toBe(134);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n'), tier).toEqual([
        'Error: unreachable',
        'wasm backtrace:',
        `  0: func[2] core::panicking::panic (wasm offset ${at(2)})`,
        `  1: func[1] app::main (wasm offset ${at(1)})`,
        `  2: func[0] run (wasm offset ${at(0)})`,
        '',
      ]);
    }
  });

  it('the program exit code is ours', async () => {
    for (const code of [0, 3, 77]) {
      const path = writeModule(`exit${code}.wasm`, exitingModule(code));
      expect((await pulley(['run', path])).status).toBe(code);
    }
  });

  it('--dir opens a directory to the program and nothing outside it', async () => {
    const root = join(work, 'sandbox');
    mkdirSync(join(root, 'inner'), { recursive: true });
    writeFileSync(join(root, 'inner', 'note.txt'), 'hello from the sandbox\n');
    writeFileSync(join(root, 'secret.txt'), 'do not read\n');
    const inner = join(root, 'inner');
    const reading = writeModule('cat-note.wasm', catModule('note.txt'));
    expect(await pulley(['run', '--dir', `${inner}::data`, reading])).toMatchObject({ status: 0, stdout: 'hello from the sandbox\n' });
    const escaping = writeModule('cat-secret.wasm', catModule('../secret.txt'));
    const r = await pulley(['run', '--dir', inner, escaping]);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(76); // ENOTCAPABLE: path_open's errno, handed to proc_exit
    // Without --dir there is no fd 3 at all: EBADF (8).
    expect((await pulley(['run', reading])).status).toBe(8);
  });

  it('--fuel stops a program that runs too long', async () => {
    // loop: br 0 forever.
    const forever = writeModule('forever.wasm', buildModule({
      types: [[[], []]], funcs: [{ type: 0, body: [0x03, 0x40, 0x0c, 0, 0x0b] }], exports: [{ name: 'spin', kind: 'func', index: 0 }],
    }).bytes);
    const r = await pulley(['run', '--fuel', '1000', forever, '--invoke', 'spin']);
    expect(r.status).toBe(134);
    expect(r.stderr).toMatch(/^Error: all fuel consumed\nwasm backtrace:\n {2}0: func\[0\] func0 \(wasm offset 0x[0-9a-f]+\)\n$/);
    expect((await pulley(['run', '--fuel', '1000', arith, '--invoke', 'add', '--', '1', '2'])).stdout).toBe('3\n');
  });

  it('bad usage and bad files are one-line errors with status 2', async () => {
    const notWasm = join(work, 'not.wasm');
    writeFileSync(notWasm, Uint8Array.of(1, 2, 0, 4));
    const truncated = writeModule('truncated.wasm', buildModule(ARITH).bytes.slice(0, 20));
    for (const args of [
      ['run'], ['run', join(work, 'absent.wasm')], ['run', notWasm], ['run', truncated], ['run', arith, '--bogus'],
      ['run', '--tier', 'jit', arith], ['run', '--fuel', '-1', arith], ['run', '--dir', join(work, 'absent'), arith],
      ['run', arith], ['run', '--env', '=x', arith],
    ]) {
      const r = await pulley(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^pulley: [^\n]+\n$/);
    }
    expect((await pulley(['run', truncated])).stderr).toMatch(/truncated\.wasm: .*offset/);
  });

  it('--help shows the usage with examples', async () => {
    const r = await pulley(['run', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pulley run PROGRAM/);
    expect(r.stdout).toContain('Examples:');
  });

  it.skipIf(!sharedPath('bench'))('the examples of run, compile and jsgen --help run', async () => {
    // The files the examples name, in a folder of their own.
    const dir = join(work, 'examples');
    mkdirSync(join(dir, 'data'), { recursive: true });
    copyFileSync(join(sharedPath('bench')!, 'wasm', 'fannkuch.wasm'), join(dir, 'fannkuch.wasm'));
    writeFileSync(join(dir, 'add.wasm'), buildModule(ARITH).bytes);
    writeFileSync(join(dir, 'cat.wasm'), catModule('notes.txt'));
    writeFileSync(join(dir, 'data', 'notes.txt'), 'notes\n');
    writeFileSync(join(dir, 'loop.wasm'), buildModule({
      types: [[[], []]], funcs: [{ type: 0, body: [0x03, 0x40, 0x0c, 0, 0x0b] }],
      memory: { min: 1 }, exports: [{ name: '_start', kind: 'func', index: 0 }, { name: 'memory', kind: 'memory', index: 0 }],
    }).bytes);
    const expectedStatus: Record<string, number> = { 'loop.wasm': 134 };
    for (const command of ['compile', 'jsgen', 'run']) {
      const usage = (await pulley([command, '--help'])).stdout;
      const examples = usage.split('Examples:\n')[1]!.split('\n\n')[0]!.split('\n')
        .map((l) => l.trim()).filter((l) => l.startsWith('pulley '));
      expect(examples.length, command).toBeGreaterThan(0);
      for (const example of examples) {
        const args = example.replace(/\s+#.*$/, '').split(/\s+/).slice(1);
        const r = await pulley(args, { cwd: dir });
        const status = expectedStatus[args.find((a) => a.endsWith('.wasm')) ?? ''] ?? 0;
        expect({ example, status: r.status, stderr: status === 0 ? r.stderr : '' }).toEqual({ example, status, stderr: '' });
      }
    }
  });
});
