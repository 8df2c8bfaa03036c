import { DistsyncError } from '../core/errors.js';
import { groupPatchCommits, type PatchGroup } from '../core/patches/group-patch-commits.js';
import { PACKIT_TRAILER_KEYS, patchCommentLines, type NewPatchCommentStyle } from '../core/patches/patch-comment.js';
import {
  getTrailer,
  parseCommitMessage,
  type CommitMessage,
  patchContentId,
  patchFileNameFor,
  renderMboxPatchParts,
  type MboxPatchInput,
  stripDistsyncTrailers,
  stripOfPatch,
  validatePatchName,
} from '../core/patches/index.js';
import { isoToRfc2822 } from '../core/patches/rfc2822-date.js';
import { newPatchSlot, type NewPatchSlot, type PrepAnalysis, type PrepPatchStep, type StripMode } from '../core/spec/index.js';
import { diffBetween, type CommitInfo, type Git } from '../git/index.js';
import { checkShellPatchCommits } from './check-shell-patch-commits.js';
import { assertSlotFits, assertUtf8Messages } from './patch-input-checks.js';
import { createPlanMemo, type PlanMemo } from './plan-memo.js';
import { combinedTree } from './combined-tree.js';
import type { ExistingPatches } from './existing-patches.js';
import { DISTRO_DIR } from './read-source-git.js';

/** One patch file that the source-git commit stack makes. */
export interface PlannedPatch {
  name: string;
  /** Patch number from a Patch-id trailer, when given. */
  wantedNumber?: number;
  presentInSpecfile: boolean;
  status?: string;
  /** Comment text (without '# ') for the PatchN tag when it is new. */
  comment: string[];
  strip: number;
  /** How the step that applies it got its -p ('basename': rpm runs patch without -p; see stripOfPatch). */
  stripMode: StripMode;
  directory: string;
  /** For a patch %prep does not apply yet: where its new %patch line goes and which numbers it may take. */
  slot?: NewPatchSlot;
  /** The diff as git produced it for this patch. */
  diff: string;
  /** The patch's change is base → to (tree-ish), outside the ignored paths. */
  base: string;
  to: string;
  group: PatchGroup<CommitInfo>;
  /** The patch file as pieces (a huge diff is one piece, not copied); render() is their concatenation. */
  parts(): string[];
  render(): string;
}

export interface PatchSpecFacts {
  prep: PrepAnalysis;
  /** Patch file name (basename, macros expanded) → number of its Patch tag. */
  numberByFile: Map<string, number>;
  /** The -p of the step a new patch would join (newPatchSlot); for patches without a step of their own. */
  defaultStrip: number;
  /** %autosetup -S git / git_am apply with git, which understands binary patches. */
  appliesWithGit: boolean;
  /** What to write above new PatchN tags (default 'packit'). */
  commentStyle?: NewPatchCommentStyle;
}

/** Turn `upstream..head` of source-git into the patch files dist-git should hold. */
export async function planPatches(
  git: Git,
  range: { upstreamSha: string; head: string },
  facts: PatchSpecFacts,
  ignorePaths: string[] = [DISTRO_DIR],
  existing?: Pick<ExistingPatches, 'bySha' | 'byContent'> & { untagged?: () => Promise<Map<string, string>> },
  memo: PlanMemo = createPlanMemo(),
): Promise<PlannedPatch[]> {
  const commits = await memo.commits(git, range.upstreamSha, range.head, ignorePaths, { fromIsBase: true });
  const diffs = await memo.diffs(git, commits.map((c) => c.sha), ignorePaths);
  await checkShellPatchCommits(git, commits, facts.prep, range.head, ignorePaths, diffs);
  const rangeHasTrailers = commits.some((c) => hasPackitTrailer(c.message));
  // file names as git format-patch gives them: 4 digits, the commit's position in the range
  const digits = 4;
  const lookByContent = existing && !allFoundBySha(commits, existing.bySha);
  const byContent = lookByContent ? await existing.byContent() : undefined;
  const untagged = lookByContent ? await existing.untagged?.() : undefined;
  const groups = groupPatchCommits(
    commits,
    autoNamer(commits, diffs, digits, existing && { bySha: existing.bySha, ...(byContent ? { byContent } : {}), ...(untagged ? { untagged } : {}) }),
  );
  const planned: PlannedPatch[] = [];
  const names = new Set<string>();
  for (const group of groups) {
    const first = group.commits[0]!;
    const last = group.commits[group.commits.length - 1]!;
    const name = group.name ?? patchFileNameFor(group.message.subject, group.position, digits);
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
    const slot = step ? undefined : newPatchSlot(facts.prep, [...new Set(group.commits.flatMap((c) => c.files))]);
    const where = step ?? slot!;
    const strip = stripFor(group.trailers.noPrefix, step, where.strip, facts);
    const directory = where.directory;
    if (slot) assertSlotFits(slot, group, first.sha);
    const plain = strip === 1 && directory === '';
    const diffOpts = { excludePaths: ignorePaths, ...(directory ? { relative: directory } : {}), ...prefixesFor(strip, where.buildDirectory) };
    const base = first.parents[0] ?? range.upstreamSha;
    const to = group.contiguous ? last.sha : await combinedTree(git, base, group, diffs);
    const diff = plain && group.commits.length === 1 ? diffs.get(first.sha) ?? '' : await diffBetween(git, base, to, diffOpts);
    if (diff.trim() === '') continue; // e.g. a commit whose changes cancel out
    assertUtf8Messages(group);
    if (/^GIT binary patch$/m.test(diff) && !facts.appliesWithGit) {
      throw new DistsyncError('binary-patch', `commit ${first.sha.slice(0, 12)} ("${group.message.subject}") changes a binary file; rpm's %patch (GNU patch) cannot apply git binary patches`, {
        next: 'ship the binary file as an extra SourceN in the lookaside cache instead, or switch %prep to %autosetup -S git',
      });
    }
    const message = stripDistsyncTrailers(group.message);
    // adjacent commits with one Patch-name: one mail per commit in one file, as Packit (git format-patch) writes them
    const mails: Mail[] = group.contiguous && group.commits.length > 1
      ? await Promise.all(
          group.commits.map(async (c) => ({
            sha: c.original ?? c.sha,
            author: c.author,
            message: stripDistsyncTrailers(parseCommitMessage(c.message)),
            diff: plain ? diffs.get(c.sha) ?? '' : await diffBetween(git, c.parents[0] ?? base, c.sha, diffOpts),
          })),
        )
      : [{ sha: last.original ?? last.sha, author: first.author, message, diff }];
    const comment = patchCommentLines(facts.commentStyle ?? 'packit', {
      ...(group.trailers.patchStatus ? { status: group.trailers.patchStatus } : {}),
      message,
      author: first.author,
      rangeHasTrailers,
    });
    planned.push({
      name,
      ...(number === undefined ? {} : { wantedNumber: number }),
      presentInSpecfile: group.trailers.presentInSpecfile,
      ...(group.trailers.patchStatus ? { status: group.trailers.patchStatus } : {}),
      comment,
      strip,
      stripMode: where.stripMode,
      directory,
      ...(slot ? { slot } : {}),
      diff,
      base,
      to,
      group,
      parts: () => partsOf(mails),
      render: () => partsOf(mails).join(''),
    });
  }
  return planned;
}

interface Mail {
  sha: string;
  author: CommitInfo['author'];
  message: CommitMessage;
  diff: string;
}

function partsOf(mails: Mail[]): string[] {
  return mails.filter((m) => m.diff.trim() !== '').flatMap((m) => renderMboxPatchParts(mboxInput(m)));
}

function mboxInput(m: Mail): MboxPatchInput {
  return {
    sha: m.sha,
    author: { name: m.author.name, email: m.author.email },
    date: isoToRfc2822(m.author.date),
    subject: m.message.subject,
    body: m.message.body,
    trailers: m.message.trailers,
    diff: m.diff,
  };
}

function hasPackitTrailer(message: string): boolean {
  const m = parseCommitMessage(message);
  return PACKIT_TRAILER_KEYS.some((k) => getTrailer(m, k) !== undefined);
}

/**
 * The -p a patch is written for: its %patch line's, else (a new patch) that
 * of the step that will apply it (newPatchSlot). `No-prefix: true` makes a prefix-less (-p0) patch only where %prep
 * gives the new patch its own %patch line (written with -p0); under
 * %autosetup/%autopatch every patch gets the one -pN, so the patch keeps the
 * prefixes the spec needs (Packit keeps them too).
 */
function stripFor(noPrefix: boolean, step: PrepPatchStep | undefined, slotStrip: number, facts: PatchSpecFacts): number {
  if (step) return step.strip;
  return noPrefix && facts.prep.listsPatches ? 0 : slotStrip;
}

/**
 * Names for commits without Patch-name, stable across rebases, rewords and
 * drops: the dist-git file whose `From <sha>` line names the commit, else the
 * tagged dist-git file with the same content, else an untagged one with the
 * same content (adopted: tagged under its own name, no duplicate written),
 * else git format-patch's name at its position. A file another commit names
 * by trailer is never taken by content.
 */
function autoNamer(
  commits: CommitInfo[],
  diffs: Map<string, string>,
  digits: number,
  existing?: { bySha: Map<string, string>; byContent?: Map<string, string>; untagged?: Map<string, string> },
): (c: CommitInfo, message: CommitMessage, position: number) => string {
  const explicit = new Set(commits.map((c) => getTrailer(parseCommitMessage(c.message), 'Patch-name')?.trim()).filter((n): n is string => !!n));
  const claimed = new Set<string>();
  const claim = (n: string) => (claimed.add(n), n);
  return (c, message, position) => {
    const bySha = fileBySha(c, existing?.bySha);
    if (bySha && !claimed.has(bySha)) return claim(bySha);
    const diff = diffs.get(c.sha) ?? '';
    // no content id to compute when neither index has a file (a dist-git without patches: 1000 sha256 for nothing at N=1000)
    if ((existing?.byContent?.size || existing?.untagged?.size) && diff.trim() !== '') {
      let id: string | undefined;
      try {
        id = patchContentId(diff, 1);
      } catch {
        id = undefined;
      }
      for (const index of [existing.byContent, existing.untagged]) {
        const file = id === undefined ? undefined : index?.get(id);
        if (file && !claimed.has(file) && !explicit.has(file)) return claim(file);
      }
    }
    return claim(patchFileNameFor(message.subject, position, digits));
  };
}

function fileBySha(c: CommitInfo, bySha?: Map<string, string>): string | undefined {
  return bySha?.get(c.original ?? c.sha) ?? bySha?.get(c.sha);
}

/**
 * True when autoNamer finds every commit it names (no Patch-name trailer) by
 * its sha, each in a file of its own: it then never asks for content ids.
 */
function allFoundBySha(commits: CommitInfo[], bySha: Map<string, string>): boolean {
  const seen = new Set<string>();
  for (const c of commits) {
    if (c.onlyExcluded || getTrailer(parseCommitMessage(c.message), 'Patch-name')?.trim()) continue;
    const file = fileBySha(c, bySha);
    if (!file || seen.has(file)) return false;
    seen.add(file);
  }
  return true;
}

function stepFor(prep: PrepAnalysis, number: number): PrepPatchStep | undefined {
  return prep.steps.find((s) => s.number === number);
}

/**
 * Path prefixes that make `patch -pN` find the files: -p0 none, -p1 a/ b/,
 * -pN a/ + the last N-1 directories patch runs in (a/ldns-1.7.1/ for -p2 in
 * ldns-1.7.1/, as a packager's `diff -ru` would write), dummy ones when unknown.
 */
export function prefixesFor(strip: number, buildDirectory: string | null = null): { noPrefix?: boolean; srcPrefix?: string; dstPrefix?: string } {
  if (strip === 0) return { noPrefix: true };
  if (strip === 1) return {};
  const dirs = (buildDirectory ?? '').split('/').filter((d) => d !== '');
  const own = dirs.slice(-(strip - 1));
  const extra = [...Array<string>(strip - 1 - own.length).fill('x'), ...own].map((d) => `${d}/`).join('');
  return { srcPrefix: `a/${extra}`, dstPrefix: `b/${extra}` };
}
