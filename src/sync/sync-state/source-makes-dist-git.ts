import type { MacroContext } from '../../core/spec/index.js';
import type { Git } from '../../git/index.js';
import { isEmptyPlan, planDistGit } from '../plan-dist-git.js';
import { readDistGit } from '../read-dist-git.js';
import { readSourceGit, type SourceGitSnapshot } from '../read-source-git.js';
import { hasNoPatchFile, surelyMakesAPatch } from './surely-not-held.js';

/** Reads and answers shared by one sync-state question (each source-git commit is read once). */
export interface ContentOracle {
  /** Does dist-git at `distGitSha` hold exactly what source-git at `sourceGitSha` makes (update-dist-git would change nothing)? */
  holds(sourceGitSha: string, distGitSha: string): Promise<boolean>;
  /** How many of those (costly) comparisons ran. */
  readonly asked: number;
}

export function contentOracle(sgGit: Git, dgGit: Git, opts: { pkgName: string; ctx: MacroContext }): ContentOracle {
  const sources = new Map<string, Promise<SourceGitSnapshot | null>>();
  const answers = new Map<string, Promise<boolean>>();
  // each source-git commit is read, and each half of the cheap pre-check asked, once whatever the number of pairs compared
  const makesAPatch = new Map<string, Promise<boolean>>();
  const noPatchFile = new Map<string, Promise<boolean>>();
  const once = <T>(memo: Map<string, Promise<T>>, key: string, f: () => Promise<T>): Promise<T> => {
    let p = memo.get(key);
    if (!p) memo.set(key, (p = f()));
    return p;
  };
  let asked = 0;
  // a commit from before source-git.yaml, or with a broken one, holds nothing
  const source = (sha: string) => once(sources, sha, () => readSourceGit(sgGit, sha).catch(() => null));
  return {
    get asked() {
      return asked;
    },
    holds(sourceGitSha, distGitSha) {
      const key = `${sourceGitSha} ${distGitSha}`;
      let a = answers.get(key);
      if (!a) {
        asked++;
        a = (async () => {
          const sg = await source(sourceGitSha);
          if (!sg) return false;
          if ((await once(noPatchFile, distGitSha, () => hasNoPatchFile(dgGit, distGitSha))) && (await once(makesAPatch, sg.head, () => surelyMakesAPatch(sg)))) {
            return false; // surely not held: skip the full plan
          }
          const dg = await readDistGit(dgGit, { pkgName: opts.pkgName, ref: distGitSha });
          return isEmptyPlan(await planDistGit(sg, dg, opts.ctx));
        })().catch(() => false);
        answers.set(key, a);
      }
      return a;
    },
  };
}
