// Locating ../shared (the read-only reference material). Suites that need it skip with a
// message where it is absent, as on a user's fresh clone.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DIR = process.env.PULLEY_SHARED ?? join(root, '..', 'shared');

/** Path of a file or folder under ../shared, or undefined (with a console note) if absent. */
export function sharedPath(rel: string): string | undefined {
  const p = join(SHARED_DIR, rel);
  if (existsSync(p)) return p;
  console.warn(`skipping: ${p} is not here (the shared reference material is only in the project's workspace)`);
  return undefined;
}
