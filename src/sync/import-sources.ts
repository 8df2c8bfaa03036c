import { DistsyncError } from '../core/errors.js';
import type { MacroContext, PrepAnalysis, PrepSetup } from '../core/spec/index.js';
import { extractTarball, listTarballTopDirs } from '../archive/index.js';
import { commitAll, headSha, tag } from '../git/index.js';
import type { SourceFetcher } from './fetch-sources.js';
import type { DistGitSnapshot } from './read-dist-git.js';
import { specFileName } from './spec-files.js';
import type { WorkRepo } from './work-repo.js';

const IMPORTER = { name: 'distsync', email: 'distsync@noreply.invalid' };

/**
 * Put the upstream sources in the work repo: with --from-tarball, Source0 as
 * the upstream commit (tagged upstreamRef); then every extra tarball that
 * %setup unpacks into the tree (-a N, or -b N when it shares the main
 * directory) as its own commit with a Distsync-source trailer, so that it is
 * never turned into a patch. Returns the upstream commit.
 */
export async function importSources(
  work: WorkRepo,
  dg: DistGitSnapshot,
  prep: PrepAnalysis,
  fetcher: SourceFetcher,
  opts: { upstreamRef: string; fromTarball: boolean; ctx: MacroContext; notes: string[] },
): Promise<string> {
  const setup = prep.setup;
  const git = work.git;
  if (opts.fromTarball) {
    if (!setup) {
      throw new DistsyncError('bad-spec', '%prep has no %setup or %autosetup: cannot tell how the tarball is unpacked', {
        file: dg.layout.specPath,
        next: 'start from an upstream git checkout instead of --from-tarball',
      });
    }
    if (!setup.noMainSource) {
      const file = specFileName(dg.spec, 'Source', 0, opts.ctx);
      await unpack(work, await fetcher.get(file), setup.createDir ? 0 : 1, setup.createDir ? null : setup.dirName, file);
      await commitAll(git, {
        message: `Import upstream ${file}\n\nThe upstream tarball as %setup unpacks it (${setup.dirName}/).\n`,
        author: IMPORTER,
        force: true,
        allowEmpty: true,
      });
    } else {
      await commitAll(git, { message: 'Start of the source tree (%setup -T)\n', author: IMPORTER, allowEmpty: true });
    }
    await tag(git, opts.upstreamRef, await headSha(git));
  }
  const upstreamSha = await headSha(git);
  for (const extra of extraSources(prep)) {
    const file = specFileName(dg.spec, 'Source', extra.number, opts.ctx);
    const path = await fetcher.get(file);
    if (extra.mode === 'a') await unpack(work, path, 0, null, file);
    else await unpack(work, path, 1, setup!.dirName, file);
    await commitAll(git, {
      message: `Add Source${extra.number} ${file} (%setup -${extra.mode} ${extra.number})\n\nUnpacked by %prep; not a patch.\n\nDistsync-source: Source${extra.number}\n`,
      author: IMPORTER,
      force: true,
      allowEmpty: true,
    });
    opts.notes.push(`Source${extra.number} (${file}) unpacked into the tree as its own commit`);
  }
  return upstreamSha;
}

/**
 * The -a N / -b N tarballs of every %setup that runs in the main directory,
 * once each: a spec may call %setup again to add one (rsync: `%setup -q`,
 * then `%setup -q -b 1`; or `%setup -q -T -D -a 1`).
 */
function extraSources(prep: PrepAnalysis): PrepSetup['extraSources'] {
  const main = prep.setup;
  if (!main) return [];
  const seen = new Set<number>();
  const out: PrepSetup['extraSources'] = [];
  for (const s of prep.setups) {
    if (s !== main && (s.active === 'no' || s.dirName !== main.dirName)) continue;
    for (const e of s.extraSources) {
      if (seen.has(e.number)) continue;
      seen.add(e.number);
      out.push(e);
    }
  }
  return out;
}

async function unpack(work: WorkRepo, tarball: string, strip: 0 | 1, expectTop: string | null, file: string): Promise<void> {
  if (expectTop !== null) {
    const tops = await listTarballTopDirs(tarball);
    if (tops.length !== 1 || tops[0] !== expectTop) {
      throw new DistsyncError('bad-spec', `${file} unpacks to ${tops.join(', ') || 'nothing'}, but %setup expects ${expectTop}/`, {
        next: 'fix %setup -n in the spec, or check that the lookaside file is the right tarball',
      });
    }
  }
  await extractTarball(tarball, work.dir, { stripComponents: strip, ...(work.git.interrupt ? { interrupt: work.git.interrupt } : {}) });
}
