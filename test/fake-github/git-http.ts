import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface GitHttpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  /** Directory holding <owner>/<name>.git */
  root: string;
  /** e.g. /owner/name.git/info/refs */
  pathInfo: string;
  query: string;
  login: string;
}

/** Smart HTTP git through `git http-backend` (CGI), as GitHub serves https://host/owner/name.git. */
export function serveGitHttp(g: GitHttpRequest): Promise<void> {
  const { req, res } = g;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: g.root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: g.pathInfo,
    QUERY_STRING: g.query,
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(g.body.length),
    REMOTE_USER: g.login,
    REMOTE_ADDR: '127.0.0.1',
    ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
    ...(req.headers['git-protocol'] ? { HTTP_GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const all = Buffer.concat(out);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) {
        res.writeHead(500).end(`git http-backend failed (exit ${code}): ${err}`);
        return resolve();
      }
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of all.subarray(0, split).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
        else headers[k] = v;
      }
      res.writeHead(status, headers).end(all.subarray(split + 4));
      resolve();
    });
    child.stdin.on('error', () => undefined); // http-backend may answer without reading the whole body
    child.stdin.end(g.body);
  });
}
