import { DistsyncError } from '../core/errors.js';
import { findOnPath } from './find-on-path.js';
import { runSandboxed } from './run-sandboxed.js';
import { sandboxArgs } from './sandbox-args.js';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-limits.js';

/** A sandbox that was shown to work on this machine, and the rpm inside it. */
export interface RpmSandbox {
  bwrap: string;
  rpmspec: string;
  limits: SandboxLimits;
}

const INSTALL = 'install it: sudo apt-get install -y bubblewrap (Debian/Ubuntu) or sudo dnf install -y bubblewrap (Fedora/EL)';

/**
 * Startup probe for `--eval-with-rpm`: bwrap, prlimit and rpmspec are
 * installed, and bwrap can make the sandbox here (user namespaces allowed):
 * it runs `true` inside it. Throws sandbox-missing / rpm-missing naming what to install.
 */
export async function probeSandbox(opts: { pathEnv?: string; limits?: Partial<SandboxLimits> } = {}): Promise<RpmSandbox> {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...opts.limits };
  const bwrap = await findOnPath('bwrap', opts.pathEnv);
  if (!bwrap) throw new DistsyncError('sandbox-missing', '--eval-with-rpm needs bubblewrap (bwrap), which is not installed', { next: INSTALL });
  const rpmspec = await findOnPath('rpmspec', opts.pathEnv);
  if (!rpmspec || !rpmspec.startsWith('/usr/')) {
    throw new DistsyncError('rpm-missing', `--eval-with-rpm needs rpmspec under /usr (found: ${rpmspec ?? 'none'})`, {
      next: 'install it: sudo apt-get install -y rpm (Debian/Ubuntu) or sudo dnf install -y rpm-build (Fedora/EL)',
    });
  }
  const args = await sandboxArgs({ readOnly: [], shIsBash: false }, limits);
  const res = await runSandboxed(bwrap, { ...args, cmd: ['/usr/bin/true'] }, { input: '', timeoutMs: 10_000, outputBytes: 4096 });
  if (res.code !== 0) {
    const why = res.spawnError?.message ?? (res.stderr.trim().split('\n').pop() || `exit code ${res.code}`);
    throw new DistsyncError('sandbox-missing', `--eval-with-rpm: bubblewrap cannot make a sandbox here (${why})`, {
      next: 'allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces) and check that /usr/bin/prlimit (util-linux) is installed; or run without --eval-with-rpm',
    });
  }
  return { bwrap, rpmspec, limits };
}
