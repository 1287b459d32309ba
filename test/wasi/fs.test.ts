// File-system calls against both backends, driven directly against a WebAssembly.Memory:
// ordinary use inside a preopen, and every way out of it (.., absolute paths, symlinks)
// refused with an errno. Numbers and layouts are written here from the preview1 spec,
// independently of runtime/wasi/constants.ts.

import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wasi, MemoryFileSystem, HostFileSystem, type WasiOptions } from '../../runtime/wasi/index.js';

const E = {
  SUCCESS: 0, BADF: 8, BUSY: 10, EXIST: 20, FAULT: 21, INVAL: 28, ISDIR: 31, LOOP: 32,
  NOENT: 44, NOSYS: 52, NOTDIR: 54, NOTEMPTY: 55, NOTCAPABLE: 76,
};
const O = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 };
const FOLLOW = 1;
const ALL_RIGHTS = (1n << 64n) - 1n;
const FILETYPE = { DIRECTORY: 3, REGULAR_FILE: 4, SYMBOLIC_LINK: 7 };
const PREOPEN_FD = 3;
const text = new TextEncoder();

/** Calls the imports against a fresh memory, with a bump allocator for arguments. */
function harness(options: WasiOptions) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  const wasi = new Wasi(options);
  wasi.initialize({ exports: { memory } });
  const w = wasi.imports.wasi_snapshot_preview1 as Record<string, (...args: any[]) => number>;
  let top = 64;
  const alloc = (n: number) => { const p = top; top += (n + 7) & ~7; return p; };
  const bytes = () => new Uint8Array(memory.buffer);
  const view = () => new DataView(memory.buffer);
  const put = (data: Uint8Array) => { const p = alloc(data.length); bytes().set(data, p); return p; };
  const path = (s: string): [number, number] => { const b = text.encode(s); return [put(b), b.length]; };

  const h = {
    w, memory,
    open(p: string, oflags = 0, lookup = FOLLOW, dirFd = PREOPEN_FD, fdflags = 0): { errno: number; fd: number } {
      const out = alloc(4);
      const errno = w.path_open!(dirFd, lookup, ...path(p), oflags, ALL_RIGHTS, ALL_RIGHTS, fdflags, out);
      return { errno, fd: view().getUint32(out, true) };
    },
    write(fd: number, data: string): number {
      const iov = alloc(16), nw = alloc(4);
      const half = Math.floor(data.length / 2); // two iovecs, to exercise gathering
      const a = put(text.encode(data.slice(0, half))), b = put(text.encode(data.slice(half)));
      view().setUint32(iov, a, true); view().setUint32(iov + 4, half, true);
      view().setUint32(iov + 8, b, true); view().setUint32(iov + 12, text.encode(data.slice(half)).length, true);
      const errno = w.fd_write!(fd, iov, 2, nw);
      if (errno === 0) expect(view().getUint32(nw, true)).toBe(text.encode(data).length);
      return errno;
    },
    read(fd: number, max = 256): { errno: number; text: string } {
      const iov = alloc(8), nr = alloc(4), buf = alloc(max);
      view().setUint32(iov, buf, true); view().setUint32(iov + 4, max, true);
      const errno = w.fd_read!(fd, iov, 1, nr);
      return { errno, text: new TextDecoder().decode(bytes().slice(buf, buf + view().getUint32(nr, true))) };
    },
    readFile(p: string): { errno: number; text: string } {
      const { errno, fd } = h.open(p);
      if (errno !== 0) return { errno, text: '' };
      const result = h.read(fd);
      expect(w.fd_close!(fd)).toBe(0);
      return result;
    },
    stat(p: string, lookup = FOLLOW): { errno: number; type: number; size: bigint } {
      const buf = alloc(64);
      const errno = w.path_filestat_get!(PREOPEN_FD, lookup, ...path(p), buf);
      return { errno, type: bytes()[buf + 16]!, size: view().getBigUint64(buf + 32, true) };
    },
    /** Names from fd_readdir, read with a small buffer to exercise the cookie protocol. */
    readdir(fd: number): { errno: number; names: string[] } {
      const names: string[] = [];
      const bufLen = 40, buf = alloc(bufLen), used = alloc(4);
      let cookie = 0n;
      for (let rounds = 0; rounds < 100; rounds++) {
        const errno = w.fd_readdir!(fd, buf, bufLen, cookie, used);
        if (errno !== 0) return { errno, names };
        const n = view().getUint32(used, true);
        let at = 0;
        // Take each complete entry; a partial one is re-read from its cookie next round.
        while (at + 24 <= n) {
          const namlen = view().getUint32(buf + at + 16, true);
          if (at + 24 + namlen > n) break;
          names.push(new TextDecoder().decode(bytes().slice(buf + at + 24, buf + at + 24 + namlen)));
          cookie = view().getBigUint64(buf + at, true);
          at += 24 + namlen;
        }
        if (n < bufLen) return { errno: 0, names };
      }
      throw new Error('fd_readdir never finished');
    },
    mkdir: (p: string) => w.path_create_directory!(PREOPEN_FD, ...path(p)),
    rmdir: (p: string) => w.path_remove_directory!(PREOPEN_FD, ...path(p)),
    unlink: (p: string) => w.path_unlink_file!(PREOPEN_FD, ...path(p)),
    symlink: (target: string, p: string) => w.path_symlink!(...path(target), PREOPEN_FD, ...path(p)),
    rename: (from: string, to: string) => w.path_rename!(PREOPEN_FD, ...path(from), PREOPEN_FD, ...path(to)),
    readlink(p: string): { errno: number; text: string } {
      const buf = alloc(128), used = alloc(4);
      const errno = w.path_readlink!(PREOPEN_FD, ...path(p), buf, 128, used);
      return { errno, text: new TextDecoder().decode(bytes().slice(buf, buf + view().getUint32(used, true))) };
    },
  };
  return h;
}

/**
 * The same tree in each backend:
 *   <outside>/secret.txt            (must stay unreachable)
 *   <sandbox>/hello.txt = "hello"   <sandbox>/sub/x.txt = "x"
 *   <sandbox>/inner -> sub/x.txt    (fine: stays inside)
 *   <sandbox>/escape -> ../secret.txt, abs -> <outside>/secret.txt, up -> ..   (escapes)
 */
interface Fixture {
  options: WasiOptions;
  exists(rel: string): boolean;
  contents(rel: string): string;
}

const tempRoots: string[] = [];
afterAll(() => { for (const dir of tempRoots) rmSync(dir, { recursive: true, force: true }); });

function hostFixture(): Fixture {
  const outside = mkdtempSync(join(tmpdir(), 'pulley-wasi-'));
  tempRoots.push(outside);
  const sandbox = join(outside, 'sandbox');
  mkdirSync(join(sandbox, 'sub'), { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(sandbox, 'hello.txt'), 'hello');
  writeFileSync(join(sandbox, 'sub', 'x.txt'), 'x');
  symlinkSync('sub/x.txt', join(sandbox, 'inner'));
  symlinkSync('../secret.txt', join(sandbox, 'escape'));
  symlinkSync(join(outside, 'secret.txt'), join(sandbox, 'abs'));
  symlinkSync('..', join(sandbox, 'up'));
  return {
    options: { preopens: { '/sandbox': sandbox } },
    exists: (rel) => existsSync(join(outside, rel)),
    contents: (rel) => readFileSync(join(outside, rel), 'utf8'),
  };
}

function memoryFixture(): Fixture {
  const fs = new MemoryFileSystem({ 'secret.txt': 'secret', sandbox: { 'hello.txt': 'hello', sub: { 'x.txt': 'x' } } });
  fs.symlink('sub/x.txt', '/sandbox/inner');
  fs.symlink('../secret.txt', '/sandbox/escape');
  fs.symlink('/secret.txt', '/sandbox/abs');
  fs.symlink('..', '/sandbox/up');
  return {
    options: { fs, preopens: { '/sandbox': '/sandbox' } },
    exists: (rel) => fs.exists('/' + rel),
    contents: (rel) => new TextDecoder().decode(fs.readFile('/' + rel)),
  };
}

describe.each([
  { backend: 'host fs', makeFixture: hostFixture },
  { backend: 'memory fs', makeFixture: memoryFixture },
])('WASI file system: $backend', ({ makeFixture }) => {
  const fresh = () => {
    const fixture = makeFixture();
    return { fixture, h: harness(fixture.options) };
  };

  it('reports the preopen by name', () => {
    const { h } = fresh();
    const prestat = 16, name = 32;
    expect(h.w.fd_prestat_get!(PREOPEN_FD, prestat)).toBe(0);
    const view = new DataView(h.memory.buffer);
    expect(view.getUint8(prestat)).toBe(0); // preopentype dir
    expect(view.getUint32(prestat + 4, true)).toBe('/sandbox'.length);
    expect(h.w.fd_prestat_dir_name!(PREOPEN_FD, name, 8)).toBe(0);
    expect(new TextDecoder().decode(new Uint8Array(h.memory.buffer, name, 8))).toBe('/sandbox');
    expect(h.w.fd_prestat_get!(PREOPEN_FD + 1, prestat)).toBe(E.BADF); // where wasi-libc stops looking
  });

  it('reads, writes, seeks and truncates files', () => {
    const { fixture, h } = fresh();
    expect(h.readFile('hello.txt')).toEqual({ errno: 0, text: 'hello' });
    expect(h.readFile('sub/../hello.txt')).toEqual({ errno: 0, text: 'hello' });
    expect(h.readFile('./sub/x.txt')).toEqual({ errno: 0, text: 'x' });

    const { errno, fd } = h.open('new.txt', O.CREAT | O.EXCL);
    expect(errno).toBe(0);
    expect(h.write(fd, 'first line\n')).toBe(0);
    expect(fixture.contents('sandbox/new.txt')).toBe('first line\n');
    const pos = 900;
    expect(h.w.fd_seek!(fd, 6n, 0, pos)).toBe(0); // whence set
    expect(new DataView(h.memory.buffer).getBigUint64(pos, true)).toBe(6n);
    expect(h.read(fd)).toEqual({ errno: 0, text: 'line\n' });
    expect(h.w.fd_seek!(fd, -5n, 2, pos)).toBe(0); // whence end
    expect(new DataView(h.memory.buffer).getBigUint64(pos, true)).toBe(6n);
    expect(h.w.fd_seek!(fd, -100n, 1, pos)).toBe(E.INVAL); // before the start
    expect(h.w.fd_filestat_set_size!(fd, 5n)).toBe(0);
    expect(fixture.contents('sandbox/new.txt')).toBe('first');
    expect(h.w.fd_close!(fd)).toBe(0);
    expect(h.w.fd_close!(fd)).toBe(E.BADF);

    expect(h.open('new.txt', O.CREAT | O.EXCL).errno).toBe(E.EXIST);
    expect(h.open('missing.txt').errno).toBe(E.NOENT);
    expect(h.open('hello.txt', O.DIRECTORY).errno).toBe(E.NOTDIR);
    expect(h.open('hello.txt/x').errno).toBe(E.NOTDIR);
    expect(h.open('hello.txt/').errno).toBe(E.NOTDIR);
    expect(h.open('sub/').errno).toBe(0);

    // O_TRUNC, then append mode (fdflags APPEND = 1).
    const t = h.open('hello.txt', O.TRUNC);
    expect(t.errno).toBe(0);
    expect(h.write(t.fd, 'ab')).toBe(0);
    const a = h.open('hello.txt', 0, FOLLOW, PREOPEN_FD, 1);
    expect(h.write(a.fd, 'cd')).toBe(0);
    expect(h.write(t.fd, 'EF')).toBe(0); // t's position is 2: overwrites "cd"
    expect(h.write(a.fd, 'gh')).toBe(0); // appends after "abEF"
    expect(fixture.contents('sandbox/hello.txt')).toBe('abEFgh');
  });

  it('pread and pwrite leave the position alone', () => {
    const { fixture, h } = fresh();
    const { fd } = h.open('hello.txt');
    const iov = 2000, buf = 2100, n = 2200;
    const view = new DataView(h.memory.buffer);
    view.setUint32(iov, buf, true); view.setUint32(iov + 4, 3, true);
    expect(h.w.fd_pread!(fd, iov, 1, 2n, n)).toBe(0);
    expect(new TextDecoder().decode(new Uint8Array(h.memory.buffer, buf, view.getUint32(n, true)))).toBe('llo');
    new Uint8Array(h.memory.buffer).set(text.encode('J'), buf);
    view.setUint32(iov + 4, 1, true);
    expect(h.w.fd_pwrite!(fd, iov, 1, 0n, n)).toBe(0);
    expect(h.read(fd)).toEqual({ errno: 0, text: 'Jello' });
    expect(fixture.contents('sandbox/hello.txt')).toBe('Jello');
  });

  it('lists, makes and removes directories, renames and unlinks', () => {
    const { fixture, h } = fresh();
    const root = h.open('.', O.DIRECTORY);
    expect(root.errno).toBe(0);
    expect(h.readdir(root.fd).names.sort()).toEqual(['.', '..', 'abs', 'escape', 'hello.txt', 'inner', 'sub', 'up']);

    expect(h.mkdir('made')).toBe(0);
    expect(h.mkdir('made')).toBe(E.EXIST);
    expect(h.stat('made').type).toBe(FILETYPE.DIRECTORY);
    expect(h.rename('hello.txt', 'made/moved.txt')).toBe(0);
    expect(fixture.exists('sandbox/hello.txt')).toBe(false);
    expect(fixture.contents('sandbox/made/moved.txt')).toBe('hello');
    const made = h.open('made', O.DIRECTORY);
    expect(h.readdir(made.fd).names.sort()).toEqual(['.', '..', 'moved.txt']);
    expect(h.readdir(PREOPEN_FD + 100).errno).toBe(E.BADF);

    expect(h.rmdir('made')).toBe(E.NOTEMPTY);
    expect(h.unlink('made')).toBe(E.ISDIR);
    expect(h.rmdir('made/moved.txt')).toBe(E.NOTDIR);
    expect(h.unlink('made/moved.txt')).toBe(0);
    expect(h.unlink('made/moved.txt')).toBe(E.NOENT);
    expect(h.rmdir('made')).toBe(0);
    expect(fixture.exists('sandbox/made')).toBe(false);
    expect(h.rmdir('.')).toBe(E.BUSY); // the preopen itself
  });

  it('renames with POSIX rules for directories', () => {
    const { fixture, h } = fresh();
    expect(h.rename('sub', 'sub/inside')).toBe(E.INVAL); // into itself
    expect(h.mkdir('empty')).toBe(0);
    expect(h.rename('hello.txt', 'empty')).toBe(E.ISDIR);
    expect(h.rename('empty', 'hello.txt')).toBe(E.NOTDIR);
    expect(h.mkdir('full')).toBe(0);
    expect(h.rename('hello.txt', 'full/f')).toBe(0);
    expect(h.rename('empty', 'full')).toBe(E.NOTEMPTY);
    expect(h.rename('full', 'empty')).toBe(0); // a directory may replace an empty one
    expect(fixture.contents('sandbox/empty/f')).toBe('hello');
    expect(h.rename('sub/x.txt', 'empty/f')).toBe(0); // a file replaces a file
    expect(fixture.contents('sandbox/empty/f')).toBe('x');
    expect(h.rename('nothing', 'else')).toBe(E.NOENT);
  });

  it('stats files and symlinks, reads links, follows links that stay inside', () => {
    const { h } = fresh();
    expect(h.stat('hello.txt')).toEqual({ errno: 0, type: FILETYPE.REGULAR_FILE, size: 5n });
    expect(h.stat('inner')).toEqual({ errno: 0, type: FILETYPE.REGULAR_FILE, size: 1n });
    expect(h.stat('inner', 0).type).toBe(FILETYPE.SYMBOLIC_LINK);
    expect(h.readlink('inner')).toEqual({ errno: 0, text: 'sub/x.txt' });
    expect(h.readFile('inner')).toEqual({ errno: 0, text: 'x' });
    expect(h.open('inner', 0, 0).errno).toBe(E.LOOP); // a final symlink, not followed
    expect(h.stat('nothing').errno).toBe(E.NOENT);
  });

  // [what, path, is the final component a symlink (unlinking it removes only the link)]
  const escapes: [string, string, boolean][] = [
    ['.. above the preopen', '../secret.txt', false],
    ['.. after descending', 'sub/../../secret.txt', false],
    ['.. of the root', '..', false],
    ['an absolute path', '/secret.txt', false],
    ['a symlink climbing out', 'escape', true],
    ['a symlink to an absolute path', 'abs', true],
    ['a directory symlink climbing out', 'up/secret.txt', false],
  ];
  for (const [what, path, finalLink] of escapes) {
    it(`refuses ${what} (${path})`, () => {
      const { fixture, h } = fresh();
      expect(h.open(path).errno).toBe(E.NOTCAPABLE);
      expect(h.stat(path).errno).toBe(E.NOTCAPABLE);
      expect(h.open(path, O.CREAT | O.TRUNC).errno).toBe(E.NOTCAPABLE);
      expect(h.unlink(path)).toBe(finalLink ? E.SUCCESS : E.NOTCAPABLE);
      expect(fixture.contents('secret.txt')).toBe('secret');
    });
  }

  it('refuses to create, rename or remove outside the preopen', () => {
    const { fixture, h } = fresh();
    expect(h.mkdir('../evil')).toBe(E.NOTCAPABLE);
    expect(h.mkdir('up/evil')).toBe(E.NOTCAPABLE);
    expect(fixture.exists('evil')).toBe(false);
    expect(h.rename('hello.txt', '../stolen.txt')).toBe(E.NOTCAPABLE);
    expect(h.rename('up/secret.txt', 'got.txt')).toBe(E.NOTCAPABLE);
    expect(fixture.exists('stolen.txt')).toBe(false);
    expect(fixture.exists('sandbox/hello.txt')).toBe(true);
    expect(h.rmdir('..')).toBe(E.NOTCAPABLE);
    // A link may be made to point anywhere; following it is what is refused.
    expect(h.symlink('../../secret.txt', 'planted')).toBe(0);
    expect(h.readlink('planted')).toEqual({ errno: 0, text: '../../secret.txt' });
    expect(h.readFile('planted').errno).toBe(E.NOTCAPABLE);
  });

  it('answers errno, not exceptions, for bad pointers and descriptors', () => {
    const { h } = fresh();
    const pages = h.memory.buffer.byteLength;
    expect(h.w.path_open!(PREOPEN_FD, 0, pages - 2, 10, 0, ALL_RIGHTS, ALL_RIGHTS, 0, 16)).toBe(E.FAULT);
    expect(h.w.fd_read!(0, pages - 4, 1, 16)).toBe(E.FAULT);
    expect(h.w.fd_write!(1, 16, 1, -1)).toBe(E.FAULT);
    expect(h.w.path_create_directory!(42, 16, 1)).toBe(E.BADF);
    expect(h.w.fd_advise!(PREOPEN_FD, 0n, 0n, 0)).toBe(E.NOSYS);
  });
});

describe('host fs defence in depth', () => {
  it('catches a symlink the walk did not see (as in a swap race) by its realpath', () => {
    const outside = mkdtempSync(join(tmpdir(), 'pulley-wasi-race-'));
    tempRoots.push(outside);
    const sandbox = join(outside, 'sandbox');
    mkdirSync(sandbox);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync('..', join(sandbox, 'up'));
    symlinkSync('../secret.txt', join(sandbox, 'leak'));
    // A backend whose lstat misreports symlinks: what a path swapped after the check looks like.
    class Blind extends HostFileSystem {
      constructor(private readonly seenAs: number) { super(); }
      override lstat(path: string) {
        const stat = super.lstat(path);
        return stat.type === FILETYPE.SYMBOLIC_LINK ? { ...stat, type: this.seenAs as 3 } : stat;
      }
    }
    const preopens = { '/sandbox': sandbox };
    // up/ looks like a directory to the walk; its realpath is outside.
    expect(harness({ fs: new Blind(FILETYPE.DIRECTORY), preopens }).open('up/secret.txt').errno).toBe(E.NOTCAPABLE);
    // leak looks like a file; the host open uses O_NOFOLLOW, so it fails with ELOOP.
    expect(harness({ fs: new Blind(FILETYPE.REGULAR_FILE), preopens }).open('leak').errno).toBe(E.LOOP);
  });
});
