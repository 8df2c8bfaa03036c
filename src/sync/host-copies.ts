import type { PrepAnalysis, PrepPatchStep } from '../core/spec/index.js';

export interface HostCopy {
  /** 0-based %prep line. */
  line: number;
  text: string;
  /** The file in the source tree the line writes (and the patch edits). */
  path: string;
  /** The file it copies: a build host's path, or (origin 'dist-git') the name of a SourceN/PatchN file. */
  from: string;
  /** Where the copied file comes from: the build host (`/usr/include/…`) or dist-git (`%{SOURCE1}`). */
  origin: 'build host' | 'dist-git';
}

const HOST_ROOTS = /^\/(?:usr|etc|lib|lib64|opt|var|bin|sbin)\//;
/** A file of %{_sourcedir} as %{SOURCEn} expands (`%{_sourcedir}/name`), or spelled by hand. */
const SOURCEDIR_FILE = /^(?:%\{_sourcedir\}|%_sourcedir|\$RPM_SOURCE_DIR|\$\{RPM_SOURCE_DIR\})\/([^/]+)$/;

/**
 * %prep lines before `step` that copy a file from the build host
 * (`cp /usr/include/foo.h lib/`) or from dist-git (`cp %{SOURCE1} lib/`) onto a
 * path the step's patch edits: distsync does not replay such a copy in
 * source-git (a host's file cannot be reproduced at all), so the patch cannot
 * be replayed on source-git.
 * `patchPaths` are the patch's paths with its -p applied (relative to the
 * step's directory). Pure.
 */
export function hostCopiesBefore(prep: PrepAnalysis, step: PrepPatchStep, patchPaths: string[]): HostCopy[] {
  const stepLine = step.line ?? prep.autoRuns.find((r) => r.style === step.style)?.line ?? prep.prepEnd;
  const targets = new Set(patchPaths.map((p) => join(step.directory, p)));
  const out: HostCopy[] = [];
  for (const e of prep.sideEffects) {
    if (e.line >= stepLine || e.active === 'no' || e.directory === null) continue;
    for (const cmd of e.expanded.split(/;|&&/)) {
      const words = cmd.trim().split(/\s+/).filter((w) => w !== '' && !w.startsWith('-'));
      if ((words[0] !== 'cp' && words[0] !== 'install') || words.length < 3) continue;
      const dest = words.at(-1)!;
      for (const word of words.slice(1, -1)) {
        const distGit = SOURCEDIR_FILE.exec(word.replace(/^["']|["']$/g, ''));
        if (!distGit && !HOST_ROOTS.test(word)) continue;
        const name = distGit ? distGit[1]! : word.split('/').pop()!;
        for (const candidate of [join(e.directory, dest), join(join(e.directory, dest), name)]) {
          if (targets.has(candidate)) out.push({ line: e.line, text: e.text.trim(), path: candidate, from: distGit ? name : word, origin: distGit ? 'dist-git' : 'build host' });
        }
      }
    }
  }
  return out;
}

function join(dir: string, rel: string): string {
  const out = dir === '' ? [] : dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
