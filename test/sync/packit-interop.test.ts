import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { listTags, parseSpec } from '../../src/core/spec/index.js';
import { parse } from 'yaml';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { syncStatus } from '../../src/sync/status.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
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

/** A spec without its Patch tags and the comment lines right above them. */
function withoutPatchTags(spec: string): string {
  return spec.replace(/^(?:#.*\n)*Patch\d+:.*\n/gm, '');
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
    // the spec: the same but for the Patch tags and their comments (README differences 4–7, 9)
    const ourSpec = read(distGit, 'lz4.spec');
    const packitSpec = read(packitDistGit, 'lz4.spec');
    expect(withoutPatchTags(ourSpec)).toBe(withoutPatchTags(packitSpec));
    // 9. Patch1, which dist-git already had, stays where dist-git has it (Packit moves it after Source0);
    //    new tags follow it in its alignment, with Packit's comments less its quirks
    expect(ourSpec).toContain(
      'BuildRequires:  meson >= 0.43\n\n' +
        withoutPackitCommentQuirks(packitSpec.slice(packitSpec.indexOf('# Add a downstream marker'), packitSpec.indexOf('\n\nObsoletes:') + 1))
          .replace('# [PATCH 1/8] Fix potential memory corruption with negative memmove() size\n', '')
          .replace(/^(Patch\d+):\s+/gm, '$1: ')
          .replace(/^# Add a downstream marker/, 'Patch1: lz4-cve-2021-3520.patch\n# Add a downstream marker') +
        '%description\n',
    );
    const tagsOf = (spec: string) => listTags(parseSpec(spec), 'Patch').map((t) => [t.number, t.value]);
    expect(tagsOf(ourSpec)).toEqual(tagsOf(packitSpec));
    // the YAML-block Patch-status became two plain comment lines
    expect(ourSpec).toContain('# Downstream-only note, not sent upstream\n# Second status line: kept as a spec comment\nPatch3: custom-name.patch\n');
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

describe("distsync's init on Packit's input: a source-git Packit can read and update", () => {
  const log = createMemoryLogger();
  const deps = { log };
  let dir: string, sourceGit: string, distGit: string, packitSourceGit: string;

  beforeAll(async () => {
    dir = tempDir('packit-init');
    distGit = join(dir, 'lz4');
    sourceGit = join(dir, 'sg');
    packitSourceGit = join(dir, 'packit-sg');
    git(dir, 'clone', '-q', '-b', 'rawhide', join(INTEROP, 'lz4-distgit-flat.bundle'), distGit);
    git(distGit, 'remote', 'remove', 'origin');
    git(dir, 'clone', '-q', '-b', 'rawhide', join(INTEROP, 'lz4-source-git-packit.bundle'), packitSourceGit);
    git(dir, 'init', '-q', '-b', 'rawhide', sourceGit);
    git(sourceGit, 'fetch', '-q', '--no-tags', join(FIXTURES, 'corpus/lz4/upstream/lz4-upstream.bundle'), 'refs/tags/v1.9.3:refs/tags/v1.9.3');
    git(sourceGit, 'checkout', '-q', '-B', 'rawhide', 'v1.9.3');
    await initSourceGit(deps, {
      upstreamRef: 'v1.9.3',
      sourceGitDir: sourceGit,
      distGitDir: distGit,
      lookasideDir: makeLookaside(dir, 'lz4'),
      upstreamUrl: 'https://github.com/lz4/lz4.git',
    });
  });
  afterAll(() => removeDirs(dir));

  it("source-git.yaml has only Packit's keys, the ones Packit's init writes (same values) plus upstream_tag_template", () => {
    const ours = parse(readFileSync(join(sourceGit, '.distro/source-git.yaml'), 'utf8')) as Record<string, unknown>;
    const packits = parse(git(packitSourceGit, 'show', 'HEAD:.distro/source-git.yaml')) as Record<string, unknown>;
    const packitKeys = new Set(readFileSync(join(INTEROP, 'packit-schema-keys.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
    for (const key of Object.keys(ours)) expect(packitKeys.has(key), key).toBe(true);
    const filters = (c: Record<string, unknown>) => (c['files_to_sync'] as { filters: string[] }[])[0]!.filters;
    // one filter more: Packit must not copy distsync's own file into dist-git
    expect(filters(ours)).toEqual([...filters(packits).slice(0, 3), 'exclude distsync.yaml', ...filters(packits).slice(3)]);
    const rest = (c: Record<string, unknown>) => ({ ...c, files_to_sync: undefined, upstream_tag_template: undefined });
    expect(rest(ours)).toEqual(rest(packits));
    expect(ours['upstream_tag_template']).toBe('v{version}');
  });

  it("the .distro/ spec is Packit's (imported patches' tags cleared); distsync's settings are in distsync.yaml", () => {
    const packitSpec = git(packitSourceGit, 'show', 'rawhide~7:.distro/lz4.spec');
    expect(readFileSync(join(sourceGit, '.distro/lz4.spec'), 'utf8')).toBe(packitSpec);
    expect(readFileSync(join(sourceGit, '.distro/distsync.yaml'), 'utf8')).toMatch(/^dist_git:\n {2}layout: fedora\n {2}checksum_file: sources\n/m);
  });

  it('update-dist-git right after init leaves dist-git byte-identical: Patch1 goes back where dist-git has it', async () => {
    const head = git(distGit, 'rev-parse', 'HEAD');
    const res = await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, message: 'nothing' });
    expect(res.changed).toBe(false);
    expect(git(distGit, 'rev-parse', 'HEAD')).toBe(head);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
  });

  it('a hand-made dist-git commit carried back keeps the .distro/ spec without Patch tags (Packit can still update it)', async () => {
    const spec = join(distGit, 'lz4.spec');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('%changelog\n', '%changelog\n* Mon Nov 23 2026 Packager <p@example.org> - 1.9.3-6\n- Rebuilt\n\n'));
    git(distGit, 'commit', '-q', '-am', 'Rebuilt');
    await updateSourceGit(deps, { distGitDir: distGit, sourceGitDir: sourceGit });
    const distro = readFileSync(join(sourceGit, '.distro/lz4.spec'), 'utf8');
    expect(distro).toContain('- Rebuilt\n');
    expect(distro).not.toMatch(/^Patch\d*:/m);
    expect((await syncStatus(deps, { sourceGitDir: sourceGit, distGitDir: distGit })).state).toBe('in-sync');
    expect((await updateDistGit(deps, { sourceGitDir: sourceGit, distGitDir: distGit, dryRun: true })).changed).toBe(false);
  });
});
