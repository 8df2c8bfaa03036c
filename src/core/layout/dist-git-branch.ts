export interface DistGitBranch {
  distro: 'fedora' | 'rhel' | 'centos-stream' | 'unknown';
  /** Major release: 41 for f41, 9 for el9 / c9s. */
  version?: number;
  /** Minor release of a RHEL z-stream branch (el-9.2, el9_2, rhel-9.2.0). */
  minor?: number;
  /** The %{dist} builds get: '.fc41', '.el9', '.el9_2'. */
  dist?: string;
  /** Module stream of '<base>-stream-<X>'. */
  stream?: string;
  /** '<base>-modulemd-<X>'. */
  modulemd?: string;
  /** A '-contrib' branch (CentOS SIGs / OpenELA contrib). */
  contrib: boolean;
}

/**
 * What a dist-git branch name says about its target: 'rawhide', 'f41'
 * (Fedora), 'el9', 'el-9.2', 'el9_2', 'rhel-9.2.0' (RHEL and rebuilds),
 * 'c9s' (CentOS Stream), 'epel9' (unknown distro, but version and dist),
 * with optional '-stream-X', '-modulemd-X' and '-contrib' suffixes.
 */
export function parseDistGitBranch(name: string): DistGitBranch {
  let base = name.trim();
  const contrib = base.endsWith('-contrib');
  if (contrib) base = base.slice(0, -'-contrib'.length);
  const out: DistGitBranch = { distro: 'unknown', contrib };
  const modulemd = /^(.+?)-modulemd-(.+)$/.exec(base);
  if (modulemd) [base, out.modulemd] = [modulemd[1]!, modulemd[2]!];
  const stream = /^(.+?)-stream-(.+)$/.exec(base);
  if (stream) [base, out.stream] = [stream[1]!, stream[2]!];
  let m: RegExpExecArray | null;
  if (base === 'rawhide') return { ...out, distro: 'fedora' };
  if ((m = /^f(\d+)$/.exec(base))) return { ...out, distro: 'fedora', version: Number(m[1]), dist: `.fc${m[1]}` };
  if ((m = /^c(\d+)s$/.exec(base))) return { ...out, distro: 'centos-stream', version: Number(m[1]), dist: `.el${m[1]}` };
  if ((m = /^(?:el-?|rhel-)(\d+)(?:[._](\d+)(?:\.\d+)?)?$/.exec(base))) {
    const minor = m[2] === undefined ? {} : { minor: Number(m[2]) };
    return { ...out, distro: 'rhel', version: Number(m[1]), ...minor, dist: `.el${m[1]}${m[2] === undefined ? '' : `_${m[2]}`}` };
  }
  if ((m = /^epel(\d+)(?:-next)?$/.exec(base))) return { ...out, version: Number(m[1]), dist: `.el${m[1]}` };
  return out;
}
