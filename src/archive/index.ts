export { extractTarball } from './extract-tarball.js';
export { listTarball, listTarballTopDirs, type TarEntry, type TarEntryType } from './list-tarball.js';
export { checkMembers } from './check-members.js';
