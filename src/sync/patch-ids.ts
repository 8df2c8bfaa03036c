import type { Git } from '../git/index.js';

/** `git patch-id --stable` for every commit `git log` lists with these args: commit → id. Two processes, whatever the count. */
export async function patchIds(git: Git, logArgs: string[], excludePaths: string[] = ['.distro']): Promise<Map<string, string>> {
  const log = await git.run(['log', '-p', '--no-merges', '--no-renames', '--format=commit %H', ...logArgs, '--', '.', ...excludePaths.map((p) => `:(exclude)${p}`)], { maxBuffer: 1 << 30 });
  const ids = new Map<string, string>();
  if (log.stdout.trim() === '') return ids;
  const res = await git.run(['patch-id', '--stable'], { input: log.stdout });
  for (const line of res.stdout.split('\n')) {
    const [id, commit] = line.trim().split(/\s+/);
    if (id && commit) ids.set(commit, id);
  }
  return ids;
}
