/** Dist-git layouts (flat Fedora vs SPECS/ + SOURCES/), the dist-git ⇄ .distro/ path map, branch names. */
export type { DistGitLayout } from './layout-types.js';
export { detectLayout } from './detect-layout.js';
export { distGitToDistro, distroToDistGit } from './distro-paths.js';
export { parseDistGitBranch, type DistGitBranch } from './dist-git-branch.js';
export { assertSafeRelativePath } from './safe-path.js';
export { toDistroGitignore, fromDistroGitignore, DISTRO_GITIGNORE_PREAMBLE } from './distro-gitignore.js';
