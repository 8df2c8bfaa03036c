import type { ForgeHostsSetting } from '../forge-hosts-file.js';
import type { WebhookEndpointHost } from '../http/forge-webhook-endpoint.js';

/** The hosts file's Forgejo/GitLab entry for `name` (lower-case), with its webhook secret when one is set. */
export function webhookHostIn(setting: ForgeHostsSetting, name: string): WebhookEndpointHost | undefined {
  const h = setting.hosts.find((x) => x.host === name);
  if (!h || h.kind === 'github') return undefined;
  const secret = setting.secrets?.[h.host];
  return { host: h.host, kind: h.kind, botUser: h.botUser, ...(secret ? { secret } : {}) };
}
