import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { freePort } from '../helpers/free-port.js';
import { fileURLToPath } from 'node:url';
import { rng } from '../helpers/rng.js';

export const CLI = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));
export const WORKER = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));
export const SECRET = 'scale-test-webhook-secret';

export function privateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
}

export { freePort };

/** A child running a TypeScript entry through tsx; stderr is kept for failure messages. */
export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess & { errText: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 20_000) err += d.toString();
  });
  return Object.assign(child, { errText: () => err });
}

export async function until(what: () => boolean | Promise<boolean>, ms: number, label: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** POST a webhook delivery signed like GitHub (X-Hub-Signature-256 over the raw body). */
export async function deliver(port: number, id: string, event: string, body: string): Promise<number> {
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': signature },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

export { rng };

export interface PlannedDelivery {
  id: string;
  pkg: string;
  pr: number;
  headSha: string;
  body: string;
  duplicate: boolean;
}

/** Per package, in send order: pull_request opened/synchronize deliveries, with duplicates (same id and body) after their original. */
export function planDeliveries(o: { packages: number; uniquePerPackage: number; duplicatesPerPackage: number; prsPerPackage: number; seed: number }): PlannedDelivery[][] {
  const rand = rng(o.seed);
  const plans: PlannedDelivery[][] = [];
  for (let p = 0; p < o.packages; p++) {
    const pkg = `org/pkg-${String(p).padStart(2, '0')}`;
    const opened = new Set<number>();
    const list: PlannedDelivery[] = [];
    for (let i = 0; i < o.uniquePerPackage; i++) {
      const pr = 1 + Math.floor(rand() * o.prsPerPackage);
      const action = opened.has(pr) ? 'synchronize' : 'opened';
      opened.add(pr);
      const headSha = createHmac('sha1', 'heads').update(`${pkg}#${pr}@${i}`).digest('hex');
      const payload = {
        action,
        installation: { id: 1 },
        repository: { full_name: pkg, name: pkg.split('/')[1], owner: { login: 'org' } },
        pull_request: { number: pr, head: { sha: headSha, ref: `topic-${pr}` }, base: { ref: 'main' } },
        sender: { login: 'dev', type: 'User' },
      };
      list.push({ id: `d-${p}-${i}-${o.seed}`, pkg, pr, headSha, body: JSON.stringify(payload), duplicate: false });
    }
    for (let d = 0; d < o.duplicatesPerPackage; d++) {
      const orig = Math.floor(rand() * list.length);
      const source = list[orig];
      if (!source) continue;
      const at = orig + 1 + Math.floor(rand() * (list.length - orig));
      list.splice(at, 0, { ...source, duplicate: true });
    }
    plans.push(list);
  }
  return plans;
}
