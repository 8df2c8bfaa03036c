import type { MacroContext } from '../../core/spec/index.js';
import type { Git } from '../../git/index.js';
import { isEmptyPlan, planDistGit } from '../plan-dist-git.js';
import { readDistGit } from '../read-dist-git.js';
import { readSourceGit, type SourceGitSnapshot } from '../read-source-git.js';
import { surelyNotHeld } from './cannot-hold.js';

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
  let asked = 0;
  const source = (sha: string) => {
    let s = sources.get(sha);
    if (!s) {
      s = readSourceGit(sgGit, sha).catch(() => null); // a commit from before source-git.yaml, or with a broken one, holds nothing
      sources.set(sha, s);
    }
    return s;
  };
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
          if (await surelyNotHeld(sg, dgGit, distGitSha)) return false;
          const dg = await readDistGit(dgGit, { pkgName: opts.pkgName, ref: distGitSha });
          return isEmptyPlan(await planDistGit(sg, dg, opts.ctx));
        })().catch(() => false);
        answers.set(key, a);
      }
      return a;
    },
  };
}
