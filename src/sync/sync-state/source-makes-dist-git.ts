import type { MacroContext } from '../../core/spec/index.js';
import { objectIds, type Git } from '../../git/index.js';
import { isEmptyPlan, planDistGit, type DistGitPlan } from '../plan-dist-git.js';
import type { PlanMemo } from '../plan-memo.js';
import { readDistGit, type DistGitSnapshot } from '../read-dist-git.js';
import { CONFIG_PATH, readSourceGit, type SourceGitSnapshot } from '../read-source-git.js';
import { hasNoPatchFile, noPatchFileIn, surelyMakesAPatch } from './surely-not-held.js';

/** Reads and answers shared by one sync-state question (each source-git commit is read once). */
export interface ContentOracle {
  /** Does dist-git at `distGitSha` hold exactly what source-git at `sourceGitSha` makes (update-dist-git would change nothing)? */
  holds(sourceGitSha: string, distGitSha: string): Promise<boolean>;
  /** How many of those (costly) comparisons ran. */
  readonly asked: number;
  /** Source-git commits `holds` will likely be asked about: what its cheap checks need of them is read together, on the first ask. */
  expect(sourceGitShas: readonly string[]): void;
}

export interface OracleOptions {
  pkgName: string;
  ctx: MacroContext;
  /** The run's reads of git: every plan the oracle makes shares them (and the caller's). */
  memo: PlanMemo;
  /** Snapshots the caller has read already (and its plan of that pair), so they are not read or planned again. */
  known?: { sg: SourceGitSnapshot; dg: DistGitSnapshot; plan?: DistGitPlan };
}

export function contentOracle(sgGit: Git, dgGit: Git, opts: OracleOptions): ContentOracle {
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
  const { known, memo } = opts;
  if (known) sources.set(known.sg.head, Promise.resolve(known.sg));
  const source = (sha: string) => once(sources, sha, () => readSourceGit(sgGit, sha).catch(() => null));
  const configIds = new Map<string, Promise<string>>();
  let expected: string[] = [];
  /** The blob id of `sha`'s source-git.yaml ('' when none); the first ask reads it for every expected commit too, in one batch. */
  const configId = (sha: string): Promise<string> => {
    const hit = configIds.get(sha);
    if (hit) return hit;
    const batch = [...new Set([sha, ...(known ? [known.sg.head] : []), ...expected])].filter((s) => !configIds.has(s));
    expected = [];
    const ids = objectIds(sgGit, batch.map((s) => `${s}:${CONFIG_PATH}`)).catch(() => batch.map(() => null));
    batch.forEach((s, i) => configIds.set(s, ids.then((all) => all[i] ?? '')));
    return configIds.get(sha)!;
  };
  /** `sha` has byte for byte the known source-git's config (so the same upstream and ignored paths). */
  const sameConfigAsKnown = async (sha: string) => !!known && (await configId(sha)) !== '' && (await configId(sha)) === (await configId(known.sg.head));
  const distGit = (sha: string) => (known?.dg.head === sha ? Promise.resolve(known.dg) : readDistGit(dgGit, { pkgName: opts.pkgName, ref: sha, memo }));
  return {
    get asked() {
      return asked;
    },
    expect(sourceGitShas) {
      expected.push(...sourceGitShas);
    },
    holds(sourceGitSha, distGitSha) {
      const key = `${sourceGitSha} ${distGitSha}`;
      let a = answers.get(key);
      if (!a) {
        asked++;
        a = (async () => {
          if (known?.plan && sourceGitSha === known.sg.head && distGitSha === known.dg.head) return isEmptyPlan(known.plan); // the caller's own plan
          // the known dist-git commit's files are listed already
          const listed = known?.dg.head === distGitSha ? known.dg.files : null;
          if (await once(noPatchFile, distGitSha, async () => (listed ? noPatchFileIn(listed) : hasNoPatchFile(dgGit, distGitSha)))) {
            // the pre-check needs only the commit's config: when it is the known one's, no snapshot is read
            const facts = (await sameConfigAsKnown(sourceGitSha)) ? { ...known!.sg, head: sourceGitSha } : await source(sourceGitSha);
            if (!facts) return false;
            if (await once(makesAPatch, sourceGitSha, () => surelyMakesAPatch(facts, memo))) return false; // surely not held: skip the full plan
          }
          const sg = await source(sourceGitSha);
          if (!sg) return false;
          return isEmptyPlan(await planDistGit(sg, await distGit(distGitSha), opts.ctx, {}, memo));
        })().catch(() => false);
        answers.set(key, a);
      }
      return a;
    },
  };
}
