import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { hostEnv } from '../git/index.js';

/** Absolute path of `rpmbuild` on PATH, else rpm-missing with the install command. */
export async function findRpmbuild(pathEnv: string = hostEnv().PATH ?? ''): Promise<string> {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'rpmbuild');
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  throw new DistsyncError('rpm-missing', 'rpmbuild is not installed', {
    next: 'install it: sudo apt-get install -y rpm (Debian/Ubuntu) or sudo dnf install -y rpm-build (Fedora/EL)',
  });
}
