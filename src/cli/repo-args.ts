import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DistsyncError } from '../core/errors.js';

/** How a command takes its two repositories. */
export interface RepoArgsSpec {
  sourceGit: string;
  distGit: string;
  /** init --from-tarball: the source-git directory may not exist yet (it is created). */
  sourceGitMayBeNew?: boolean;
  /** init: the source-git is an upstream checkout, not a source-git yet. */
  sourceGitIsUpstream?: boolean;
}

/**
 * The repository arguments of a command, resolved against `cwd` and checked
 * before any work: each exists and is a directory, and neither sits where
 * the other kind belongs (a source-git has .distro/source-git.yaml, a
 * dist-git a spec file and no .distro/). Wrong → `usage` (exit 2) with the
 * command line that would be right.
 */
export function resolveRepoArgs(cwd: string, argv: readonly string[], spec: RepoArgsSpec): { sourceGit: string; distGit: string } {
  const sourceGit = absolute(cwd, spec.sourceGit);
  const distGit = absolute(cwd, spec.distGit);
  checkDirectory(spec.sourceGit, sourceGit, 'source-git', !!spec.sourceGitMayBeNew);
  checkDirectory(spec.distGit, distGit, 'dist-git', false);
  const sgKind = kindOf(sourceGit);
  const dgKind = kindOf(distGit);
  const swapped = command(argv, [spec.sourceGit, spec.distGit]);
  if (sgKind.kind === 'dist-git' && dgKind.kind !== 'dist-git') {
    const other = dgKind.kind === 'source-git' ? `${spec.distGit} is a source-git (it has ${dgKind.evidence})` : `${spec.distGit} has no spec file`;
    throw new DistsyncError('usage', `the repository arguments are swapped: ${spec.sourceGit} is a dist-git (it has ${sgKind.evidence}) and ${other}`, { next: swapped });
  }
  if (dgKind.kind === 'source-git') {
    throw new DistsyncError('usage', `${spec.distGit} is a source-git repository (it has ${dgKind.evidence}), but a dist-git checkout is expected there`, {
      next: `pass the dist-git checkout (the one with the spec file) as <dist-git>; the source-git goes in the <source-git> place`,
    });
  }
  if (!spec.sourceGitIsUpstream && sgKind.kind === 'dist-git') {
    throw new DistsyncError('usage', `${spec.sourceGit} is a dist-git repository (it has ${sgKind.evidence}), but a source-git is expected there`, {
      next: `pass the source-git (the one with .distro/) as <source-git>; create one with: distsync source-git init <upstream-ref> <source-git> ${spec.sourceGit}`,
    });
  }
  return { sourceGit, distGit };
}

function absolute(cwd: string, p: string): string {
  if (p === '') throw new DistsyncError('usage', 'an empty path was given', { next: 'pass the directory, e.g. . for the current one' });
  return isAbsolute(p) ? resolve(p) : resolve(cwd, p);
}

function checkDirectory(given: string, abs: string, role: string, mayBeNew: boolean): void {
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) {
    if (mayBeNew) {
      const parent = resolve(abs, '..');
      if (statSync(parent, { throwIfNoEntry: false })?.isDirectory()) return;
      throw new DistsyncError('usage', `${given}: the directory that would hold it (${parent}) does not exist`, { next: `mkdir -p ${parent}, then re-run` });
    }
    throw new DistsyncError('usage', `${given}: no such directory (the ${role} checkout)`, {
      next: role === 'dist-git' ? `clone the dist-git first: git clone <dist-git-url> ${given}` : `create the source-git first: distsync source-git init <upstream-ref> ${given} <dist-git>`,
    });
  }
  if (!st.isDirectory()) {
    throw new DistsyncError('usage', `${given} is a file, not a directory: <${role}> must be a ${role === 'source-git' && mayBeNew ? 'directory (empty, or not there yet)' : 'git checkout'}`, {
      next: `pass the ${role} directory${mayBeNew ? ' (it is created when missing)' : ''}`,
    });
  }
}

type Kind = { kind: 'source-git' | 'dist-git' | 'other'; evidence: string };

/** source-git: .distro/source-git.yaml (or .distro/); dist-git: a spec at the top or in SPECS/, and no .distro/. */
function kindOf(dir: string): Kind {
  if (existsSync(join(dir, '.distro', 'source-git.yaml'))) return { kind: 'source-git', evidence: '.distro/source-git.yaml' };
  if (existsSync(join(dir, '.distro'))) return { kind: 'source-git', evidence: '.distro/' };
  for (const sub of ['', 'SPECS']) {
    const spec = list(join(dir, sub)).find((n) => n.endsWith('.spec'));
    if (spec) return { kind: 'dist-git', evidence: sub ? `${sub}/${spec}` : spec };
  }
  return { kind: 'other', evidence: '' };
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** `distsync …` with the two given arguments swapped back, quoted for a shell. */
function command(argv: readonly string[], [a, b]: [string, string]): string {
  const ia = argv.lastIndexOf(a);
  const ib = argv.lastIndexOf(b);
  const fixed = [...argv];
  if (ia >= 0 && ib >= 0) [fixed[ia], fixed[ib]] = [b, a];
  return `distsync ${fixed.map(shellQuote).join(' ')}`;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
