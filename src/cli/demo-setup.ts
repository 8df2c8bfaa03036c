import { cp, mkdir, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DistsyncError } from '../core/errors.js';
import { commitAll, createGit, initRepo } from '../git/index.js';

/** fixtures/ of this checkout (works from src/ under tsx and from dist/). */
export function fixturesDir(): string {
  for (const rel of ['../../fixtures', '../../../fixtures']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'corpus'))) return dir;
  }
  throw new DistsyncError('usage', 'the demo needs the fixtures/ folder of a distsync checkout', { next: 'run the demo from a git clone of distsync' });
}

export interface DemoRepos {
  root: string;
  distGit: string;
  sourceGit: string;
  lookaside: string;
}

/** The real lz4 el9 dist-git as a git repo, upstream lz4 cloned at v1.9.3, the tarball in a lookaside dir. */
export async function setUpDemoRepos(dir?: string): Promise<DemoRepos> {
  const corpus = join(fixturesDir(), 'corpus', 'lz4');
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'distsync-demo-')));
  await mkdir(root, { recursive: true });
  const distGit = join(root, 'dist-git');
  const sourceGit = join(root, 'source-git');
  const lookaside = join(root, 'lookaside');
  if (existsSync(distGit) || existsSync(sourceGit)) {
    throw new DistsyncError('usage', `${root} already holds a demo`, { next: 'pass --dir with a new directory, or remove the old one' });
  }
  await cp(join(corpus, 'distgit'), distGit, { recursive: true });
  await initRepo(distGit);
  await commitAll(createGit(distGit), { message: 'import lz4-1.9.3-5.el9\n', author: { name: 'openela-mship[bot]', email: 'mship@openela.invalid' } });
  await mkdir(lookaside, { recursive: true });
  await writeFile(join(lookaside, 'lz4-1.9.3.tar.gz'), await readFile(join(corpus, 'upstream', 'lz4-1.9.3.tar.gz')));
  await createGit(root).run(['clone', '-q', join(corpus, 'upstream', 'lz4-upstream.bundle'), sourceGit]);
  await createGit(sourceGit).run(['checkout', '-q', '-B', 'main', 'v1.9.3']);
  return { root, distGit, sourceGit, lookaside };
}
