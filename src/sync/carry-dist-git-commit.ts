import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { distGitToDistro } from '../core/layout/index.js';
import { toDistroGitignore } from '../core/layout/distro-gitignore.js';
import { assertSafeRelativePath } from '../core/layout/safe-path.js';
import { formatCommitMessage, isCrlfMangled, parseCommitMessage, parsePatch, stripOfPatch, type Trailer } from '../core/patches/index.js';
import { analysePrep, expandMacros, listTags, parseSpec, printSpec, removePatch, type MacroContext, type PrepPatchStep } from '../core/spec/index.js';
import { applyPatch, commitAll, readBlob, type CommitInfo, type Git } from '../git/index.js';
import { carryShellPatches } from './carry-shell-patches.js';
import type { DistGitSnapshot } from './read-dist-git.js';

/**
 * One hand-made dist-git commit → source-git commits: first its packaging
 * changes under .distro/ (spec, checksum file, patches kept as files…), then
 * one commit per applied patch it added, changed or dropped (the old version
 * reversed, the new one applied), each with From-dist-git-commit; then the
 * %prep shell patch lines it changes (carry-shell-patches.ts).
 */
export async function carryDistGitCommit(
  git: Git,
  commit: CommitInfo,
  before: DistGitSnapshot,
  after: DistGitSnapshot,
  ctx: MacroContext,
  notes: string[],
): Promise<string[]> {
  const src = (dg: DistGitSnapshot, file: string) => (dg.layout.sourcesDir ? `${dg.layout.sourcesDir}/${file}` : file);
  const appliedBefore = applied(before, ctx);
  const appliedAfter = applied(after, ctx);
  const changed = new Set(commit.files);
  const made: string[] = [];
  const origin: Trailer = { key: 'From-dist-git-commit', value: commit.sha };

  // 1. Packaging files: everything that is not an applied patch after the commit.
  const appliedAfterPaths = new Set([...appliedAfter.values()].map((s) => src(after, s.fileName)));
  const touched = new Set<string>(commit.files);
  for (const s of appliedBefore.values()) if (!appliedAfter.has(s.fileName)) touched.add(src(after, s.fileName));
  for (const s of appliedAfter.values()) if (!appliedBefore.has(s.fileName)) touched.add(src(after, s.fileName));
  let distroChanged = false;
  for (const path of touched) {
    const dest = distGitToDistro(after.layout, path);
    assertSafeRelativePath(dest);
    const abs = join(git.cwd, dest);
    if (appliedAfterPaths.has(path) || !after.files.includes(path)) {
      await rm(abs, { force: true });
    } else {
      let content = await readBlob(after.git, after.head!, path);
      if (path === '.gitignore') content = Buffer.from(toDistroGitignore(content.toString('utf8')), 'utf8');
      if (path === after.layout.specPath) content = await keepTagsCleared(abs, content, appliedBefore, appliedAfter, ctx);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, content);
    }
    distroChanged = true;
  }
  noteChecksumChanges(before, after, notes);
  if (distroChanged) {
    const own = parseCommitMessage(commit.message);
    const message = formatCommitMessage({ subject: own.subject, body: own.body, trailers: [...own.trailers.filter((t) => t.key.toLowerCase() !== 'from-dist-git-commit'), origin] });
    const status = await git.run(['status', '--porcelain'], {});
    if (status.stdout.trim() !== '') made.push(await commitAll(git, { message, author: commit.author, force: true }));
  }

  // 2. Applied patches added, changed or dropped, in %prep order.
  const order = [...appliedAfter.values(), ...[...appliedBefore.values()].filter((s) => !appliedAfter.has(s.fileName))];
  for (const step of order) {
    const path = src(after, step.fileName);
    const old = appliedBefore.get(step.fileName);
    const isNew = !old;
    const isDropped = !appliedAfter.has(step.fileName);
    const isChanged = !isNew && !isDropped && changed.has(path);
    if (!isNew && !isDropped && !isChanged) continue;
    if (old) await reverse(git, old, await readBlob(before.git, before.head!, src(before, old.fileName)));
    let subject = `Drop ${step.fileName} (removed from %prep in dist-git)`;
    let author = commit.author;
    if (!isDropped) {
      const bytes = await readBlob(after.git, after.head!, path);
      if (isCrlfMangled(bytes.toString('utf8'))) {
        throw new DistsyncError('bad-patch', `${path} (dist-git ${commit.sha.slice(0, 12)}) was saved with CRLF line ends: it would not carry its change into source-git`, {
          file: path,
          next: `convert it back in dist-git and commit: sed -i 's/\\r$//' ${path} (or dos2unix ${path}), then re-run update-source-git`,
        });
      }
      await applyPatch(git, bytes, { strip: stripOfPatch(step, bytes.toString('utf8')), ...(step.directory ? { directory: step.directory } : {}) });
      const parsed = parsePatch(bytes.toString('utf8'), path);
      subject = parsed.subject || `${isNew ? 'Apply' : 'Update'} ${step.fileName}`;
      if (parsed.author && isNew) author = { ...parsed.author, date: parsed.date ?? commit.author.date };
    }
    const trailers: Trailer[] = [{ key: 'Patch-name', value: step.fileName }, { key: 'Patch-id', value: String(step.number) }, origin];
    const body = isChanged ? `${step.fileName} was changed in dist-git; this commit replaces the old version.` : '';
    made.push(await commitAll(git, { message: formatCommitMessage({ subject, body, trailers }), author, force: true, allowEmpty: true }));
  }
  // 3. %prep shell lines that apply a patch: added, removed, or their SourceN changed.
  made.push(...(await carryShellPatches(git, commit, before, after, ctx)));
  return made;
}

/**
 * A `.distro/` spec without the Patch tags of its patch commits (Packit's
 * rule, init's default) stays so: when the current `.distro/` spec names none
 * of the patches applied before the commit, the carried spec leaves out the
 * tags of the patches applied after it (update-dist-git puts them back where
 * dist-git has them). A `.distro/` spec that keeps its tags gets them all.
 */
async function keepTagsCleared(
  distroSpec: string,
  content: Buffer,
  appliedBefore: Map<string, PrepPatchStep>,
  appliedAfter: Map<string, PrepPatchStep>,
  ctx: MacroContext,
): Promise<Buffer> {
  const current = await readFile(distroSpec, 'utf8').catch(() => null);
  if (current === null) return content;
  const doc = parseSpec(current);
  const named = new Set(listTags(doc, 'Patch').map((t) => expandMacros(doc, t.value, ctx).value.split('/').pop()));
  if ([...appliedBefore.keys()].some((f) => named.has(f))) return content;
  let spec = parseSpec(content.toString('utf8'));
  for (const step of appliedAfter.values()) spec = removePatch(spec, step.number);
  return appliedAfter.size ? Buffer.from(printSpec(spec), 'utf8') : content;
}

function applied(dg: DistGitSnapshot, ctx: MacroContext): Map<string, PrepPatchStep> {
  const map = new Map<string, PrepPatchStep>();
  if (!dg.head) return map;
  for (const s of analysePrep(dg.spec, ctx).steps) if (s.active === 'yes' && !map.has(s.fileName)) map.set(s.fileName, s);
  return map;
}

async function reverse(git: Git, step: PrepPatchStep, bytes: Buffer): Promise<void> {
  const dir = step.directory ? [`--directory=${step.directory}`] : [];
  const res = await git.run(['apply', '-R', '--index', `-p${stripOfPatch(step, bytes.toString('utf8'))}`, ...dir, '--whitespace=nowarn', '-'], { input: bytes, allowFail: true });
  if (res.code !== 0) {
    throw new DistsyncError('conflict', `cannot take out the old ${step.fileName} from source-git: ${res.stderr.split('\n')[0] ?? ''}`, {
      next: 'a later source-git commit changes the same lines; carry this dist-git commit back by hand (git apply -R the old patch, apply the new one, commit with Patch-name)',
    });
  }
}

function noteChecksumChanges(before: DistGitSnapshot, after: DistGitSnapshot, notes: string[]): void {
  const old = new Map((before.checksum?.entries ?? []).map((e) => [e.file, e.hash]));
  for (const e of after.checksum?.entries ?? []) {
    const prev = old.get(e.file);
    if (prev === e.hash) continue;
    notes.push(
      prev
        ? `upstream source ${e.file} changed in dist-git (${prev.slice(0, 12)}… → ${e.hash.slice(0, 12)}…): source-git's upstream commit was not changed; rebase source-git onto the new upstream (distsync propose-downstream) if the content changed`
        : `new upstream source ${e.file} in dist-git (${e.hash.slice(0, 12)}…): source-git's upstream commit was not changed; import it if %prep unpacks it into the tree`,
    );
  }
}
