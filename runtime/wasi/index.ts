// WASI preview1 for pulley-js: see docs/WASI.md.

export { Wasi, WasiUsageError, type WasiOptions, type WasiInstance } from './wasi.js';
export { WasiError } from './errors.js';
export { MemoryFileSystem, type MemoryTree } from './memory-fs.js';
export { HostFileSystem } from './host-fs.js';
export type { FileSystemBackend, FileHandle, FileStat, DirEntry, OpenOptions } from './fs-backend.js';
export * as preview1 from './constants.js';
