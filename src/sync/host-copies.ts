import type { PrepAnalysis, PrepPatchStep } from '../core/spec/index.js';

export interface HostCopy {
  /** 0-based %prep line. */
  line: number;
  text: string;
  /** The file in the source tree the line writes (and the patch edits). */
  path: string;
  /** The build host's file it copies. */
  from: string;
}

const HOST_ROOTS = /^\/(?:usr|etc|lib|lib64|opt|var|bin|sbin)\//;

/**
 * %prep lines before `step` that copy a file from the build host
 * (`cp /usr/include/foo.h lib/`) onto a path the step's patch edits: distsync
 * cannot reproduce that file, so the patch cannot be replayed on source-git.
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
      for (const from of words.slice(1, -1).filter((w) => HOST_ROOTS.test(w))) {
        const name = from.split('/').pop()!;
        for (const candidate of [join(e.directory, dest), join(join(e.directory, dest), name)]) {
          if (targets.has(candidate)) out.push({ line: e.line, text: e.text.trim(), path: candidate, from });
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
