import type { Git } from './git.js';

export interface GraphCommit {
  sha: string;
  tree: string;
  parents: string[];
}

/** Every commit of `range` (all parents, not only the first), oldest first in topological order, in ONE `git log`. */
export async function commitGraph(git: Git, range: string): Promise<GraphCommit[]> {
  const res = await git.run(['log', '--topo-order', '--reverse', '--format=%H %T %P', '--end-of-options', range, '--']);
  return res.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [sha = '', tree = '', ...parents] = l.trim().split(' ');
      return { sha, tree, parents };
    });
}
