import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's directory (the one holding its package.json), found by walking up from this module.
 * The sources run from `src/` (tsx) and the build from `dist/src/` (node), so paths fixed relative to the
 * module would differ between the two.
 */
export function serverPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}
