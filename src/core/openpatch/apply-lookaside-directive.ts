import type { FileStep } from './apply-file-directives.js';
import { directiveError } from './directive-error.js';
import { hexDigest } from './lookaside-blob.js';
import { baseName, cleanPath } from './repo-path.js';
import { tarGz, type TarMember } from './tar-gz.js';
import { refOf } from './validate-cfg.js';

/**
 * lookaside: the listed SOURCES/ files (or patch-repository files with from_patch_tree) leave git for
 * the lookaside cache (sha256, like srpmproc); with tar: true they go as one ARCHIVE.tar.gz instead.
 */
export function applyLookaside(s: FileStep & { date: Date }): void {
  s.parsed.cfg.lookaside.forEach((l, i) => {
    const ref = refOf(s.parsed, 'lookaside', l, i);
    const members: TarMember[] = [];
    const moved: string[] = [];
    for (const file of l.file) {
      const path = cleanPath(ref, l.from_patch_tree ? file : `SOURCES/${file}`);
      const f = (l.from_patch_tree ? s.patchTree : s.tree).get(path);
      if (!f) {
        const where = l.from_patch_tree ? 'the patch repository' : 'the dist-git tree';
        throw directiveError(ref, `${path} is not in ${where} (srpmproc: COULD_NOT_STAT_FILE:${path})`, `fix the name (it is relative to ${l.from_patch_tree ? 'the patch repository' : 'SOURCES/'}), or drop it from the list`);
      }
      if (l.tar) {
        members.push({ name: file, data: f.data, mode: parseInt(f.mode, 8) & 0o7777 });
        continue;
      }
      const target = l.from_patch_tree ? `SOURCES/${baseName(path)}` : path;
      s.tree.set(target, { data: f.data, mode: f.mode });
      s.uploads.push({ path: target, data: f.data, algo: 'sha256', hash: hexDigest('sha256', f.data) });
      moved.push(target);
    }
    if (l.tar) {
      const target = cleanPath(ref, `SOURCES/${l.archive_name}.tar.gz`);
      const data = tarGz(members, s.date);
      s.tree.set(target, { data, mode: '100644' });
      s.uploads.push({ path: target, data, algo: 'sha256', hash: hexDigest('sha256', data) });
      moved.push(`${target} (${members.length} file${members.length === 1 ? '' : 's'})`);
    }
    s.effects.push({ ...ref, summary: `to the lookaside cache: ${moved.join(', ')}` });
  });
}
