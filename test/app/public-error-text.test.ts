import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DistsyncError } from '../../src/core/errors.js';
import { publicErrorText } from '../../src/app/jobs/public-error-text.js';
import { describeFailure } from '../../src/app/jobs/describe-failure.js';
import type { Job } from '../../src/store/types.js';

describe('errors shown in check runs name no server path', () => {
  const cache = '/var/lib/distsync/cache';
  const dg = `${cache}/work/0b7c1f2e-1111-4222-8333-944445555666`;
  const sg = `${cache}/work/9a8b7c6d-1111-4222-8333-944445555666`;
  const e = new DistsyncError('conflict', `dist-git has commits made outside source-git (abc) that change ${dg}/SPECS/x.spec`, {
    next: `carry them back first: distsync update-source-git ${dg} ${sg}, or look at ${cache}/mirrors/acme/x.git and ${join(tmpdir(), 'distsync-work-XYZ')}/a`,
  });

  it('job worktrees by name, the rest of the cache as <cache>, temp dirs as <temp>', () => {
    const text = publicErrorText(e, { [dg]: '<dist-git acme/x rawhide>', [sg]: '<source-git acme/x#2>' }, cache);
    expect(text).toContain('that change <dist-git acme/x rawhide>/SPECS/x.spec');
    expect(text).toContain('distsync update-source-git <dist-git acme/x rawhide> <source-git acme/x#2>, or look at <cache> and <temp>');
    expect(text).not.toContain(cache);
    expect(text).not.toContain(tmpdir() + '/');
  });

  it('the failed check run of a sync says the same', () => {
    const job = { attempts: 5, maxAttempts: 5 } as Job;
    const out = describeFailure(e, false, job, { [dg]: '<dist-git>' }, cache);
    expect(out.summary).toContain('distsync update-source-git <dist-git> <cache>');
    expect(out.summary).not.toContain('/var/lib');
  });
});
