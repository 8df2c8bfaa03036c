import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DistsyncError } from '../errors.js';
import { explainIssue, lineOf } from './yaml-issues.js';

/**
 * The operator's list of dist-git hosts (a YAML file outside any repository,
 * DISTSYNC_FORGES_FILE). Tokens and webhook secrets never live in it: they come
 * from DISTSYNC_FORGE_<HOST>_TOKEN and DISTSYNC_FORGE_<HOST>_WEBHOOK_SECRET.
 */
export const forgeHostsSchema = z
  .object({
    hosts: z.array(
      z
        .object({
          /** The host name dist-git repositories are named by (`gitlab.com`, `src.fedoraproject.org`). */
          host: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name such as gitlab.com (no scheme, no path)'),
          kind: z.enum(['github', 'forgejo', 'gitea', 'gitlab']),
          /** Web root; the API lives under it (`/api/v1`, `/api/v4`). Default https://<host>. */
          url: z.url({ protocol: /^https?$/ }).optional(),
          /** The account the token belongs to: PRs it opens are distsync's own. */
          bot_user: z.string().min(1),
          /** Open PRs from the bot's fork (CentOS Stream requires it). */
          fork: z.boolean().default(false),
          /** The fork's owner when it is not bot_user (a group, say). */
          fork_owner: z.string().min(1).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export interface ForgeHost {
  host: string;
  kind: 'github' | 'forgejo' | 'gitlab';
  url: string;
  botUser: string;
  /** Owner PRs come from: the fork's owner, or undefined for branches in the dist-git repo itself. */
  forkOwner?: string;
  /** Names of the env variables that hold the token and the webhook secret. */
  tokenVariable: string;
  secretVariable: string;
}

/** `gitlab.com` → `DISTSYNC_FORGE_GITLAB_COM_TOKEN`. */
export function forgeEnvName(host: string, what: 'TOKEN' | 'WEBHOOK_SECRET'): string {
  return `DISTSYNC_FORGE_${host.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${what}`;
}

/** Read the hosts file; every problem is a bad-config error with the file, the line and the fix. */
export function parseForgeHosts(text: string, file: string): ForgeHost[] {
  const fail = (message: string, line?: number) => new DistsyncError('bad-config', message, { file, ...(line ? { line } : {}), next: `fix ${file} (see README "Dist-git on Forgejo and GitLab"), then restart the App` });
  const lc = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, lineCounter: lc, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw fail(`YAML syntax error: ${syntax.message.split('\n')[0]}`, lc.linePos(syntax.pos[0]).line);
  const input: unknown = doc.toJS({ maxAliasCount: 10 });
  const res = forgeHostsSchema.safeParse(input);
  if (!res.success) {
    const p = explainIssue(res.error.issues[0]!, input);
    throw fail(p.text, lineOf(doc, lc, p.path, p.key));
  }
  const seen = new Set<string>();
  return res.data.hosts.map((h, i) => {
    const key = h.host.toLowerCase();
    if (seen.has(key)) throw fail(`host ${h.host} is listed twice`, lineOf(doc, lc, ['hosts', i, 'host']));
    seen.add(key);
    return {
      host: key,
      kind: h.kind === 'gitea' ? 'forgejo' : h.kind,
      url: (h.url ?? `https://${h.host}`).replace(/\/+$/, ''),
      botUser: h.bot_user,
      ...(h.fork ? { forkOwner: h.fork_owner ?? h.bot_user } : {}),
      tokenVariable: forgeEnvName(key, 'TOKEN'),
      secretVariable: forgeEnvName(key, 'WEBHOOK_SECRET'),
    };
  });
}
