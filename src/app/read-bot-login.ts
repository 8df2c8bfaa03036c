import type { Probot } from 'probot';
import { DistsyncError } from '../core/errors.js';

/** The App's own login ("<slug>[bot]"), read with GET /app from the configured host; its comments and pushes are then ignored. */
export async function readBotLogin(app: Pick<Probot, 'auth'>): Promise<string> {
  try {
    const octokit = await app.auth();
    const { data } = await octokit.request('GET /app');
    const slug = (data as { slug?: unknown } | null)?.slug;
    if (typeof slug !== 'string' || slug === '') throw new Error('the answer has no slug');
    return `${slug}[bot]`;
  } catch (e) {
    throw new DistsyncError('usage', `could not read the App's name with GET /app: ${e instanceof Error ? e.message : String(e)}`, {
      next: 'check APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and GHE_HOST, or set DISTSYNC_BOT_LOGIN=<slug>[bot]',
      cause: e,
    });
  }
}
