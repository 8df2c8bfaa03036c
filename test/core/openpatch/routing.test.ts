import { describe, expect, it } from 'vitest';
import { findDirectiveFiles, importNameOf, upstreamBranchFor } from '../../../src/core/openpatch/index.js';
import { thrown } from '../../helpers/thrown.js';

describe('upstreamBranchFor: OpenELA branch names to the upstream dist-git branch', () => {
  it.each([
    ['el9', 'c9s'],
    ['el8', 'c8s'],
    ['el9-stream-1.22', 'c9s-stream-1.22'],
    ['el9-modulemd-nodejs-18', 'c9s-modulemd-nodejs-18'],
    ['el9-contrib', 'c9s'],
    ['el9-stream-3.11-contrib', 'c9s-stream-3.11'],
  ])('%s → %s', (branch, upstream) => expect(upstreamBranchFor(branch)).toBe(upstream));

  it('a map entry wins; other names need one', () => {
    expect(upstreamBranchFor('el9-stream-1.22', { 'el9-stream-1.22': 'stream-nginx-1.22-rhel-9.3.0' })).toBe('stream-nginx-1.22-rhel-9.3.0');
    const e = thrown(() => upstreamBranchFor('r9'));
    expect(e.code).toBe('usage');
    expect(e.next).toBe('pass --upstream-branch or --map r9=<upstream branch> (CLI), or set upstream_branches: { r9: <upstream branch> } in .distsync/openpatch.yaml (App)');
  });
});

describe('importNameOf', () => {
  it('reads the name of an import commit, nothing else', () => {
    expect(importNameOf('import nginx-1.22.1-5.module+el9.3.0.z+20438+032561a0')).toBe('nginx-1.22.1-5.module+el9.3.0.z+20438+032561a0');
    expect(importNameOf('Add debranding for Nginx')).toBeUndefined();
  });
});

describe('findDirectiveFiles: where srpmproc looks', () => {
  it('PATCHES/*.cfg when PATCHES/ exists (one level, sorted), else ROCKY/CFG/*.cfg', () => {
    expect(findDirectiveFiles(['PATCHES/b.cfg', 'PATCHES/a.cfg', 'PATCHES/OpenELA_OLD/CFG/old.cfg', 'PATCHES/x.patch', 'ROCKY/CFG/r.cfg'])).toEqual({ dir: 'PATCHES', files: ['PATCHES/a.cfg', 'PATCHES/b.cfg'] });
    expect(findDirectiveFiles(['ROCKY/CFG/kernel.cfg', 'ROCKY/_supporting/x.patch', 'README.md'])).toEqual({ dir: 'ROCKY/CFG', files: ['ROCKY/CFG/kernel.cfg'] });
    expect(findDirectiveFiles(['SPECS/x.spec'])).toEqual({ dir: 'ROCKY/CFG', files: [] });
  });
});
