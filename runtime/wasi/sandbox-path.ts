// Resolving a guest path against a directory descriptor without ever leaving it.
// Components are walked one at a time: `..` may not climb above the descriptor's
// directory, absolute paths are refused, and every symlink met on the way is read and
// spliced in by us (an absolute target, or one that climbs out, is refused), so the
// backend only ever sees paths whose directories are real and inside the sandbox.

import { Errno, FileType } from './constants.js';
import { WasiError, errnoOf } from './errors.js';
import { joinPath, type FileSystemBackend } from './fs-backend.js';

/** Symlinks expanded in one resolution before giving up with ELOOP (as Linux). */
const MAX_SYMLINKS = 40;

function escape(guestPath: string, why: string): never {
  throw new WasiError(Errno.NOTCAPABLE, `path ${JSON.stringify(guestPath)} ${why}`);
}

function splitComponents(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * The backend path that `guestPath` names below the directory `root`. A final symlink
 * is expanded only when `followFinal` (a trailing '/' also forces it). The final
 * component need not exist; every earlier one must be a directory.
 */
export function resolveInside(fs: FileSystemBackend, root: string, guestPath: string, followFinal: boolean): string {
  if (guestPath.includes('\0')) throw new WasiError(Errno.INVAL, 'path contains a NUL byte');
  if (guestPath.startsWith('/')) escape(guestPath, 'is absolute');
  if (guestPath === '') throw new WasiError(Errno.NOENT, 'empty path');
  const mustBeDirectory = guestPath.endsWith('/');
  const follow = followFinal || mustBeDirectory;

  const resolved: string[] = [];
  const pending = splitComponents(guestPath).reverse(); // a stack: next component last
  let symlinks = 0;
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === '..') {
      if (resolved.length === 0) escape(guestPath, 'climbs above its directory');
      resolved.pop();
      continue;
    }
    resolved.push(name);
    const isFinal = pending.length === 0;
    let type: number;
    try {
      type = fs.lstat(joinPath(root, resolved)).type;
    } catch (error) {
      // A missing final component is fine (it may be about to be created).
      if (isFinal && errnoOf(error) === Errno.NOENT) break;
      throw error;
    }
    if (type === FileType.SYMBOLIC_LINK && (!isFinal || follow)) {
      if (++symlinks > MAX_SYMLINKS) throw new WasiError(Errno.LOOP, `too many symlinks in ${guestPath}`);
      const target = fs.readlink(joinPath(root, resolved));
      if (target.startsWith('/')) escape(guestPath, `goes through a symlink to an absolute path (${target})`);
      resolved.pop();
      pending.push(...splitComponents(target).reverse());
    } else if ((!isFinal || mustBeDirectory) && type !== FileType.DIRECTORY) {
      throw new WasiError(Errno.NOTDIR, `a component of ${guestPath} is not a directory`);
    }
  }
  const path = joinPath(root, resolved);
  if (fs.realpath) checkRealpath(fs, root, resolved, guestPath);
  return path;
}

/**
 * Defence in depth for backends others can change (the host): the deepest existing
 * directory on the resolved path must still canonicalize to inside `root`.
 */
function checkRealpath(fs: FileSystemBackend, root: string, resolved: string[], guestPath: string): void {
  const realRoot = fs.realpath!(root);
  const dir = resolved.slice(0, -1);
  let realDir: string;
  try {
    realDir = fs.realpath!(joinPath(root, dir));
  } catch (error) {
    if (errnoOf(error) === Errno.NOENT) return; // nothing there to escape through
    throw error;
  }
  const inside = realDir === realRoot ||
    (realDir.startsWith(realRoot) && /^[\\/]/.test(realDir.slice(realRoot.length))) ||
    (/[\\/]$/.test(realRoot) && realDir.startsWith(realRoot));
  if (!inside) escape(guestPath, 'resolves outside its directory');
}
