// How failures become WASI errno values. Host code throws WasiError (or lets a node:fs
// error with a POSIX `code` escape); the import wrapper turns either into the errno the
// guest sees, so no JS exception ever crosses into the guest.

import { Errno } from './constants.js';

/** A failure with a WASI errno; thrown anywhere below a WASI call. */
export class WasiError extends Error {
  constructor(readonly errno: number, message?: string) {
    super(message ?? `WASI errno ${errno}`);
    this.name = 'WasiError';
  }
}

/** Thrown by proc_exit and caught by Wasi.start: unwinds the guest's frames. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** A host (node:fs / libuv) error code → WASI errno. */
const HOST_CODE_TO_ERRNO: Readonly<Record<string, number>> = {
  EACCES: Errno.ACCES,
  EAGAIN: Errno.AGAIN,
  EBADF: Errno.BADF,
  EBUSY: Errno.BUSY,
  EEXIST: Errno.EXIST,
  EFAULT: Errno.FAULT,
  EFBIG: Errno.FBIG,
  EILSEQ: Errno.ILSEQ,
  EINTR: Errno.INTR,
  EINVAL: Errno.INVAL,
  EIO: Errno.IO,
  EISDIR: Errno.ISDIR,
  ELOOP: Errno.LOOP,
  EMFILE: Errno.MFILE,
  ENAMETOOLONG: Errno.NAMETOOLONG,
  ENFILE: Errno.NFILE,
  ENOENT: Errno.NOENT,
  ENOMEM: Errno.NOMEM,
  ENOSPC: Errno.NOSPC,
  ENOSYS: Errno.NOSYS,
  ENOTDIR: Errno.NOTDIR,
  ENOTEMPTY: Errno.NOTEMPTY,
  ENOTSUP: Errno.NOTSUP,
  EOPNOTSUPP: Errno.NOTSUP,
  ENXIO: Errno.NXIO,
  EOVERFLOW: Errno.OVERFLOW,
  EPERM: Errno.PERM,
  EPIPE: Errno.PIPE,
  EROFS: Errno.ROFS,
  ESPIPE: Errno.SPIPE,
  EXDEV: Errno.XDEV,
};

/** The errno for anything thrown below a WASI call; unknown failures are EIO. */
export function errnoOf(error: unknown): number {
  if (error instanceof WasiError) return error.errno;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return HOST_CODE_TO_ERRNO[code] ?? Errno.IO;
  return Errno.IO;
}
