// Calls on open descriptors: read/write/seek/stat/readdir/close and the preopen queries.

import { Errno, FileType, FdFlags, Rights, Whence, PRESTAT, PreopenType } from './constants.js';
import type { WasiCalls, WasiContext } from './context.js';
import { WasiError } from './errors.js';
import type { FdEntry, FileEntry } from './fd-table.js';
import { utf8 } from './guest-memory.js';
import { encodeDirent, writeFdstat, writeFilestat } from './structs.js';

function requireRight(entry: FdEntry, right: bigint, fd: number): void {
  if ((entry.rights & right) === 0n) throw new WasiError(Errno.BADF, `fd ${fd} lacks the right this call needs`);
}

/** A file offset as a JS number; past 2^53 (9 PB) is EOVERFLOW. */
function offsetNumber(value: bigint | number): number {
  const n = BigInt.asIntN(64, BigInt(value));
  if (n < 0n) throw new WasiError(Errno.INVAL, `negative file offset ${n}`);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new WasiError(Errno.OVERFLOW, `file offset ${n} too large`);
  return Number(n);
}

function readInto(file: FileEntry, buffers: Uint8Array[], position: number): number {
  let total = 0;
  for (const buf of buffers) {
    const n = file.handle.read(buf, position + total);
    total += n;
    if (n < buf.length) break;
  }
  return total;
}

function writeFrom(file: FileEntry, buffers: Uint8Array[], position: number): number {
  let total = 0;
  for (const buf of buffers) total += file.handle.write(buf, position + total);
  return total;
}

/** Gathers a stream read of up to `max` bytes into the buffers. */
function scatter(chunk: Uint8Array, buffers: Uint8Array[]): void {
  let at = 0;
  for (const buf of buffers) {
    if (at >= chunk.length) break;
    const n = Math.min(buf.length, chunk.length - at);
    buf.set(chunk.subarray(at, at + n));
    at += n;
  }
}

function concat(buffers: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(buffers.reduce((sum, b) => sum + b.length, 0));
  let at = 0;
  for (const buf of buffers) {
    out.set(buf, at);
    at += buf.length;
  }
  return out;
}

function fileTypeOf(entry: FdEntry) {
  return entry.kind === 'file' ? FileType.REGULAR_FILE : entry.kind === 'dir' ? FileType.DIRECTORY : FileType.CHARACTER_DEVICE;
}

export function fdCalls(ctx: WasiContext): WasiCalls {
  const { fds } = ctx;
  return {
    fd_read(fd: number, iovs: number, iovsLen: number, nreadPtr: number) {
      const m = ctx.memory();
      const buffers = m.iovecs(iovs, iovsLen);
      m.check(nreadPtr, 4);
      const entry = fds.get(fd);
      requireRight(entry, Rights.FD_READ, fd);
      let n = 0;
      if (entry.kind === 'stream') {
        const chunk = entry.read?.(buffers.reduce((sum, b) => sum + b.length, 0)) ?? null;
        if (chunk) scatter(chunk, buffers);
        n = chunk?.length ?? 0;
      } else {
        const file = fds.file(fd);
        n = readInto(file, buffers, file.position);
        file.position += n;
      }
      m.setU32(nreadPtr, n);
      return Errno.SUCCESS;
    },

    fd_write(fd: number, iovs: number, iovsLen: number, nwrittenPtr: number) {
      const m = ctx.memory();
      const buffers = m.iovecs(iovs, iovsLen);
      m.check(nwrittenPtr, 4);
      const entry = fds.get(fd);
      requireRight(entry, Rights.FD_WRITE, fd);
      let n = 0;
      if (entry.kind === 'stream') {
        const bytes = concat(buffers); // a copy: the callback may keep it
        entry.write?.(bytes);
        n = bytes.length;
      } else {
        const file = fds.file(fd);
        if (file.fdflags & FdFlags.APPEND) file.position = Number(file.handle.stat().size);
        n = writeFrom(file, buffers, file.position);
        file.position += n;
      }
      m.setU32(nwrittenPtr, n);
      return Errno.SUCCESS;
    },

    fd_pread(fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number) {
      const m = ctx.memory();
      const buffers = m.iovecs(iovs, iovsLen);
      m.check(nreadPtr, 4);
      const file = fds.file(fd);
      requireRight(file, Rights.FD_READ, fd);
      m.setU32(nreadPtr, readInto(file, buffers, offsetNumber(offset)));
      return Errno.SUCCESS;
    },

    fd_pwrite(fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number) {
      const m = ctx.memory();
      const buffers = m.iovecs(iovs, iovsLen);
      m.check(nwrittenPtr, 4);
      const file = fds.file(fd);
      requireRight(file, Rights.FD_WRITE, fd);
      m.setU32(nwrittenPtr, writeFrom(file, buffers, offsetNumber(offset)));
      return Errno.SUCCESS;
    },

    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number) {
      const m = ctx.memory();
      m.check(newOffsetPtr, 8);
      const file = fds.file(fd);
      const delta = BigInt.asIntN(64, BigInt(offset));
      let base: bigint;
      switch (whence) {
        case Whence.SET: base = 0n; break;
        case Whence.CUR: base = BigInt(file.position); break;
        case Whence.END: base = file.handle.stat().size; break;
        default: throw new WasiError(Errno.INVAL, `bad whence ${whence}`);
      }
      file.position = offsetNumber(base + delta);
      m.setU64(newOffsetPtr, BigInt(file.position));
      return Errno.SUCCESS;
    },

    fd_tell(fd: number, offsetPtr: number) {
      const m = ctx.memory();
      m.setU64(offsetPtr, BigInt(fds.file(fd).position));
      return Errno.SUCCESS;
    },

    fd_close(fd: number) {
      const entry = fds.remove(fd);
      if (entry.kind === 'file') entry.handle.close();
      return Errno.SUCCESS;
    },

    fd_fdstat_get(fd: number, ptr: number) {
      const entry = fds.get(fd);
      const inheriting = entry.kind === 'dir' ? entry.inheriting : 0n;
      writeFdstat(ctx.memory(), ptr, fileTypeOf(entry), entry.fdflags, entry.rights, inheriting);
      return Errno.SUCCESS;
    },

    fd_fdstat_set_flags(fd: number, flags: number) {
      const known = FdFlags.APPEND | FdFlags.DSYNC | FdFlags.NONBLOCK | FdFlags.RSYNC | FdFlags.SYNC;
      if (flags & ~known) throw new WasiError(Errno.INVAL, `unknown fdflags ${flags}`);
      fds.get(fd).fdflags = flags;
      return Errno.SUCCESS;
    },

    fd_prestat_get(fd: number, ptr: number) {
      const entry = fds.get(fd);
      if (entry.kind !== 'dir' || entry.preopenName === undefined) throw new WasiError(Errno.BADF, `fd ${fd} is not a preopen`);
      const m = ctx.memory();
      m.check(ptr, PRESTAT.size);
      m.setU32(ptr + PRESTAT.tag, 0); // the tag byte plus its padding
      m.setU8(ptr + PRESTAT.tag, PreopenType.DIR);
      m.setU32(ptr + PRESTAT.nameLen, utf8(entry.preopenName).length);
      return Errno.SUCCESS;
    },

    fd_prestat_dir_name(fd: number, pathPtr: number, pathLen: number) {
      const entry = fds.get(fd);
      if (entry.kind !== 'dir' || entry.preopenName === undefined) throw new WasiError(Errno.BADF, `fd ${fd} is not a preopen`);
      const name = utf8(entry.preopenName);
      if ((pathLen >>> 0) < name.length) throw new WasiError(Errno.NAMETOOLONG, 'buffer too small for the preopen name');
      ctx.memory().write(pathPtr, name);
      return Errno.SUCCESS;
    },

    fd_filestat_get(fd: number, ptr: number) {
      const entry = fds.get(fd);
      const m = ctx.memory();
      if (entry.kind === 'file') writeFilestat(m, ptr, entry.handle.stat());
      else if (entry.kind === 'dir') writeFilestat(m, ptr, ctx.fs().lstat(entry.path));
      else writeFilestat(m, ptr, { dev: 0n, ino: 0n, type: FileType.CHARACTER_DEVICE, nlink: 1n, size: 0n, atimNs: 0n, mtimNs: 0n, ctimNs: 0n });
      return Errno.SUCCESS;
    },

    fd_filestat_set_size(fd: number, size: bigint) {
      const file = fds.file(fd);
      requireRight(file, Rights.FD_FILESTAT_SET_SIZE, fd);
      file.handle.truncate(offsetNumber(size));
      return Errno.SUCCESS;
    },

    fd_readdir(fd: number, bufPtr: number, bufLen: number, cookie: bigint, bufusedPtr: number) {
      const m = ctx.memory();
      const out = m.slice(bufPtr, bufLen);
      m.check(bufusedPtr, 4);
      const dir = fds.dir(fd);
      const self = ctx.fs().lstat(dir.path);
      const entries = [
        { name: '.', type: FileType.DIRECTORY, ino: self.ino },
        { name: '..', type: FileType.DIRECTORY, ino: 0n },
        ...ctx.fs().readdir(dir.path),
      ];
      let used = 0;
      // The cookie is the index of the next entry; a full buffer tells the guest to call again.
      for (let i = Number(BigInt.asUintN(64, BigInt(cookie))); i < entries.length && used < out.length; i++) {
        const e = entries[i]!;
        const dirent = encodeDirent(BigInt(i + 1), e.ino, e.type, utf8(e.name));
        const n = Math.min(dirent.length, out.length - used);
        out.set(dirent.subarray(0, n), used);
        used += n;
      }
      m.setU32(bufusedPtr, used);
      return Errno.SUCCESS;
    },

    fd_sync(fd: number) {
      const entry = fds.get(fd);
      if (entry.kind === 'file') entry.handle.sync();
      return Errno.SUCCESS;
    },

    fd_datasync(fd: number) {
      const entry = fds.get(fd);
      if (entry.kind === 'file') entry.handle.sync();
      return Errno.SUCCESS;
    },
  };
}
