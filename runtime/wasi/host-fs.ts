// The host file system through node:fs (Node only; node:fs is loaded on first use).
// Paths are host paths built by Wasi from a preopen's host directory.

import type * as NodeFs from 'node:fs';
import { FileType, type FileTypeValue } from './constants.js';
import type { DirEntry, FileHandle, FileStat, FileSystemBackend, OpenOptions } from './fs-backend.js';
import { requireNodeFs } from './node-builtins.js';

function typeOfStats(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): FileTypeValue {
  if (s.isFile()) return FileType.REGULAR_FILE;
  if (s.isDirectory()) return FileType.DIRECTORY;
  if (s.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (s.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (s.isBlockDevice()) return FileType.BLOCK_DEVICE;
  if (s.isSocket()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}

function toFileStat(s: NodeFs.BigIntStats): FileStat {
  return {
    dev: s.dev, ino: s.ino, type: typeOfStats(s), nlink: s.nlink, size: s.size,
    atimNs: s.atimeNs, mtimNs: s.mtimeNs, ctimNs: s.ctimeNs,
  };
}

export class HostFileSystem implements FileSystemBackend {
  private readonly fs: typeof NodeFs;

  /** `fs` defaults to node:fs (pass another implementation of its sync API to wrap it). */
  constructor(fs?: typeof NodeFs) {
    this.fs = fs ?? requireNodeFs('HostFileSystem');
  }

  lstat(path: string): FileStat {
    return toFileStat(this.fs.lstatSync(path, { bigint: true }));
  }

  readlink(path: string): string {
    return this.fs.readlinkSync(path, 'utf8');
  }

  open(path: string, options: OpenOptions): FileHandle {
    const c = this.fs.constants;
    let flags = options.write ? (options.read ? c.O_RDWR : c.O_WRONLY) : c.O_RDONLY;
    if (options.create) flags |= c.O_CREAT;
    if (options.exclusive) flags |= c.O_EXCL;
    if (options.truncate) flags |= c.O_TRUNC;
    // Wasi resolved every symlink itself; one appearing now (a race) must not be followed.
    flags |= c.O_NOFOLLOW ?? 0;
    return new HostFileHandle(this.fs, this.fs.openSync(path, flags, 0o666));
  }

  readdir(path: string): DirEntry[] {
    return this.fs.readdirSync(path, { withFileTypes: true }).map((entry) => {
      let ino = 0n;
      try {
        ino = this.fs.lstatSync(`${path}/${entry.name}`, { bigint: true }).ino;
      } catch {
        // Removed while listing: keep the name, inode unknown.
      }
      return { name: entry.name, type: typeOfStats(entry), ino };
    });
  }

  mkdir(path: string): void { this.fs.mkdirSync(path); }
  rmdir(path: string): void { this.fs.rmdirSync(path); }
  unlink(path: string): void { this.fs.unlinkSync(path); }
  rename(from: string, to: string): void { this.fs.renameSync(from, to); }
  symlink(target: string, path: string): void { this.fs.symlinkSync(target, path); }
  realpath(path: string): string { return this.fs.realpathSync(path); }
}

class HostFileHandle implements FileHandle {
  constructor(private readonly fs: typeof NodeFs, private readonly fd: number) {}

  read(buf: Uint8Array, position: number): number {
    return this.fs.readSync(this.fd, buf, 0, buf.length, position);
  }

  write(buf: Uint8Array, position: number): number {
    return this.fs.writeSync(this.fd, buf, 0, buf.length, position);
  }

  stat(): FileStat { return toFileStat(this.fs.fstatSync(this.fd, { bigint: true })); }
  truncate(size: number): void { this.fs.ftruncateSync(this.fd, size); }
  sync(): void { this.fs.fsyncSync(this.fd); }
  close(): void { this.fs.closeSync(this.fd); }
}
