// The file-system backend contract. Wasi resolves every guest path itself (sandboxing,
// `..`, symlinks; see sandbox-path.ts) and hands a backend only absolute backend paths
// ('/'-separated, built from a preopen's root) whose components before the last are real
// directories, never symlinks. Backends fail by throwing WasiError or an error carrying a
// POSIX `code` (as node:fs does); Wasi maps both to errno values.

import type { FileTypeValue } from './constants.js';

export interface FileStat {
  dev: bigint;
  ino: bigint;
  type: FileTypeValue;
  nlink: bigint;
  size: bigint;
  atimNs: bigint;
  mtimNs: bigint;
  ctimNs: bigint;
}

export interface DirEntry {
  name: string;
  type: FileTypeValue;
  ino: bigint;
}

export interface OpenOptions {
  read: boolean;
  write: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
}

/** An open regular file. Offsets are explicit: Wasi keeps each descriptor's position. */
export interface FileHandle {
  /** Reads up to buf.length bytes at `position`; returns the count (0 at end of file). */
  read(buf: Uint8Array, position: number): number;
  /** Writes buf at `position` (extending the file as needed); returns the count. */
  write(buf: Uint8Array, position: number): number;
  stat(): FileStat;
  truncate(size: number): void;
  sync(): void;
  close(): void;
}

export interface FileSystemBackend {
  /** Stat without following a final symlink. */
  lstat(path: string): FileStat;
  readlink(path: string): string;
  /** Opens a regular file; must not follow a final symlink (Wasi already has). */
  open(path: string, options: OpenOptions): FileHandle;
  readdir(path: string): DirEntry[];
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  /**
   * The canonical path with every symlink resolved, for backends where something other
   * than Wasi could change the tree (the host): Wasi re-checks it stays inside the preopen.
   */
  realpath?(path: string): string;
}

/** `root` + components, '/'-separated. */
export function joinPath(root: string, components: readonly string[]): string {
  if (components.length === 0) return root;
  return (root.endsWith('/') ? root : root + '/') + components.join('/');
}
