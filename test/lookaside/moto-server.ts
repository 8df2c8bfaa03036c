import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from '../helpers/free-port.js';
import { sha256Hex, signV4 } from '../../src/lookaside/sigv4.js';

/** Why moto's server cannot run here (undefined: it can). */
export function motoMissing(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  if (which.status !== 0) return "moto_server is not installed (pip install 'moto[server]==5.2.1'; .ci/run installs it when pip can reach PyPI)";
  return undefined;
}


export interface Moto {
  url: string;
  region: string;
  /** Keys of an IAM user allowed s3:* (every bucket, so a missing one is NoSuchBucket, not AccessDenied). */
  keys: { accessKeyId: string; secretAccessKey: string };
  /** Keys of an IAM user with no policy at all. */
  noPolicyKeys: { accessKeyId: string; secretAccessKey: string };
  bucket: string;
  /** A signed request with the allowed user's keys. */
  s3(method: string, key: string, body?: Buffer, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

const BOOT = { accessKeyId: 'AKIABOOTSTRAP0000000', secretAccessKey: 'bootstrap' };

/**
 * moto_server on 127.0.0.1 with IAM authentication on: the first 7 actions
 * (two users, their keys, one policy, the bucket) run unauthenticated, then
 * every request must carry a valid SigV4 signature of a known key and be
 * allowed by that user's policy.
 */
export async function startMoto(bucket = 'lookaside'): Promise<Moto> {
  const port = await freePort();
  const region = 'us-east-1';
  const url = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '7', MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/moto-api/`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 100 || proc.exitCode !== null) throw new Error(`moto_server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const signed = async (service: string, method: string, path: string, keys: typeof BOOT, body: Buffer = Buffer.alloc(0), headers: Record<string, string> = {}) => {
    const u = new URL(path, url);
    const payloadHash = sha256Hex(body);
    const s = signV4({ method, url: u, headers: { ...headers, 'x-amz-content-sha256': payloadHash }, payloadHash, region, service, ...keys, date: new Date() });
    return fetch(u, { method, headers: s.headers, ...(body.length ? { body: new Uint8Array(body) } : {}) });
  };
  const iam = async (params: Record<string, string>) => {
    const body = Buffer.from(new URLSearchParams({ ...params, Version: '2010-05-08' }).toString());
    const res = await signed('iam', 'POST', '/', BOOT, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    const text = await res.text();
    if (!res.ok) throw new Error(`IAM ${params['Action']}: ${res.status} ${text}`);
    return text;
  };
  const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1] ?? '';
  const user = async (name: string) => {
    await iam({ Action: 'CreateUser', UserName: name });
    const key = await iam({ Action: 'CreateAccessKey', UserName: name });
    return { accessKeyId: tag(key, 'AccessKeyId'), secretAccessKey: tag(key, 'SecretAccessKey') };
  };
  const keys = await user('distsync');
  const noPolicyKeys = await user('nobody');
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  await iam({ Action: 'PutUserPolicy', UserName: 'distsync', PolicyName: 'lookaside', PolicyDocument: JSON.stringify(policy) });
  const made = await signed('s3', 'PUT', `/${bucket}`, BOOT);
  if (!made.ok) throw new Error(`CreateBucket: ${made.status} ${await made.text()}`);
  return {
    url,
    region,
    keys,
    noPolicyKeys,
    bucket,
    s3: (method, key, body, headers) => signed('s3', method, `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, keys, body, headers),
    stop: () =>
      new Promise((ok) => {
        if (proc.exitCode !== null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
      }),
  };
}
