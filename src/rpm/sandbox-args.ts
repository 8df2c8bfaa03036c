import { lstat, readlink, realpath } from 'node:fs/promises';
import type { SandboxLimits } from './sandbox-limits.js';

/** What the sandbox shows besides /usr: each path read-only at the same or a fixed place. */
export interface SandboxMounts {
  /** Host dir → path inside, read-only (the spec's private copy, the dist-git checkout). */
  readOnly: [string, string][];
  /** Make /bin/sh bash (as on EL/Fedora) instead of the host's sh (dash on Debian). */
  shIsBash: boolean;
}

const TOP_DIRS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Host files rpm reads besides /usr (its config, the dynamic linker cache, Debian's alternatives). */
const ETC_FILES = ['/etc/rpm', '/etc/ld.so.cache', '/etc/alternatives'];

/**
 * The bwrap arguments (before `--`) and the prlimit prefix for one run: no
 * network or other namespaces shared, nothing of the host but /usr, the
 * top-level lib/bin dirs and a few /etc files, read-only; a private tmpfs
 * /tmp that is also HOME; a clean environment; killed when distsync dies.
 */
export async function sandboxArgs(mounts: SandboxMounts, limits: SandboxLimits): Promise<{ bwrap: string[]; limit: string[] }> {
  const a = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--ro-bind', '/usr', '/usr'];
  for (const d of TOP_DIRS) {
    const st = await lstat(d).catch(() => null);
    if (st?.isSymbolicLink()) a.push('--symlink', await readlink(d), d);
    else if (st?.isDirectory()) a.push('--ro-bind', d, d);
  }
  for (const f of ETC_FILES) a.push('--ro-bind-try', f, f);
  a.push('--proc', '/proc', '--dev', '/dev', '--size', String(limits.tmpBytes), '--tmpfs', '/tmp', '--dir', '/tmp/home');
  for (const [host, inside] of mounts.readOnly) a.push('--ro-bind', host, inside);
  if (mounts.shIsBash) {
    const sh = await realpath('/bin/sh').catch(() => null);
    const bash = await realpath('/usr/bin/bash').catch(() => realpath('/bin/bash').catch(() => null));
    if (sh && bash && sh !== bash) a.push('--ro-bind', bash, sh);
  }
  a.push('--chdir', '/tmp', '--clearenv', '--setenv', 'PATH', '/usr/bin:/bin:/usr/sbin:/sbin', '--setenv', 'HOME', '/tmp/home');
  a.push('--setenv', 'TMPDIR', '/tmp', '--setenv', 'LANG', 'C', '--setenv', 'LC_ALL', 'C');
  const limit = [
    `--as=${limits.memoryBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--fsize=${limits.fileBytes}`,
    `--nproc=${limits.processes}`,
    '--core=0',
  ];
  return { bwrap: a, limit };
}
