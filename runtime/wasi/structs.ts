// Writing the preview1 result structs into guest memory (layouts from constants.ts).

import { DIRENT, FDSTAT, FILESTAT, type FileTypeValue } from './constants.js';
import type { FileStat } from './fs-backend.js';
import type { GuestMemory } from './guest-memory.js';

export function writeFdstat(m: GuestMemory, ptr: number, filetype: FileTypeValue, fdflags: number, rightsBase: bigint, rightsInheriting: bigint): void {
  m.check(ptr, FDSTAT.size);
  m.bytes.fill(0, ptr >>> 0, (ptr >>> 0) + FDSTAT.size);
  m.setU8(ptr + FDSTAT.filetype, filetype);
  m.setU16(ptr + FDSTAT.flags, fdflags);
  m.setU64(ptr + FDSTAT.rightsBase, rightsBase);
  m.setU64(ptr + FDSTAT.rightsInheriting, rightsInheriting);
}

export function writeFilestat(m: GuestMemory, ptr: number, stat: FileStat): void {
  m.check(ptr, FILESTAT.size);
  m.bytes.fill(0, ptr >>> 0, (ptr >>> 0) + FILESTAT.size);
  m.setU64(ptr + FILESTAT.dev, stat.dev);
  m.setU64(ptr + FILESTAT.ino, stat.ino);
  m.setU8(ptr + FILESTAT.filetype, stat.type);
  m.setU64(ptr + FILESTAT.nlink, stat.nlink);
  m.setU64(ptr + FILESTAT.fileSize, stat.size);
  m.setU64(ptr + FILESTAT.atim, stat.atimNs);
  m.setU64(ptr + FILESTAT.mtim, stat.mtimNs);
  m.setU64(ptr + FILESTAT.ctim, stat.ctimNs);
}

/** A dirent header followed by the name, as bytes (fd_readdir may copy only a prefix). */
export function encodeDirent(next: bigint, ino: bigint, type: FileTypeValue, name: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(DIRENT.size + name.length);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(DIRENT.next, next, true);
  view.setBigUint64(DIRENT.ino, ino, true);
  view.setUint32(DIRENT.namlen, name.length, true);
  view.setUint8(DIRENT.type, type);
  bytes.set(name, DIRENT.size);
  return bytes;
}
