import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { hostEnv } from '../git/index.js';

/** Absolute path of an executable on PATH, or null. */
export async function findOnPath(name: string, pathEnv: string = hostEnv().PATH ?? ''): Promise<string | null> {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}
