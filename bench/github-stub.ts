/**
 * A local stand-in for api.github.com on 127.0.0.1 answering the calls one sync job makes
 * (installation token, config file, check runs, pulls). Anything else is answered 404 and
 * counted, so a benchmark can refuse to report numbers from a run that went off the path.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubStub {
  url: string;
  calls: string[];
  unexpected: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString()));
    req.on('end', () => resolve(b));
  });
}

export async function startGithubStub(files: Record<string, string>): Promise<GithubStub> {
  const calls: string[] = [];
  const unexpected: string[] = [];
  let checkId = 100;
  const pulls = new Map<string, { number: number; head: string; base: string; repo: string }>();
  const pullJson = (p: { number: number; head: string; base: string; repo: string }) => ({
    number: p.number, state: 'open', merged: false, head: { sha: 'e'.repeat(40), ref: p.head }, base: { ref: p.base }, html_url: `https://github.com/${p.repo}/pull/${p.number}`, title: 't', body: '',
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = decodeURIComponent(url.pathname);
      const key = `${req.method} ${path}`;
      calls.push(key);
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      let m: RegExpMatchArray | null;
      if (req.method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
        return send(201, { token: 'ghs_benchstubtoken', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: 'all' });
      }
      if (req.method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/))) {
        const text = files[`${m[1]}:${m[2]}`];
        if (text === undefined) return send(404, { message: 'Not Found' });
        return send(200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64'), path: m[2], name: m[2]!.split('/').pop(), sha: 'f'.repeat(40) });
      }
      if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(path)) return send(201, { id: ++checkId });
      if (req.method === 'PATCH' && /^\/repos\/[^/]+\/[^/]+\/check-runs\/\d+$/.test(path)) return send(200, {});
      if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/pulls$/))) {
        const repo = m[1]!;
        if (req.method === 'GET') {
          const head = url.searchParams.get('head') ?? '';
          const found = pulls.get(`${repo}:${head.split(':')[1] ?? head}`);
          return send(200, found ? [pullJson(found)] : []);
        }
        if (req.method === 'POST') {
          const b = JSON.parse(body) as { head: string; base: string };
          const p = { number: pulls.size + 1, head: b.head, base: b.base, repo };
          pulls.set(`${repo}:${b.head}`, p);
          return send(201, pullJson(p));
        }
      }
      if (req.method === 'PATCH' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/))) {
        return send(200, pullJson({ number: Number(m[2]), head: 'x', base: 'y', repo: m[1]! }));
      }
      unexpected.push(key);
      return send(404, { message: `the benchmark stub does not answer ${key}` });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    unexpected,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
