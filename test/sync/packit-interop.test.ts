import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { verify } from '../../src/sync/verify.js';
import { FIXTURES, git, makeLookaside, removeDirs, rpmbuildAvailable, status, tempDir } from '../helpers/corpus.js';

/**
 * Interop with Packit 1.16.2 on repos Packit itself made (fixtures/packit-interop/NOTES.md):
 * the flat lz4 dist-git, the source-git Packit's `init` made from it plus 7 downstream commits
 * (plain, Patch-name + YAML-block Patch-status, a same-name pair, Ignore-patch, No-prefix, a
 * .distro edit), and the dist-git Packit's `update-dist-git` wrote from it.
 */
const INTEROP = join(FIXTURES, 'packit-interop');
const IGNORED_PATCH = '0006-Local-only-change-that-gets-no-patch.patch';

/**
 * Packit's patch files with the machine details distsync writes differently taken out
 * (README "Packit interop", differences 1–3): `[PATCH n/m]` → `[PATCH]`, the diffstat, and
 * Packit's own trailers, which Packit leaves in the patch message.
 */
function withoutPackitDetails(patch: string): string {
  return patch
    .split(/^(?=From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$)/m)
    .map((mail) => {
      const sep = mail.indexOf('\n---\n');
      const [headers, ...message] = mail.slice(0, sep).split('\n\n');
      const body = message
        .join('\n\n')
        .replace(/^(?:Patch-name|Patch-id|Patch-status|Patch-present-in-specfile|Ignore-patch|No-prefix): .*\n?(?: {4}.*\n?)*/gm, '')
        .trimEnd();
      const diff = mail.slice(sep + '\n---\n'.length).replace(/^(?: .*\n)+\n/, '\n');
      return `${headers!.replace(/^Subject: \[PATCH \d+\/\d+\]/m, 'Subject: [PATCH]')}\n\n${body ? `${body}\n` : ''}---\n${diff}`;
    })
    .join('');
}

/**
 * Packit's spec with the comment differences distsync makes on purpose (README "Packit interop",
 * differences 4–7) undone, each named.
 */
function withoutPackitCommentQuirks(spec: string): string {
  return (
    spec
      // 4. a folded Subject keeps '[PATCH 1/8]' and its fold in Packit's comment
      .replace('# [PATCH 1/8] Fix potential memory corruption with negative memmove()\n#  size\n', '# Fix potential memory corruption with negative memmove() size\n')
      // 5. Packit writes '# ' (trailing space) for an empty comment line
      .replace(/^# $/gm, '#')
      // 6. a YAML-block Patch-status of '# …' lines gets a second '#'
      .replace(/^# # /gm, '# ')
      // 7. distsync escapes '%' in comments (rpm expands macros there)
      .replace('# Comment lz4.h and record it in %changelog', '# Comment lz4.h and record it in %%changelog')
  );
}

describe('Packit interop (lz4, repos made by Packit 1.16.2)', () => {
  const log = createMemoryLogger();
  const deps = { log };
  let dir: string, sourceGit: string, distGit: string, packitDistGit: string;

  beforeAll(() => {
    dir = tempDir('packit-interop');
    sourceGit = join(dir, 'sg');
    distGit = join(dir, 'lz4');
    packitDistGit = join(dir, 'packit-dg');
    git(dir, 'clone', '-q', '-b', 'rawhide', join(INTEROP, 'lz4-source-git-packit.bundle'), sourceGit);
    git(dir, 'clone', '-q', '-b', 'rawhide', join(INTEROP, 'lz4-distgit-flat.bundle'), distGit);
    git(dir, 'clone', '-q', '-b', 'rawhide', join(INTEROP, 'lz4-distgit-after-packit.bundle'), packitDistGit);
  });
  afterAll(() => removeDirs(dir));

  it("distsync's update-dist-git on Packit's source-git writes Packit's patch files and spec", async () => {
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'Update from source-git' });
    expect(res.changed).toBe(true);
    expect(status(distGit)).toBe('');
    const ours = readdirSync(distGit).filter((f) => f !== '.git').sort();
    const packits = readdirSync(packitDistGit).filter((f) => f !== '.git').sort();
    // difference 8: Packit leaves the Ignore-patch commit's format-patch file behind, untracked by the spec
    expect(ours).toEqual(packits.filter((f) => f !== IGNORED_PATCH));
    // default names keep the position in the range after the squashed pair and the ignored commit
    expect(ours).toContain('0007-Add-a-downstream-note-to-lz4cli.c-no-a-b-prefix.patch');
    expect(ours).toContain('0008-Comment-lz4.h-and-record-it-in-changelog.patch');
    const read = (repo: string, f: string) => readFileSync(join(repo, f), 'utf8');
    // untouched: dist-git's .gitignore (never the '# Reset gitignore rules' / '!*' of .distro/), sources, the kept patch
    for (const f of ['.gitignore', 'sources', 'lz4-cve-2021-3520.patch']) expect(read(distGit, f), f).toBe(read(packitDistGit, f));
    expect(read(distGit, '.gitignore')).not.toMatch(/^!\*$/m);
    for (const f of ours.filter((f) => f.endsWith('.patch') && f !== 'lz4-cve-2021-3520.patch')) {
      expect(read(distGit, f), f).toBe(withoutPackitDetails(read(packitDistGit, f)));
    }
    // the same-name pair: two mails in one file, each commit with its own message
    expect(read(distGit, 'squashed.patch').match(/^From [0-9a-f]{40} /gm)).toHaveLength(2);
    // No-prefix under %autosetup -p1: the prefixes stay, as Packit keeps them, so rpm can apply it
    expect(read(distGit, '0007-Add-a-downstream-note-to-lz4cli.c-no-a-b-prefix.patch')).toContain('--- a/programs/lz4cli.c\n+++ b/programs/lz4cli.c\n');
    expect(read(distGit, 'lz4.spec')).toBe(withoutPackitCommentQuirks(read(packitDistGit, 'lz4.spec')));
    // the YAML-block Patch-status became two plain comment lines
    expect(read(distGit, 'lz4.spec')).toContain('# Downstream-only note, not sent upstream\n# Second status line: kept as a spec comment\nPatch3:         custom-name.patch\n');
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it("status says in-sync after Packit's own sync, and update-dist-git has nothing to change there", async () => {
    const st = await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: packitDistGit });
    expect(st.pendingFiles).toEqual([]);
    expect(st.state).toBe('in-sync');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: packitDistGit, dryRun: true });
    expect(res.changed).toBe(false);
  });

  it('a new source-git commit after Packit\'s sync: one new patch, Packit\'s tags and comments untouched, .gitignore kept', async () => {
    const work = join(dir, 'packit-dg-next');
    git(dir, 'clone', '-q', packitDistGit, work);
    const sg2 = join(dir, 'sg-next');
    git(dir, 'clone', '-q', sourceGit, sg2);
    writeFileSync(join(sg2, 'README.md'), `${readFileSync(join(sg2, 'README.md'), 'utf8')}\ndownstream: one more note\n`);
    git(sg2, 'commit', '-q', '-am', 'README: one more downstream note');
    const before = readFileSync(join(work, 'lz4.spec'), 'utf8');
    const res = await updateDistGit(deps, { sourceGitDir: sg2, distGitDir: work, message: 'Next' });
    expect(res.files.sort()).toEqual(['0009-README-one-more-downstream-note.patch', 'lz4.spec']);
    const after = readFileSync(join(work, 'lz4.spec'), 'utf8');
    expect(after).toBe(
      before.replace(
        'Patch6:         0008-Comment-lz4.h-and-record-it-in-changelog.patch\n',
        'Patch6:         0008-Comment-lz4.h-and-record-it-in-changelog.patch\n# README: one more downstream note\nPatch7:         0009-README-one-more-downstream-note.patch\n',
      ),
    );
    expect(readFileSync(join(work, '.gitignore'), 'utf8')).toBe('/lz4-*.tar.gz\n');
  });

  it.skipIf(!rpmbuildAvailable)("rpmbuild -bp applies distsync's dist-git: the prepared tree is source-git minus the Ignore-patch change", async () => {
    const lookaside = makeLookaside(dir, 'lz4');
    const v = await verify(deps, { sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
    expect(v.patchesApplied).toBe(6);
    expect(v.mismatches.map((m) => m.path)).toEqual(['lib/xxhash.c']);
  });
});
