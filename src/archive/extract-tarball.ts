import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import type { Interrupt } from '../core/run-scope.js';
import { runProcess, toolEnv } from '../git/index.js';
import { checkMembers } from './check-members.js';
import { listTarball } from './list-tarball.js';

/**
 * Unpack a tar archive (compression detected by content) into `destDir`,
 * like rpm's %setup does (`tar -xof`). The member list is checked first:
 * absolute names, '..', links leaving the tree and special files are refused.
 */
export async function extractTarball(file: string, destDir: string, opts: { stripComponents?: number; interrupt?: Interrupt } = {}): Promise<void> {
  file = resolve(file);
  destDir = resolve(destDir);
  const strip = opts.stripComponents ?? 0;
  if (!Number.isInteger(strip) || strip < 0) {
    throw new DistsyncError('usage', `invalid stripComponents ${strip}`, { next: 'pass 0 or a positive integer' });
  }
  const entries = await listTarball(file);
  // 'tar -C dir .' archives name members './top/…'; GNU tar counts that '.' as a component, rpm's %setup does not care
  const dotted = entries.length > 0 && entries.every((e) => e.name === './' || e.name.startsWith('./'));
  const effective = strip > 0 && dotted ? strip + 1 : strip;
  checkMembers(file, entries, effective);
  await mkdir(destDir, { recursive: true });
  const args = ['-xf', file, '-C', destDir, '--no-same-owner', '--no-same-permissions', ...(effective ? [`--strip-components=${effective}`] : [])];
  const res = await runProcess('tar', args, { cwd: destDir, env: toolEnv(), maxBuffer: 16 * 1024 * 1024, ...(opts.interrupt ? { interrupt: opts.interrupt } : {}) });
  if (res.aborted) throw opts.interrupt?.signal.reason;
  if (res.spawnError || res.code !== 0) {
    throw new DistsyncError('bad-layout', `cannot unpack ${file}: ${res.spawnError?.message ?? res.stderr.trim().split('\n')[0] ?? ''}`, {
      file,
      next: 'check the archive with tar -tvf and that there is room in the destination',
    });
  }
}
