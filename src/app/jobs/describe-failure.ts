import { publicErrorText } from './public-error-text.js';
import type { CheckRunUpdate } from '../../forge/types.js';
import type { Job } from '../../store/types.js';

/** A failed (or about to be retried) sync, explained in the check run: what failed and what to do next. */
export function describeFailure(e: unknown, willRetry: boolean, job: Job, paths: Record<string, string> = {}, cacheDir?: string): CheckRunUpdate {
  const detail = publicErrorText(e, paths, cacheDir);
  if (willRetry) {
    return {
      status: 'in_progress',
      title: `Attempt ${job.attempts} of ${job.maxAttempts} failed; retrying`,
      summary: `The sync hit a temporary error and will be retried:\n\n\`\`\`\n${detail}\n\`\`\``,
    };
  }
  const httpStatus = (e as { status?: unknown } | null)?.status;
  const gaveUp = typeof httpStatus === 'number' && httpStatus >= 500;
  return {
    status: 'completed',
    conclusion: 'failure',
    title: gaveUp ? `GitHub kept failing; gave up after ${job.attempts} attempt(s)` : 'Sync into dist-git failed',
    summary: `\`\`\`\n${detail}\n\`\`\`\n\nFix the cause and push again, or comment \`/distsync sync\` to retry.`,
  };
}
