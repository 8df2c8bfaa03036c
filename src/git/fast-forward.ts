import type { Git } from './git.js';
import { checkoutTree } from './checkout-tree.js';
import { updateRef } from './update-ref.js';

/**
 * HEAD (and its branch) from `base` to `head` in ONE ref update that fails if
 * HEAD moved meanwhile, then the index and work tree follow. If the checkout
 * fails the ref goes back, so the repository is as it was.
 */
export async function fastForward(git: Git, base: string | null, head: string): Promise<void> {
  await updateRef(git, 'HEAD', head, base, `distsync: ${base ? 'fast-forward' : 'first commit'} to ${head.slice(0, 12)}`);
  try {
    await checkoutTree(git, base, head);
  } catch (e) {
    if (base) await updateRef(git, 'HEAD', base, head, 'distsync: undo');
    else await git.run(['update-ref', '-d', 'HEAD', head], { allowFail: true });
    throw e;
  }
}
