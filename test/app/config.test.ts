import { describe, expect, it } from 'vitest';
import { DEPRECATED_KEY_NOTE, loadDistsyncConfig, loadDistsyncFile } from '../../src/app/config/load-distsync-config.js';
import { distTargets, mergeMethods } from '../../src/app/config/distsync-config-schema.js';
import { CONFIG_YAML } from './harness.js';

describe('distsync config in .distro/source-git.yaml', () => {
  it('reads the distsync key beside the Packit keys, with defaults', () => {
    const r = loadDistsyncConfig(CONFIG_YAML);
    expect(r).toEqual({
      ok: true,
      config: { dist_git: { repo: 'Codertocat/hello-dist', branches: { master: ['rawhide'] } }, allowed_users: ['trusted-friend'], merge_on_approval: false, require_tracker: false },
      notes: [DEPRECATED_KEY_NOTE],
    });
  });
  it('merge_method: one for both sides, per side (the other keeps its default), defaults, a bad value named', () => {
    const methods = (extra: string) => {
      const r = loadDistsyncConfig(`${CONFIG_YAML}${extra}`);
      return r.ok ? mergeMethods(r.config) : r.problem.key;
    };
    expect(methods('')).toEqual({ sourceGit: 'merge', distGit: 'rebase' });
    expect(methods('  merge_method: squash\n')).toEqual({ sourceGit: 'squash', distGit: 'squash' });
    expect(methods('  merge_method: { dist_git: merge }\n')).toEqual({ sourceGit: 'merge', distGit: 'merge' });
    expect(methods('  merge_method: { source_git: rebase }\n')).toEqual({ sourceGit: 'rebase', distGit: 'rebase' });
    expect(methods('  merge_method: fast-forward\n')).toBe('distsync.merge_method');
  });
  it('names file, line, key and fix for a bad value', () => {
    const r = loadDistsyncConfig(CONFIG_YAML.replace('repo: Codertocat/hello-dist', 'repo: not a repo'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ file: '.distro/source-git.yaml', line: 6, key: 'distsync.dist_git.repo', message: 'must be "owner/name" or "<host>/<path>/<name>"' });
    expect(r.problem.fix).toContain('dist_git:');
  });
  it('refuses unknown keys, a missing distsync key and broken YAML', () => {
    const unknown = loadDistsyncConfig(`${CONFIG_YAML}  merge_on_aproval: true\n`);
    expect(unknown.ok ? undefined : unknown.problem.key).toBe('distsync');
    expect(unknown.ok ? '' : unknown.problem.message).toMatch(/merge_on_aproval/);
    const missing = loadDistsyncConfig('upstream_ref: v1\n');
    expect(missing.ok ? undefined : missing.problem).toMatchObject({ key: 'distsync', message: 'the distsync: key is missing' });
    const broken = loadDistsyncConfig('distsync: [\n');
    expect(broken.ok ? undefined : broken.problem.message).toMatch(/^not valid YAML/);
    const empty = loadDistsyncConfig(CONFIG_YAML.replace('master: [rawhide]', 'master: []'));
    expect(empty.ok ? undefined : empty.problem.key).toBe('distsync.dist_git.branches.master');
  });
  it('reads version masks, packager and lookaside for propose-downstream, and refuses bad ones', () => {
    const yaml = CONFIG_YAML.replace('master: [rawhide]', "master: [rawhide, { branch: c9s, version_mask: '^1\\.9\\.' }]").concat(
      '  packager: { name: Release Bot, email: release@example.org }\n  lookaside: { dir: centos/lz4 }\n',
    );
    const r = loadDistsyncConfig(yaml);
    if (!r.ok) throw new Error(r.problem.message);
    expect(distTargets(r.config.dist_git.branches['master'])).toEqual([{ branch: 'rawhide' }, { branch: 'c9s', versionMask: '^1\\.9\\.' }]);
    expect(r.config.packager).toEqual({ name: 'Release Bot', email: 'release@example.org' });
    expect(r.config.lookaside).toEqual({ dir: 'centos/lz4' });
    const bad = (from: string, to: string) => {
      const x = loadDistsyncConfig(yaml.replace(from, to));
      return x.ok ? undefined : x.problem.key;
    };
    expect(bad("'^1\\.9\\.'", "'^1\\.(9'")).toBe('distsync.dist_git.branches.master.1.version_mask');
    expect(bad('dir: centos/lz4', 'dir: ../../etc')).toBe('distsync.lookaside.dir');
    expect(bad('dir: centos/lz4', 'dir: /srv/lookaside')).toBe('distsync.lookaside.dir');
    expect(bad('email: release@example.org', 'email: release')).toBe('distsync.packager.email');
  });
});

describe('distsync config in .distro/distsync.yaml', () => {
  const FILE = 'dist_git:\n  repo: Codertocat/hello-dist\n  branches:\n    master: [rawhide]\n  layout: fedora\nnew_patch_comments: status\n';
  it('reads the App keys and the engine keys from one schema, without a deprecation note', () => {
    expect(loadDistsyncFile(FILE)).toEqual({
      ok: true,
      config: { dist_git: { repo: 'Codertocat/hello-dist', branches: { master: ['rawhide'] }, layout: 'fedora' }, allowed_users: [], merge_on_approval: false, require_tracker: false, new_patch_comments: 'status' },
    });
  });
  it('names the file, line and key; the App needs dist_git.repo and branches', () => {
    const bad = loadDistsyncFile(FILE.replace('repo: Codertocat/hello-dist', 'repo: nope'));
    expect(bad.ok ? undefined : bad.problem).toMatchObject({ file: '.distro/distsync.yaml', line: 2, key: 'dist_git.repo' });
    const missing = loadDistsyncFile('dist_git:\n  layout: fedora\n');
    expect(missing.ok ? undefined : missing.problem).toMatchObject({ key: 'dist_git.repo', message: expect.stringMatching(/^required/) });
  });
});
