import { DistsyncError } from '../core/errors.js';
import { groupPatchCommits, type PatchGroup } from '../core/patches/group-patch-commits.js';
import {
  parsePatch,
  patchContentId,
  patchFileNameFor,
  renderMboxPatch,
  stripDistsyncTrailers,
  validatePatchName,
} from '../core/patches/index.js';
import { isoToRfc2822 } from '../core/patches/rfc2822-date.js';
import type { PrepAnalysis, PrepPatchStep } from '../core/spec/index.js';
import { diffBetween, diffsForRange, listCommits, type CommitInfo, type Git } from '../git/index.js';
import { combinedTree } from './combined-tree.js';
import { patchReproduces } from './patch-reproduces.js';
import { DISTRO_DIR } from './read-source-git.js';

/** One patch file that the source-git commit stack makes. */
export interface PlannedPatch {
  name: string;
  /** Patch number from a Patch-id trailer, when given. */
  wantedNumber?: number;
  presentInSpecfile: boolean;
  status?: string;
  strip: number;
  directory: string;
  /** The diff as git produced it for this patch. */
  diff: string;
  /** The patch's change is base → to (tree-ish), outside the ignored paths. */
  base: string;
  to: string;
  group: PatchGroup<CommitInfo>;
  render(): string;
}

export interface PatchSpecFacts {
  prep: PrepAnalysis;
  /** Patch file name (basename, macros expanded) → number of its Patch tag. */
  numberByFile: Map<string, number>;
  defaultStrip: number;
  /** %autosetup -S git / git_am apply with git, which understands binary patches. */
  appliesWithGit: boolean;
}

/** Turn `upstream..head` of source-git into the patch files dist-git should hold. */
export async function planPatches(
  git: Git,
  range: { upstreamSha: string; head: string },
  facts: PatchSpecFacts,
  ignorePaths: string[] = [DISTRO_DIR],
): Promise<PlannedPatch[]> {
  const rangeSpec = `${range.upstreamSha}..${range.head}`;
  const [commits, diffs] = await Promise.all([
    listCommits(git, rangeSpec, { excludePaths: ignorePaths }),
    diffsForRange(git, rangeSpec, { excludePaths: ignorePaths }),
  ]);
  const groups = groupPatchCommits(commits);
  const digits = 4;
  const planned: PlannedPatch[] = [];
  const names = new Set<string>();
  for (const [i, group] of groups.entries()) {
    const first = group.commits[0]!;
    const last = group.commits[group.commits.length - 1]!;
    const name = group.name ?? patchFileNameFor(group.message.subject, i + 1, digits);
    validatePatchName(name, `commit ${first.sha.slice(0, 12)}`);
    if (!/^[A-Za-z0-9_+~][A-Za-z0-9._+~@=,-]*$/.test(name)) {
      // the name lands in a PatchN: value, which rpm macro-expands
      throw new DistsyncError('bad-trailer', `Patch-name '${name}' (commit ${first.sha.slice(0, 12)}) may only use letters, digits and . _ + ~ @ = , -`, {
        next: 'reword the commit with a plain file name (git rebase -i, reword)',
      });
    }
    if (names.has(name)) {
      throw new DistsyncError('bad-trailer', `two patches would be named ${name} (commit ${first.sha.slice(0, 12)})`, {
        next: 'give one of them its own Patch-name trailer (git rebase -i, reword)',
      });
    }
    names.add(name);
    const number = group.trailers.patchId ?? facts.numberByFile.get(name);
    const step = number === undefined ? undefined : stepFor(facts.prep, number);
    const strip = group.trailers.noPrefix ? 0 : step?.strip ?? facts.defaultStrip;
    const directory = step?.directory ?? '';
    const simple = group.commits.length === 1 && strip === 1 && directory === '';
    const base = first.parents[0] ?? range.upstreamSha;
    const to = group.contiguous ? last.sha : await combinedTree(git, base, group, diffs);
    const diff = simple
      ? diffs.get(first.sha) ?? ''
      : await diffBetween(git, base, to, {
          excludePaths: ignorePaths,
          ...(directory ? { relative: directory } : {}),
          ...prefixesFor(strip),
        });
    if (diff.trim() === '') continue; // e.g. a commit whose changes cancel out
    if (/^GIT binary patch$/m.test(diff) && !facts.appliesWithGit) {
      throw new DistsyncError('binary-patch', `commit ${first.sha.slice(0, 12)} ("${group.message.subject}") changes a binary file; rpm's %patch (GNU patch) cannot apply git binary patches`, {
        next: 'ship the binary file as an extra SourceN in the lookaside cache instead, or switch %prep to %autosetup -S git',
      });
    }
    const message = stripDistsyncTrailers(group.message);
    planned.push({
      name,
      ...(number === undefined ? {} : { wantedNumber: number }),
      presentInSpecfile: group.trailers.presentInSpecfile,
      ...(group.trailers.patchStatus ? { status: group.trailers.patchStatus } : {}),
      strip,
      directory,
      diff,
      base,
      to,
      group,
      render: () =>
        renderMboxPatch({
          sha: last.sha,
          author: { name: first.author.name, email: first.author.email },
          date: isoToRfc2822(first.author.date),
          subject: message.subject,
          body: message.body,
          trailers: message.trailers,
          diff,
        }),
    });
  }
  return planned;
}

function stepFor(prep: PrepAnalysis, number: number): PrepPatchStep | undefined {
  return prep.steps.find((s) => s.number === number);
}

/** Path prefixes that make `patch -pN` find the files: -p0 none, -p1 a/ b/, -pN a/ + N-1 dummy dirs. */
function prefixesFor(strip: number): { noPrefix?: boolean; srcPrefix?: string; dstPrefix?: string } {
  if (strip === 0) return { noPrefix: true };
  if (strip === 1) return {};
  const extra = 'x/'.repeat(strip - 1);
  return { srcPrefix: `a/${extra}`, dstPrefix: `b/${extra}` };
}

/**
 * True when the old patch file changes exactly what the planned patch
 * changes: same content id (fast), else the old file applied to the same
 * base gives the same tree (another diff program placed hunks differently).
 */
export async function samePatchContent(git: Git, old: Buffer, p: PlannedPatch, ignorePaths: string[]): Promise<boolean> {
  try {
    if (patchContentId(parsePatch(old.toString('utf8')).diff, p.strip) === patchContentId(p.diff, p.strip)) return true;
  } catch {
    // an unparsable old file is not the same patch
    return false;
  }
  return patchReproduces(git, { base: p.base, to: p.to, patch: old, strip: p.strip, directory: p.directory, ignorePaths });
}
