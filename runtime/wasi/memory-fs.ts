// An in-memory file system (for browsers, engines without a host fs, and tests).
// Paths are absolute and '/'-separated: '/', '/dir/file'. Symlinks are stored as text
// and never followed here (Wasi resolves them, inside the sandbox).

import { Errno, FileType, type FileTypeValue } from './constants.js';
import { WasiError } from './errors.js';
import type { DirEntry, FileHandle, FileStat, FileSystemBackend, OpenOptions } from './fs-backend.js';
import { utf8 } from './guest-memory.js';

interface NodeBase { ino: bigint; atimNs: bigint; mtimNs: bigint; ctimNs: bigint }
interface FileNode extends NodeBase { kind: 'file'; data: Uint8Array; size: number }
interface DirNode extends NodeBase { kind: 'dir'; entries: Map<string, MemNode> }
interface LinkNode extends NodeBase { kind: 'symlink'; target: string }
type MemNode = FileNode | DirNode | LinkNode;

/** Initial contents: a string or bytes is a file, a nested object a directory. */
export interface MemoryTree { [name: string]: string | Uint8Array | MemoryTree }

const TYPE_OF: Record<MemNode['kind'], FileTypeValue> = {
  file: FileType.REGULAR_FILE,
  dir: FileType.DIRECTORY,
  symlink: FileType.SYMBOLIC_LINK,
};

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

function fail(errno: number, what: string, path: string): never {
  throw new WasiError(errno, `${what}: ${path}`);
}

export class MemoryFileSystem implements FileSystemBackend {
  private nextIno = 1n;
  private readonly root: DirNode;

  constructor(tree: MemoryTree = {}) {
    this.root = this.newDir();
    this.fill(this.root, tree);
  }

  // ## Host-side setup and inspection

  /** Creates or replaces a file (parents must exist). */
  writeFile(path: string, content: string | Uint8Array): void {
    const { dir, name } = this.parentOf(path);
    const data = typeof content === 'string' ? utf8(content) : content.slice();
    const existing = dir.entries.get(name);
    if (existing?.kind === 'dir') fail(Errno.ISDIR, 'is a directory', path);
    dir.entries.set(name, { ...this.stamp(), kind: 'file', data, size: data.length });
  }

  /** A copy of a file's bytes. */
  readFile(path: string): Uint8Array {
    const node = this.lookup(path);
    if (node.kind !== 'file') fail(node.kind === 'dir' ? Errno.ISDIR : Errno.INVAL, 'not a regular file', path);
    return node.data.slice(0, node.size);
  }

  exists(path: string): boolean {
    try {
      this.lookup(path);
      return true;
    } catch {
      return false;
    }
  }

  // ## FileSystemBackend

  lstat(path: string): FileStat {
    return statOf(this.lookup(path));
  }

  readlink(path: string): string {
    const node = this.lookup(path);
    if (node.kind !== 'symlink') fail(Errno.INVAL, 'not a symlink', path);
    return node.target;
  }

  open(path: string, options: OpenOptions): FileHandle {
    const { dir, name } = this.parentOf(path);
    let node = dir.entries.get(name);
    if (node && options.create && options.exclusive) fail(Errno.EXIST, 'file exists', path);
    if (!node) {
      if (!options.create) fail(Errno.NOENT, 'no such file', path);
      node = { ...this.stamp(), kind: 'file', data: new Uint8Array(0), size: 0 };
      dir.entries.set(name, node);
    }
    if (node.kind === 'dir') fail(Errno.ISDIR, 'is a directory', path);
    if (node.kind === 'symlink') fail(Errno.LOOP, 'is a symlink', path);
    if (options.truncate) resize(node, 0);
    return new MemoryFileHandle(node);
  }

  readdir(path: string): DirEntry[] {
    const dir = this.dirAt(path);
    return [...dir.entries].map(([name, node]) => ({ name, type: TYPE_OF[node.kind], ino: node.ino }));
  }

  mkdir(path: string): void {
    const { dir, name } = this.parentOf(path);
    if (dir.entries.has(name)) fail(Errno.EXIST, 'already exists', path);
    dir.entries.set(name, this.newDir());
    dir.mtimNs = nowNs();
  }

  rmdir(path: string): void {
    const { dir, name } = this.parentOf(path);
    const node = dir.entries.get(name) ?? fail(Errno.NOENT, 'no such directory', path);
    if (node.kind !== 'dir') fail(Errno.NOTDIR, 'not a directory', path);
    if (node.entries.size > 0) fail(Errno.NOTEMPTY, 'directory not empty', path);
    dir.entries.delete(name);
  }

  unlink(path: string): void {
    const { dir, name } = this.parentOf(path);
    const node = dir.entries.get(name) ?? fail(Errno.NOENT, 'no such file', path);
    if (node.kind === 'dir') fail(Errno.ISDIR, 'is a directory', path);
    dir.entries.delete(name);
  }

  rename(from: string, to: string): void {
    const source = this.parentOf(from);
    const target = this.parentOf(to);
    const node = source.dir.entries.get(source.name) ?? fail(Errno.NOENT, 'no such file', from);
    const replaced = target.dir.entries.get(target.name);
    if (replaced === node) return;
    if (node.kind === 'dir' && this.isWithin(target.dir, node)) fail(Errno.INVAL, 'cannot move a directory into itself', to);
    if (replaced) {
      if (node.kind === 'dir' && replaced.kind !== 'dir') fail(Errno.NOTDIR, 'not a directory', to);
      if (node.kind !== 'dir' && replaced.kind === 'dir') fail(Errno.ISDIR, 'is a directory', to);
      if (replaced.kind === 'dir' && replaced.entries.size > 0) fail(Errno.NOTEMPTY, 'directory not empty', to);
    }
    source.dir.entries.delete(source.name);
    target.dir.entries.set(target.name, node);
  }

  symlink(target: string, path: string): void {
    const { dir, name } = this.parentOf(path);
    if (dir.entries.has(name)) fail(Errno.EXIST, 'already exists', path);
    dir.entries.set(name, { ...this.stamp(), kind: 'symlink', target });
  }

  // ## Internals

  private stamp(): NodeBase {
    const t = nowNs();
    return { ino: this.nextIno++, atimNs: t, mtimNs: t, ctimNs: t };
  }

  private newDir(): DirNode {
    return { ...this.stamp(), kind: 'dir', entries: new Map() };
  }

  private fill(dir: DirNode, tree: MemoryTree): void {
    for (const [name, value] of Object.entries(tree)) {
      if (name === '' || name === '.' || name === '..' || name.includes('/')) {
        throw new Error(`MemoryFileSystem: bad entry name ${JSON.stringify(name)}`);
      }
      if (typeof value === 'string' || value instanceof Uint8Array) {
        const data = typeof value === 'string' ? utf8(value) : value.slice();
        dir.entries.set(name, { ...this.stamp(), kind: 'file', data, size: data.length });
      } else {
        const sub = this.newDir();
        dir.entries.set(name, sub);
        this.fill(sub, value);
      }
    }
  }

  private components(path: string): string[] {
    if (!path.startsWith('/')) throw new Error(`MemoryFileSystem: path must be absolute: ${path}`);
    return path.split('/').filter((c) => c !== '' && c !== '.');
  }

  private lookup(path: string): MemNode {
    let node: MemNode = this.root;
    for (const name of this.components(path)) {
      if (node.kind !== 'dir') fail(Errno.NOTDIR, 'not a directory', path);
      node = node.entries.get(name) ?? fail(Errno.NOENT, 'no such file or directory', path);
    }
    return node;
  }

  private dirAt(path: string): DirNode {
    const node = this.lookup(path);
    if (node.kind !== 'dir') fail(Errno.NOTDIR, 'not a directory', path);
    return node;
  }

  private parentOf(path: string): { dir: DirNode; name: string } {
    const parts = this.components(path);
    const name = parts.pop();
    if (name === undefined) fail(Errno.BUSY, 'the root directory', path);
    if (name === '..') fail(Errno.INVAL, 'path ends in ..', path);
    return { dir: this.dirAt('/' + parts.join('/')), name };
  }

  private isWithin(dir: DirNode, ancestor: DirNode): boolean {
    if (dir === ancestor) return true;
    for (const child of ancestor.entries.values()) {
      if (child.kind === 'dir' && this.isWithin(dir, child)) return true;
    }
    return false;
  }
}

function statOf(node: MemNode): FileStat {
  const size = node.kind === 'file' ? node.size : node.kind === 'symlink' ? utf8(node.target).length : 0;
  return {
    dev: 1n, ino: node.ino, type: TYPE_OF[node.kind], nlink: 1n, size: BigInt(size),
    atimNs: node.atimNs, mtimNs: node.mtimNs, ctimNs: node.ctimNs,
  };
}

/** Sets a file's length, zero-filling growth; storage grows by doubling. */
function resize(node: FileNode, size: number): void {
  if (size > node.data.length) {
    const grown = new Uint8Array(Math.max(size, node.data.length * 2, 64));
    grown.set(node.data.subarray(0, node.size));
    node.data = grown;
  } else if (size < node.size) {
    node.data.fill(0, size, node.size);
  }
  node.size = size;
  node.mtimNs = nowNs();
}

class MemoryFileHandle implements FileHandle {
  constructor(private readonly node: FileNode) {}

  read(buf: Uint8Array, position: number): number {
    const n = Math.max(0, Math.min(buf.length, this.node.size - position));
    buf.set(this.node.data.subarray(position, position + n));
    return n;
  }

  write(buf: Uint8Array, position: number): number {
    const end = position + buf.length;
    if (end > this.node.size) resize(this.node, end);
    this.node.data.set(buf, position);
    this.node.mtimNs = nowNs();
    return buf.length;
  }

  stat(): FileStat { return statOf(this.node); }
  truncate(size: number): void { resize(this.node, size); }
  sync(): void {}
  close(): void {}
}
