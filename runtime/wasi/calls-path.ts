// Calls that name files by path below a directory descriptor. Every path goes through
// resolveInside (sandbox-path.ts) before the backend sees it.

import { DIRECTORY_RIGHTS, Errno, FILE_RIGHTS, FileType, LookupFlags, OFlags, Rights } from './constants.js';
import type { WasiCalls, WasiContext } from './context.js';
import { WasiError, errnoOf } from './errors.js';
import type { DirEntryFd } from './fd-table.js';
import type { FileStat } from './fs-backend.js';
import { utf8 } from './guest-memory.js';
import { resolveInside } from './sandbox-path.js';
import { writeFilestat } from './structs.js';

export function pathCalls(ctx: WasiContext): WasiCalls {
  const { fds } = ctx;

  /** The guest path at (ptr, len) below directory fd, resolved inside it. */
  function resolve(dirFd: number, ptr: number, len: number, followFinal: boolean): { dir: DirEntryFd; path: string } {
    const dir = fds.dir(dirFd);
    const guestPath = ctx.memory().string(ptr, len);
    return { dir, path: resolveInside(ctx.fs(), dir.path, guestPath, followFinal) };
  }

  /** As resolve, for calls that change the entry: the descriptor's own directory is off limits. */
  function resolveEntry(dirFd: number, ptr: number, len: number): string {
    const { dir, path } = resolve(dirFd, ptr, len, false);
    if (path === dir.path) throw new WasiError(Errno.BUSY, `fd ${dirFd}'s own directory cannot be changed by path`);
    return path;
  }

  function statOrUndefined(path: string): FileStat | undefined {
    try {
      return ctx.fs().lstat(path);
    } catch (error) {
      if (errnoOf(error) === Errno.NOENT) return undefined;
      throw error;
    }
  }

  return {
    path_open(dirFd: number, lookupFlags: number, pathPtr: number, pathLen: number, oflags: number,
      rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdPtr: number) {
      const m = ctx.memory();
      m.check(fdPtr, 4);
      const create = (oflags & OFlags.CREAT) !== 0;
      const exclusive = (oflags & OFlags.EXCL) !== 0;
      const follow = (lookupFlags & LookupFlags.SYMLINK_FOLLOW) !== 0 && !(create && exclusive);
      const { dir, path } = resolve(dirFd, pathPtr, pathLen, follow);
      const wanted = BigInt.asUintN(64, BigInt(rightsBase)) & dir.inheriting;
      const inheriting = BigInt.asUintN(64, BigInt(rightsInheriting)) & dir.inheriting;
      const existing = statOrUndefined(path);

      if (existing?.type === FileType.DIRECTORY) {
        if (create && exclusive) throw new WasiError(Errno.EXIST, 'directory exists');
        if (oflags & OFlags.TRUNC) throw new WasiError(Errno.ISDIR, 'cannot truncate a directory');
        m.setU32(fdPtr, fds.add({
          kind: 'dir', path, fdflags,
          rights: wanted & DIRECTORY_RIGHTS, inheriting,
        }));
        return Errno.SUCCESS;
      }
      if (oflags & OFlags.DIRECTORY) {
        throw new WasiError(existing ? Errno.NOTDIR : Errno.NOENT, 'not a directory');
      }
      if (existing?.type === FileType.SYMBOLIC_LINK) throw new WasiError(Errno.LOOP, 'is a symlink (not followed)');
      if (!existing && create && (dir.rights & Rights.PATH_CREATE_FILE) === 0n) {
        throw new WasiError(Errno.NOTCAPABLE, 'no right to create files here');
      }
      const handle = ctx.fs().open(path, {
        read: (wanted & Rights.FD_READ) !== 0n,
        write: (wanted & (Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE)) !== 0n,
        create, exclusive, truncate: (oflags & OFlags.TRUNC) !== 0,
      });
      m.setU32(fdPtr, fds.add({ kind: 'file', handle, position: 0, fdflags, rights: wanted & FILE_RIGHTS }));
      return Errno.SUCCESS;
    },

    path_filestat_get(dirFd: number, lookupFlags: number, pathPtr: number, pathLen: number, bufPtr: number) {
      const follow = (lookupFlags & LookupFlags.SYMLINK_FOLLOW) !== 0;
      const { path } = resolve(dirFd, pathPtr, pathLen, follow);
      writeFilestat(ctx.memory(), bufPtr, ctx.fs().lstat(path));
      return Errno.SUCCESS;
    },

    path_create_directory(dirFd: number, pathPtr: number, pathLen: number) {
      const { dir, path } = resolve(dirFd, pathPtr, pathLen, false);
      if (path === dir.path) throw new WasiError(Errno.EXIST, 'directory exists');
      ctx.fs().mkdir(path);
      return Errno.SUCCESS;
    },

    path_remove_directory(dirFd: number, pathPtr: number, pathLen: number) {
      ctx.fs().rmdir(resolveEntry(dirFd, pathPtr, pathLen));
      return Errno.SUCCESS;
    },

    path_unlink_file(dirFd: number, pathPtr: number, pathLen: number) {
      const path = resolveEntry(dirFd, pathPtr, pathLen);
      // Node's unlink of a directory is EPERM on some hosts; POSIX says EISDIR.
      if (statOrUndefined(path)?.type === FileType.DIRECTORY) throw new WasiError(Errno.ISDIR, 'is a directory');
      ctx.fs().unlink(path);
      return Errno.SUCCESS;
    },

    path_rename(oldFd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) {
      const from = resolveEntry(oldFd, oldPtr, oldLen);
      const to = resolveEntry(newFd, newPtr, newLen);
      ctx.fs().rename(from, to);
      return Errno.SUCCESS;
    },

    path_readlink(dirFd: number, pathPtr: number, pathLen: number, bufPtr: number, bufLen: number, bufusedPtr: number) {
      const m = ctx.memory();
      const out = m.slice(bufPtr, bufLen);
      m.check(bufusedPtr, 4);
      const { path } = resolve(dirFd, pathPtr, pathLen, false);
      const target = utf8(ctx.fs().readlink(path));
      const n = Math.min(target.length, out.length);
      out.set(target.subarray(0, n));
      m.setU32(bufusedPtr, n);
      return Errno.SUCCESS;
    },

    path_symlink(targetPtr: number, targetLen: number, dirFd: number, pathPtr: number, pathLen: number) {
      // The target is stored as text; resolveInside refuses it later if it leads outside.
      const target = ctx.memory().string(targetPtr, targetLen);
      ctx.fs().symlink(target, resolveEntry(dirFd, pathPtr, pathLen));
      return Errno.SUCCESS;
    },
  };
}
