import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, hashOf } from './corpus.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The team corpus (real el9 dist-git branches + reproduced upstream tarballs):
 * `../shared/corpus` beside the clone (as in CI), else the machine's
 * /work/shared/corpus. Missing corpus = a failing test, never a silent skip.
 */
export function sharedCorpus(): string {
  const candidates = [join(REPO, '..', 'shared', 'corpus'), '/work/shared/corpus'];
  const found = candidates.find((c) => existsSync(join(c, 'README.md')));
  if (!found) throw new Error(`the shared corpus is not here (looked in ${candidates.join(', ')}): put the team's shared/ beside the clone`);
  return found;
}

/**
 * Why a case of a package that is not (yet) in the shared corpus is skipped:
 * the real el9 packages a session fetched were taken out of the repo
 * (developers commit no fetched content); fixtures/corpus-el9/README.md lists
 * them for the steering team, who decide whether they go into shared/corpus.
 */
export const NOT_IN_SHARED = 'not in shared/corpus: fetched content is not committed, see fixtures/corpus-el9/README.md';

/** The package is in the shared corpus (its dist-git and upstream tarballs are there). */
export function inSharedCorpus(key: string): boolean {
  const dir = join(sharedCorpus(), key);
  return existsSync(join(dir, 'distgit')) && existsSync(join(dir, 'upstream'));
}

export interface SharedPackage {
  key: string;
  dir: string;
  distGit: string;
  lookaside: string;
  specPath: string;
  patchDir: string;
  /** Programs %prep runs (upstream.ref `tools:`). */
  tools: string[];
  /** Files that exist in the source tree, first found gets the test's change. */
  marks: string[];
}

/** Programs from upstream.ref `tools:` (none when the package has no upstream.ref). */
export function corpusTools(corpus: string, key: string): string[] {
  const ref = join(corpus, key, 'upstream.ref');
  if (!existsSync(ref)) return [];
  const m = /^tools:\s*([^#\n]*)/m.exec(readFileSync(ref, 'utf8'));
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

export function corpusMarks(corpus: string, key: string, fallback: string[]): string[] {
  const ref = join(corpus, key, 'upstream.ref');
  if (!existsSync(ref)) return fallback;
  const m = /^mark:\s*([^#\n]*)/m.exec(readFileSync(ref, 'utf8'));
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : fallback;
}

/** Throws a clear error naming every program %prep needs that is not installed. */
export function assertTools(key: string, tools: string[]): void {
  const missing = tools.filter((t) => {
    try {
      execFileSync('sh', ['-c', 'command -v "$0"', t], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`${key}: %prep runs ${missing.join(', ')}, which is not installed (apt-get install autoconf automake libtool autopoint; .ci/run does)`);
  }
}

/**
 * The package's dist-git as a fresh repo and a lookaside dir with its upstream
 * tarballs. Checksum lines are rewritten to the reproduced tarballs' hashes (as
 * if the packager had uploaded exactly those, see the corpus README);
 * lookaside-only files no %prep reads (.asc) get a placeholder.
 */
export function makeSharedPackage(dir: string, key: string): SharedPackage {
  const corpus = sharedCorpus();
  const src = join(corpus, key);
  for (const part of ['distgit', 'upstream']) {
    if (!existsSync(join(src, part))) throw new Error(`corpus package ${key}: ${join(src, part)} is missing (a listed package must be present, never skipped)`);
  }
  const distGit = join(dir, 'dist-git');
  cpSync(join(src, 'distgit'), distGit, { recursive: true });
  const lookaside = join(dir, 'lookaside');
  mkdirSync(lookaside, { recursive: true });
  for (const f of readdirSync(join(src, 'upstream'))) if (/\.(tar\.\w+|tgz)$/.test(f)) cpSync(join(src, 'upstream', f), join(lookaside, f));
  const flat = !existsSync(join(distGit, 'SPECS'));
  const sumFile = readdirSync(distGit).find((f) => f === 'sources' || /^\..+\.metadata$/.test(f));
  if (sumFile) writeFileSync(join(distGit, sumFile), rewriteSums(readFileSync(join(distGit, sumFile), 'utf8'), lookaside));
  git(dir, 'init', '-q', distGit);
  git(distGit, 'add', '-A');
  git(distGit, 'commit', '-q', '-m', `import ${key} from the corpus`);
  const specDir = flat ? distGit : join(distGit, 'SPECS');
  const spec = readdirSync(specDir).find((f) => f.endsWith('.spec'))!;
  return {
    key,
    dir,
    distGit,
    lookaside,
    specPath: flat ? spec : `SPECS/${spec}`,
    patchDir: flat ? '' : 'SOURCES',
    tools: corpusTools(corpus, key),
    marks: corpusMarks(corpus, key, ['README', 'README.md']),
  };
}

function rewriteSums(text: string, lookaside: string): string {
  const file = (f: string) => {
    const p = join(lookaside, f);
    if (!existsSync(p)) writeFileSync(p, `placeholder for the lookaside-only ${f}\n`);
    return p;
  };
  return text
    .split('\n')
    .map((line) => {
      const fedora = /^(SHA512|SHA256) \((.+)\) = [0-9a-f]+$/.exec(line);
      if (fedora) return `${fedora[1]} (${fedora[2]}) = ${hashOf(file(fedora[2]!), fedora[1]!.toLowerCase())}`;
      const el = /^([0-9a-f]{40}|[0-9a-f]{64}) (.+)$/.exec(line);
      if (!el) return line;
      const name = el[2]!.split('/').pop()!;
      return `${hashOf(file(name), el[1]!.length === 40 ? 'sha1' : 'sha256')} ${el[2]}`;
    })
    .join('\n');
}
