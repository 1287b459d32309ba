// Open descriptors: the guest's fd numbers and what each one refers to.

import { Errno } from './constants.js';
import { WasiError } from './errors.js';
import type { FileHandle } from './fs-backend.js';

/** stdin/stdout/stderr: byte streams, not seekable. */
export interface StreamEntry {
  kind: 'stream';
  rights: bigint;
  fdflags: number;
  read?: (max: number) => Uint8Array | null;
  write?: (bytes: Uint8Array) => void;
}

export interface FileEntry {
  kind: 'file';
  rights: bigint;
  fdflags: number;
  handle: FileHandle;
  position: number;
}

export interface DirEntryFd {
  kind: 'dir';
  rights: bigint;
  /** Rights a path_open below this directory may ask for. */
  inheriting: bigint;
  fdflags: number;
  /** Backend path of the directory: the root its paths are resolved (and sandboxed) in. */
  path: string;
  /** The guest-visible name when this is a preopen (fd_prestat_*). */
  preopenName?: string;
}

export type FdEntry = StreamEntry | FileEntry | DirEntryFd;

export class FdTable {
  private readonly entries = new Map<number, FdEntry>();

  get(fd: number): FdEntry {
    const entry = this.entries.get(fd >>> 0);
    if (!entry) throw new WasiError(Errno.BADF, `fd ${fd >>> 0} is not open`);
    return entry;
  }

  has(fd: number): boolean {
    return this.entries.has(fd >>> 0);
  }

  file(fd: number): FileEntry {
    const entry = this.get(fd);
    if (entry.kind === 'dir') throw new WasiError(Errno.ISDIR, `fd ${fd} is a directory`);
    if (entry.kind !== 'file') throw new WasiError(Errno.SPIPE, `fd ${fd} is a stream`);
    return entry;
  }

  dir(fd: number): DirEntryFd {
    const entry = this.get(fd);
    if (entry.kind !== 'dir') throw new WasiError(Errno.NOTDIR, `fd ${fd} is not a directory`);
    return entry;
  }

  /** Puts `entry` at the lowest free descriptor number and returns that number. */
  add(entry: FdEntry): number {
    let fd = 0;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
  }

  remove(fd: number): FdEntry {
    const entry = this.get(fd);
    this.entries.delete(fd >>> 0);
    return entry;
  }
}
