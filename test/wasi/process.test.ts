// args/environ, clocks, random, stdio, poll_oneoff, and start()/proc_exit with real
// (hand-encoded) modules under Node's own WebAssembly.

import { describe, it, expect } from 'vitest';
import { Wasi, WasiUsageError, type WasiOptions } from '../../runtime/wasi/index.js';

const E = { SUCCESS: 0, BADF: 8, FAULT: 21, INVAL: 28, NOSYS: 52 };

function direct(options: WasiOptions = {}) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const wasi = new Wasi(options);
  wasi.initialize({ exports: { memory } });
  const w = wasi.imports.wasi_snapshot_preview1 as Record<string, (...args: any[]) => number>;
  return { w, memory, view: () => new DataView(memory.buffer), bytes: () => new Uint8Array(memory.buffer) };
}

function cString(bytes: Uint8Array, at: number): string {
  const end = bytes.indexOf(0, at);
  return new TextDecoder().decode(bytes.subarray(at, end));
}

// ## A tiny wasm encoder for test modules (binary format from the core spec)

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}
const str = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const I32 = 0x7f;
const op = {
  i32const: (n: number) => [0x41, ...sleb(n)], call: (f: number) => [0x10, ...uleb(f)],
  drop: [0x1a], memoryGrow: [0x40, 0x00], i32store: [0x36, 0x02, 0x00], end: [0x0b],
};

/** A command module: WASI imports (name, params, results), one page of memory, `_start` = body. */
function command(imports: [string, number, number][], body: number[], data: [number, string][] = []): Uint8Array<ArrayBuffer> {
  const types = imports.map(([, params, results]) => [0x60, ...vec(Array(params).fill([I32])), ...vec(Array(results).fill([I32]))]);
  const startType = types.length;
  types.push([0x60, 0, 0]);
  const code = [0, ...body, ...op.end]; // no locals
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports.map(([name], i) => [...str('wasi_snapshot_preview1'), ...str(name), 0x00, ...uleb(i)]))),
    ...section(3, vec([uleb(startType)])),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(7, vec([[...str('memory'), 0x02, 0x00], [...str('_start'), 0x00, ...uleb(imports.length)]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
    ...section(11, vec(data.map(([at, text]) => [0x00, ...op.i32const(at), ...op.end, ...str(text)]))),
  ]);
}

function run(module: Uint8Array<ArrayBuffer>, options: WasiOptions = {}) {
  const wasi = new Wasi(options);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(module), wasi.imports);
  return { wasi, instance, code: wasi.start(instance) };
}

describe('start and proc_exit with real modules', () => {
  for (const exitCode of [0, 7, 255]) {
    it(`returns proc_exit(${exitCode})'s code`, () => {
      const module = command([['proc_exit', 1, 0]], [...op.i32const(exitCode), ...op.call(0)]);
      expect(run(module).code).toBe(exitCode);
    });
  }

  it('returns 0 when _start returns', () => {
    expect(run(command([], [])).code).toBe(0);
  });

  it('reads memory afresh after the guest grows it', () => {
    // A WASI call (so the old buffer was seen), then grow by 3 pages, build the iovec in
    // the new pages, fd_write it and exit with the errno.
    const iov = 3 * 65536;
    const module = command([['fd_write', 4, 1], ['proc_exit', 1, 0], ['args_sizes_get', 2, 1]], [
      ...op.i32const(100), ...op.i32const(104), ...op.call(2), ...op.drop,
      ...op.i32const(3), ...op.memoryGrow, ...op.drop,
      ...op.i32const(iov), ...op.i32const(16), ...op.i32store,
      ...op.i32const(iov + 4), ...op.i32const(6), ...op.i32store,
      ...op.i32const(1), ...op.i32const(iov), ...op.i32const(1), ...op.i32const(iov + 8), ...op.call(0),
      ...op.call(1),
    ], [[16, 'grown\n']]);
    const out: number[] = [];
    const { code } = run(module, { stdout: (b) => out.push(...b) });
    expect(code).toBe(E.SUCCESS);
    expect(new TextDecoder().decode(new Uint8Array(out))).toBe('grown\n');
  });

  it('refuses misuse with WasiUsageError', () => {
    const wasi = new Wasi();
    expect(() => wasi.start({ exports: { _start: () => {} } })).toThrow(WasiUsageError);
    const { wasi: used, instance } = run(command([], []));
    expect(() => used.start(instance)).toThrow(/already started/);
  });
});

describe('args and environ', () => {
  const args = ['prog.wasm', 'héllo wörld', '', '42'];
  const env = { HOME: '/home/guest', EQ: 'a=b', EMPTY: '' };
  const { w, view, bytes } = direct({ args, env });

  const roundTrip = (sizes: string, get: string, expected: string[]) => {
    expect(w[sizes]!(0, 4)).toBe(0);
    expect(view().getUint32(0, true)).toBe(expected.length);
    expect(view().getUint32(4, true)).toBe(expected.reduce((n, s) => n + Buffer.byteLength(s) + 1, 0));
    const pointers = 64, buf = 256;
    expect(w[get]!(pointers, buf)).toBe(0);
    const got = expected.map((_, i) => cString(bytes(), view().getUint32(pointers + 4 * i, true)));
    expect(got).toEqual(expected);
  };

  it('round-trips args as UTF-8', () => roundTrip('args_sizes_get', 'args_get', args));
  it('round-trips the environment as KEY=value', () =>
    roundTrip('environ_sizes_get', 'environ_get', ['HOME=/home/guest', 'EQ=a=b', 'EMPTY=']));
  it('faults on pointers outside memory', () => {
    expect(w.args_get!(65536 - 2, 0)).toBe(E.FAULT);
    expect(w.args_sizes_get!(-4, 0)).toBe(E.FAULT);
  });
});

describe('clocks and random', () => {
  const { w, view, bytes } = direct();

  it('gives realtime close to Date.now()', () => {
    expect(w.clock_time_get!(0, 1n, 8)).toBe(0);
    const ms = Number(view().getBigUint64(8, true) / 1_000_000n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(1000);
  });

  it('gives monotonic and cputime clocks that never go back, with a resolution', () => {
    for (const id of [1, 2, 3]) {
      expect(w.clock_time_get!(id, 0n, 8)).toBe(0);
      const first = view().getBigUint64(8, true);
      let spin = 0;
      for (let i = 0; i < 1e5; i++) spin += i;
      expect(spin).toBeGreaterThan(0);
      expect(w.clock_time_get!(id, 0n, 8)).toBe(0);
      expect(view().getBigUint64(8, true)).toBeGreaterThanOrEqual(first);
      expect(w.clock_res_get!(id, 16)).toBe(0);
      expect(view().getBigUint64(16, true)).toBeGreaterThan(0n);
    }
  });

  it('rejects unknown clocks', () => {
    expect(w.clock_time_get!(4, 0n, 8)).toBe(E.INVAL);
    expect(w.clock_res_get!(99, 8)).toBe(E.INVAL);
  });

  it('fills buffers with random bytes', () => {
    expect(w.random_get!(1000, 4096)).toBe(0);
    expect(w.random_get!(6000, 4096)).toBe(0);
    const a = bytes().slice(1000, 1000 + 4096), b = bytes().slice(6000, 6000 + 4096);
    expect(a.some((x) => x !== 0)).toBe(true);
    expect(Buffer.compare(a, b)).not.toBe(0);
    // Every byte value shows up in 8 KiB of random data (chance of a miss ~ 256 * e^-32).
    expect(new Set([...a, ...b]).size).toBe(256);
    expect(w.random_get!(65536 - 10, 11)).toBe(E.FAULT);
  });
});

describe('stdio', () => {
  it('reads stdin from the given text and writes stdout/stderr to callbacks', () => {
    const out: string[] = [], err: string[] = [];
    const { w, view, bytes } = direct({
      stdin: 'line one\nline two\n',
      stdout: (b) => out.push(new TextDecoder().decode(b)),
      stderr: (b) => err.push(new TextDecoder().decode(b)),
    });
    view().setUint32(0, 100, true); view().setUint32(4, 9, true);
    expect(w.fd_read!(0, 0, 1, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(9);
    expect(new TextDecoder().decode(bytes().slice(100, 109))).toBe('line one\n');
    view().setUint32(4, 100, true);
    expect(w.fd_read!(0, 0, 1, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(9);
    expect(w.fd_read!(0, 0, 1, 8)).toBe(0);
    expect(view().getUint32(8, true)).toBe(0); // end of input

    view().setUint32(4, 4, true);
    expect(w.fd_write!(1, 0, 1, 8)).toBe(0);
    expect(w.fd_write!(2, 0, 1, 8)).toBe(0);
    expect(out).toEqual(['line']);
    expect(err).toEqual(['line']);
    expect(w.fd_write!(0, 0, 1, 8)).toBe(E.BADF); // stdin is not writable
    expect(w.fd_seek!(1, 0n, 0, 16)).toBe(70); // ESPIPE
  });

  it('describes stdout as a character device', () => {
    const { w, view } = direct({ stdout: () => {} });
    expect(w.fd_fdstat_get!(1, 32)).toBe(0);
    expect(view().getUint8(32)).toBe(2); // filetype character_device
    const rights = view().getBigUint64(40, true);
    expect(rights & (1n << 6n)).not.toBe(0n); // fd_write
    expect(rights & (1n << 2n)).toBe(0n); // no fd_seek
    expect(w.fd_fdstat_get!(9, 32)).toBe(E.BADF);
  });
});

describe('poll_oneoff and the rest', () => {
  it('sleeps until a relative clock subscription expires', () => {
    const { w, view } = direct();
    const sub = 0, events = 100, nevents = 200;
    view().setBigUint64(sub, 0xabcdn, true); // userdata
    view().setUint8(sub + 8, 0); // clock
    view().setUint32(sub + 16, 1, true); // monotonic
    view().setBigUint64(sub + 24, 30_000_000n, true); // 30 ms
    const started = performance.now();
    expect(w.poll_oneoff!(sub, events, 1, nevents)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    expect(view().getUint32(nevents, true)).toBe(1);
    expect(view().getBigUint64(events, true)).toBe(0xabcdn);
    expect(view().getUint16(events + 8, true)).toBe(0);
    expect(view().getUint8(events + 10)).toBe(0);
  });

  it('reports descriptor subscriptions at once, with EBADF for closed ones', () => {
    const { w, view } = direct({ stdout: () => {} });
    const sub = 0, events = 200, nevents = 400;
    view().setBigUint64(sub, 1n, true); view().setUint8(sub + 8, 2); view().setUint32(sub + 16, 1, true);
    view().setBigUint64(sub + 48, 2n, true); view().setUint8(sub + 56, 1); view().setUint32(sub + 64, 77, true);
    view().setBigUint64(sub + 96, 3n, true); view().setUint8(sub + 104, 0); view().setUint32(sub + 112, 1, true);
    view().setBigUint64(sub + 120, 10_000_000_000n, true); // a 10 s clock that must not be waited for
    const started = performance.now();
    expect(w.poll_oneoff!(sub, events, 3, nevents)).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(view().getUint32(nevents, true)).toBe(2);
    expect([view().getBigUint64(events, true), view().getUint16(events + 8, true), view().getUint8(events + 10)]).toEqual([1n, 0, 2]);
    expect([view().getBigUint64(events + 32, true), view().getUint16(events + 40, true), view().getUint8(events + 42)]).toEqual([2n, E.BADF, 1]);
    expect(w.poll_oneoff!(sub, events, 0, nevents)).toBe(E.INVAL);
  });

  it('answers ENOSYS for what it leaves out, and sched_yield succeeds', () => {
    const { w } = direct();
    expect(w.sock_accept!(3, 0, 0)).toBe(E.NOSYS);
    expect(w.fd_renumber!(1, 5)).toBe(E.NOSYS);
    expect(w.sched_yield!()).toBe(0);
  });
});
