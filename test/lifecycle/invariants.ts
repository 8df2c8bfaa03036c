import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { git, removeDirs } from '../helpers/corpus.js';
import { SOURCE, type Lifecycle } from './lifecycle-harness.js';

/** Local clones of source-git `main` and dist-git `rawhide` as they are on the fake GitHub now. */
export function cloneBoth(lc: Lifecycle, sgRef = 'main', dgRef = 'rawhide'): { sg: string; dg: string; root: string } {
  const root = mkdtempSync(join(lc.dir, 'check-'));
  const sg = join(root, 'sg');
  const dg = join(root, 'dg');
  git(root, 'clone', '-q', '-b', sgRef, lc.fake.state.repos.get(SOURCE)!.dir, sg);
  git(root, 'clone', '-q', '-b', dgRef, lc.distDir, dg);
  return { sg, dg, root };
}

/** Patch tags of a spec: [number, file]. */
export function patchTags(spec: string): [string, string][] {
  return [...spec.matchAll(/^Patch(\d*)\s*:\s*(\S+)\s*$/gm)].map((m) => [m[1] ?? '', m[2]!]);
}

/**
 * What must hold after every step of a package's life: every *.patch file in dist-git is
 * referenced by a Patch tag (and every tag has its file), no tag twice, syncing source-git
 * main again changes nothing (byte-identical), no job failed, the fake saw only valid requests.
 */
export async function assertInSync(lc: Lifecycle, step: string): Promise<void> {
  await assertDistGitMatches(lc, step);
  const failed = await lc.store.listJobs({ state: 'failed' });
  expect(failed.map((j) => `${j.kind}: ${j.lastError}`), `${step}: failed jobs`).toEqual([]);
  expect(lc.fake.problems, `${step}: requests GitHub would refuse`).toEqual([]);
  expect(lc.forgeProblems(), `${step}: requests the dist-git forge would refuse`).toEqual([]);
  const red = lc.fake.state.checkRuns.filter((c) => c.conclusion === 'failure');
  expect(red.map((c) => `${c.repo} ${c.name}: ${c.title} ${c.summary}`), `${step}: failed check runs`).toEqual([]);
}

/** The dist-git half of assertInSync: patch files and tags agree, no tag twice, syncing source-git main again changes nothing. */
export async function assertDistGitMatches(lc: Lifecycle, step: string): Promise<void> {
  const { sg, dg, root } = cloneBoth(lc);
  try {
    const files = git(dg, 'ls-files').trim().split('\n');
    const patches = files.filter((f) => f.endsWith('.patch')).map((f) => f.split('/').pop()!);
    const spec = git(dg, 'show', 'HEAD:SPECS/lz4.spec');
    const tags = patchTags(spec);
    const names = tags.map(([, f]) => f);
    expect(new Set(tags.map(([n]) => n)).size, `${step}: duplicate Patch numbers\n${spec}`).toBe(tags.length);
    expect(new Set(names).size, `${step}: a patch file tagged twice`).toBe(names.length);
    expect([...patches].sort(), `${step}: every patch file has a tag and every tag a file`).toEqual([...names].sort());
    const before = git(dg, 'rev-parse', 'HEAD^{tree}').trim();
    const res = await updateDistGit({ log: createMemoryLogger() }, { sourceGitDir: sg, distGitDir: dg, message: 'no-op check' });
    expect({ step, changed: res.changed, added: res.added, updated: res.updated, removed: res.removed }).toEqual({ step, changed: false, added: [], updated: [], removed: [] });
    expect(git(dg, 'rev-parse', 'HEAD^{tree}').trim()).toBe(before);
    expect(git(dg, 'status', '--porcelain').trim()).toBe('');
  } finally {
    removeDirs(root);
  }
}

/** Every ref of both repos (to prove a step pushed nothing). */
export function allRefs(lc: Lifecycle): string {
  return [lc.fake.state.repos.get(SOURCE)!.dir, lc.distDir].map((d) => git(d, 'for-each-ref', '--format=%(refname) %(objectname)')).join('');
}
