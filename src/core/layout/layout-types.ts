import type { ChecksumKind } from '../lookaside/index.js';

export interface DistGitLayout {
  kind: 'fedora' | 'centos';
  pkgName: string;
  /** 'NAME.spec' (Fedora) or 'SPECS/NAME.spec' (CentOS). */
  specPath: string;
  /** '' for Fedora, 'SOURCES' for CentOS. */
  sourcesDir: string;
  checksumPath: string | null;
  checksumKind: ChecksumKind | null;
}
