import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DistsyncError } from '../core/errors.js';
import { gitEnv, toolEnv, type Git } from '../git/index.js';

const COMPRESSORS: [RegExp, string[] | null][] = [
  [/\.(tar\.gz|tgz)$/, ['gzip', '-cn']],
  [/\.tar\.xz$/, ['xz', '-c']],
  [/\.tar\.bz2$/, ['bzip2', '-c']],
  [/\.tar\.zst$/, ['zstd', '-q', '-c']],
  [/\.tar$/, null],
];

/**
 * Reproduce an upstream tarball from a tag: `git archive --prefix=DIR/` piped
 * through the compressor the file name asks for (gzip -n: no name or time, so
 * the same tag gives the same bytes).
 */
export async function makeUpstreamTarball(git: Git, opts: { rev: string; prefix: string; dest: string; fileName: string }): Promise<void> {
  const entry = COMPRESSORS.find(([re]) => re.test(opts.fileName));
  if (!entry) {
    throw new DistsyncError('usage', `cannot make ${opts.fileName} with git archive (known: .tar.gz .tgz .tar.xz .tar.bz2 .tar.zst .tar)`, {
      next: 'pass the release tarball with --tarball FILE',
    });
  }
  const archive = spawn('git', ['-C', git.cwd, 'archive', '--format=tar', `--prefix=${opts.prefix}/`, opts.rev], { stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
  const stages: NodeJS.ReadableStream[] = [archive.stdout];
  const procs: import('node:child_process').ChildProcess[] = [archive];
  if (entry[1]) {
    const [cmd, ...args] = entry[1];
    const comp = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'], env: toolEnv() });
    archive.stdout.pipe(comp.stdin);
    stages.push(comp.stdout);
    procs.push(comp);
  }
  const exits = procs.map(
    (p) =>
      new Promise<void>((resolve, reject) => {
        let err = '';
        p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
        p.on('error', (e) => reject(new DistsyncError('git-failed', `${p.spawnfile} failed to start: ${e.message}`, { next: `install ${p.spawnfile}` })));
        p.on('close', (code) => (code === 0 ? resolve() : reject(new DistsyncError('git-failed', `${p.spawnfile} exited ${code}: ${err.trim().split('\n')[0] ?? ''}`))));
      }),
  );
  await Promise.all([pipeline(stages[stages.length - 1]!, createWriteStream(opts.dest)), ...exits]);
}
