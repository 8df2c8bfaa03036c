import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { DistsyncError } from '../core/errors.js';
import { parseForgeHosts, type ForgeHost } from '../core/config/forge-hosts.js';
import { badEnv } from './env-values.js';

/** The operator's dist-git hosts as the App runs with them: the hosts file, parsed, and each host's token. */
export interface ForgeHostsSetting {
  /** DISTSYNC_FORGES_FILE (for messages); undefined when unset (dist-git on the App's GitHub only). */
  file?: string;
  hosts: ForgeHost[];
  /** host → its token (DISTSYNC_FORGE_<HOST>_TOKEN). */
  tokens: Record<string, string>;
  /** host → its webhook secret (DISTSYNC_FORGE_<HOST>_WEBHOOK_SECRET); a host without one sends no webhooks the App takes, so its CI is polled. */
  secrets?: Record<string, string>;
}

export const NO_FORGE_HOSTS: ForgeHostsSetting = { hosts: [], tokens: {}, secrets: {} };

/**
 * Read DISTSYNC_FORGES_FILE (when set) at start: a bad file or a host without its token stops
 * the App with the file, the line and the fix, never a job later.
 */
export function readForgeHostsSetting(set: (name: string) => string | undefined, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): ForgeHostsSetting {
  const file = set('DISTSYNC_FORGES_FILE');
  if (file === undefined) return NO_FORGE_HOSTS;
  if (!isAbsolute(file)) throw badEnv('DISTSYNC_FORGES_FILE', file, 'an absolute path to the hosts file, like /etc/distsync/forges.yaml');
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    throw new DistsyncError('usage', `DISTSYNC_FORGES_FILE=${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      next: 'create the file (README, "Dist-git on Forgejo and GitLab") or unset DISTSYNC_FORGES_FILE',
    });
  }
  const hosts = parseForgeHosts(text, file);
  const tokens: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const h of hosts) {
    const token = set(h.tokenVariable);
    if (token === undefined) {
      throw new DistsyncError('usage', `${h.tokenVariable} is not set: ${file} lists the host ${h.host}, and the App needs its ${h.kind} token (of ${h.botUser})`, {
        file,
        next: `set ${h.tokenVariable} in the App's environment (a token of ${h.botUser} with API and repository write access), or remove ${h.host} from ${file}`,
      });
    }
    tokens[h.host] = token;
    const secret = set(h.secretVariable);
    if (secret) secrets[h.host] = secret;
  }
  return { file, hosts, tokens, secrets };
}
