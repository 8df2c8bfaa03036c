import type { CommitStatus } from '../types.js';
import { statusFromForgejo } from '../forgejo/forgejo-shapes.js';
import { statusFromGitlab } from '../gitlab/gitlab-shapes.js';
import type { ForgeDelivery, ForgeWebhookKind } from './verify-forge-webhook.js';

/** What a dist-git forge's webhook means to the App, whatever forge sent it. */
export type DistGitEvent =
  | { type: 'ci'; repo: string; sha: string; status: CommitStatus; pull?: number }
  | { type: 'pull'; repo: string; number: number; action: 'opened' | 'closed' | 'merged' | 'reopened' | 'synchronized' | 'edited'; headSha: string; headRef: string; baseRef: string; sender: string }
  | { type: 'push'; repo: string; ref: string; before: string; after: string; sender: string }
  | { type: 'ignored'; reason: string };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Turn a verified delivery into one DistGitEvent (never throws on odd payloads: unknown shapes are `ignored`). */
export function parseForgeEvent(kind: ForgeWebhookKind, d: ForgeDelivery): DistGitEvent {
  return kind === 'gitlab' ? parseGitlab(d) : parseForgejo(d);
}

function parseGitlab(d: ForgeDelivery): DistGitEvent {
  const b = obj(d.body);
  const repo = str(obj(b['project'])['path_with_namespace']);
  if (!repo) return { type: 'ignored', reason: 'no project.path_with_namespace' };
  switch (d.event) {
    case 'Pipeline Hook': {
      const a = obj(b['object_attributes']);
      const mr = obj(b['merge_request']);
      const sha = str(a['sha']);
      if (!sha) return { type: 'ignored', reason: 'pipeline without sha' };
      const status = statusFromGitlab({ name: 'pipeline', status: str(a['status']), target_url: str(a['url']) || null });
      return { type: 'ci', repo, sha, status, ...(typeof mr['iid'] === 'number' ? { pull: mr['iid'] } : {}) };
    }
    case 'Job Hook': {
      const sha = str(b['sha']);
      if (!sha) return { type: 'ignored', reason: 'job without sha' };
      return { type: 'ci', repo, sha, status: statusFromGitlab({ name: str(b['build_name']) || 'job', status: str(b['build_status']) }) };
    }
    case 'Merge Request Hook': {
      const a = obj(b['object_attributes']);
      const action = ({ open: 'opened', close: 'closed', merge: 'merged', reopen: 'reopened', update: 'synchronized' } as const)[str(a['action']) as 'open'];
      if (!action) return { type: 'ignored', reason: `merge request action ${str(a['action']) || '(none)'}` };
      return { type: 'pull', repo, number: Number(a['iid']), action, headSha: str(obj(a['last_commit'])['id']), headRef: str(a['source_branch']), baseRef: str(a['target_branch']), sender: str(obj(b['user'])['username']) };
    }
    case 'Push Hook':
      return { type: 'push', repo, ref: str(b['ref']), before: str(b['before']), after: str(b['after']), sender: str(b['user_username']) };
    default:
      return { type: 'ignored', reason: `event ${d.event}` };
  }
}

function parseForgejo(d: ForgeDelivery): DistGitEvent {
  const b = obj(d.body);
  const repo = str(obj(b['repository'])['full_name']);
  if (!repo) return { type: 'ignored', reason: 'no repository.full_name' };
  const sender = str(obj(b['sender'])['login']);
  switch (d.event) {
    case 'status': {
      const sha = str(b['sha']);
      if (!sha) return { type: 'ignored', reason: 'status without sha' };
      return { type: 'ci', repo, sha, status: statusFromForgejo({ context: str(b['context']), state: str(b['state']), description: str(b['description']) || null, target_url: str(b['target_url']) || null }) };
    }
    case 'pull_request': {
      const pr = obj(b['pull_request']);
      const raw = str(b['action']);
      const action = raw === 'closed' && pr['merged'] === true ? 'merged' : ({ opened: 'opened', closed: 'closed', reopened: 'reopened', synchronized: 'synchronized', edited: 'edited' } as const)[raw as 'opened'];
      if (!action) return { type: 'ignored', reason: `pull_request action ${raw || '(none)'}` };
      return { type: 'pull', repo, number: Number(b['number']), action, headSha: str(obj(pr['head'])['sha']), headRef: str(obj(pr['head'])['ref']), baseRef: str(obj(pr['base'])['ref']), sender };
    }
    case 'push':
      return { type: 'push', repo, ref: str(b['ref']), before: str(b['before']), after: str(b['after']), sender: sender || str(obj(b['pusher'])['login']) };
    default:
      return { type: 'ignored', reason: `event ${d.event}` };
  }
}
