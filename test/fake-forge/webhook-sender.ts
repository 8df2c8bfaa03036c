import { randomUUID } from 'node:crypto';

/** A webhook a fake forge raised for one registered hook: sent when the test says so (`deliver`). */
export interface ForgeDelivery {
  id: string;
  url: string;
  /** The forge's event name (Forgejo `X-Forgejo-Event`, GitLab `X-Gitlab-Event`). */
  event: string;
  body: string;
  /** The hook's secret the delivery is signed with. */
  secret: string;
  /** The HTTP status the receiver answered (after delivery). */
  status?: number;
}

interface Hook {
  repo: string;
  url: string;
  secret: string;
}

/** The headers a forge sends with a delivery: its event, delivery id and signature/token. */
export type SignDelivery = (event: string, id: string, body: string, secret: string) => Record<string, string>;

/**
 * Webhooks of a fake forge, as a repository's webhook settings configure them: each registered hook
 * of a repository gets every event of that repository, waiting in order until the test delivers
 * them (a forge delivers asynchronously; a test decides when). Only URLs a test registered are called.
 */
export class ForgeWebhooks {
  readonly pending: ForgeDelivery[] = [];
  readonly delivered: ForgeDelivery[] = [];
  private readonly hooks: Hook[] = [];
  constructor(private readonly sign: SignDelivery) {}

  /** A webhook on `repo` (a Forgejo `owner/name`, a GitLab project path) to `url`, signed with `secret`. */
  add(repo: string, url: string, secret: string): void {
    this.hooks.push({ repo, url, secret });
  }

  emit(repo: string, event: string, payload: object): void {
    const body = JSON.stringify(payload);
    for (const h of this.hooks.filter((x) => x.repo === repo)) this.pending.push({ id: randomUUID(), url: h.url, event, body, secret: h.secret });
  }

  /** POST every pending delivery, oldest first; the deliveries sent. */
  async deliver(): Promise<ForgeDelivery[]> {
    const sent: ForgeDelivery[] = [];
    while (this.pending.length) {
      const d = this.pending.shift()!;
      await this.post(d);
      sent.push(d);
    }
    return sent;
  }

  /** Send a delivered event again with a new delivery id (the forge's "Redeliver"/"Resend request" of a failed or chosen delivery). */
  async redeliver(d: ForgeDelivery): Promise<ForgeDelivery> {
    const again: ForgeDelivery = { id: randomUUID(), url: d.url, event: d.event, body: d.body, secret: d.secret };
    await this.post(again);
    return again;
  }

  private async post(d: ForgeDelivery): Promise<void> {
    const res = await fetch(d.url, { method: 'POST', headers: { 'content-type': 'application/json', ...this.sign(d.event, d.id, d.body, d.secret) }, body: d.body });
    await res.arrayBuffer();
    d.status = res.status;
    this.delivered.push(d);
  }
}
