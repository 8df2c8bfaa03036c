import { createHash } from 'node:crypto';
import { listen, parseForm } from './http-stub.js';

export interface FedoraStubOptions {
  requireAuth?: string;
  /** dist-git's `default_namespace` ('' for none); default 'rpms'. */
  namespace?: string;
  /** Packages dist-git has (the CGI answers 404 Module "…" does not exist for others); default: any. */
  modules?: string[];
  /** Hash types the CGI knows; default dist-git's: sha512 and md5. */
  knows?: string[];
}

/**
 * A dist-git lookaside on 127.0.0.1 that answers as release-engineering/dist-git's
 * upload.cgi (1.20) does, under Apache's `Alias /repo/ lookaside/`:
 * - downloads: /repo/pkgs/NAMESPACE/NAME/FILE/HASHTYPE/HASH/FILE (and the old md5 NAME/FILE/HASH/FILE);
 * - /repo/pkgs/upload.cgi: `name` gets the default namespace when it has none; only `sha512sum`
 *   and `md5sum` are known (else 400 Required checksum is not present); an unknown package is
 *   404 Module "rpms/NAME" does not exist!; a `filename` field makes it a check (Available /
 *   Missing), else `file` is stored after its hash is checked; md5 uploads are 406.
 * `failWith` answers every request; `alwaysAvailable` makes every check say Available;
 * `dropUploads` loses uploads; `hang` never answers; `serve` sends downloads chunked (no length) or stalls.
 */
export async function startFedoraStub(opts: FedoraStubOptions = {}) {
  const namespace = opts.namespace ?? 'rpms';
  const knows = opts.knows ?? ['sha512', 'md5'];
  const objects = new Map<string, Buffer>();
  const state: { failWith?: { status: number; body: string; type?: string }; alwaysAvailable?: boolean; dropUploads?: boolean; hang?: boolean; serve?: 'chunked' | 'stall' } = {};
  const srv = await listen(async (req, res) => {
    const send = (status: number, body: string, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type });
      res.end(`${body}\n`);
    };
    if (state.hang) return;
    if (state.failWith) return send(state.failWith.status, state.failWith.body, state.failWith.type);
    if (req.path === '/repo/pkgs/upload.cgi' && req.method === 'POST') {
      if (opts.requireAuth && req.headers.authorization !== opts.requireAuth) return send(403, 'You must connect with a valid certificate and be in the packager group to upload.');
      const form = await parseForm(req);
      const text = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : undefined);
      const rawName = text('name');
      if (rawName === undefined) return send(400, 'Required field "name" is not present.');
      const algo = ['sha512', 'md5'].filter((a) => knows.includes(a)).concat(knows).find((a) => form.has(`${a}sum`));
      if (!algo) return send(400, 'Required checksum is not present');
      const sum = text(`${algo}sum`);
      let name = rawName.replace(/^\/+|\/+$/g, '');
      if (namespace && !name.includes('/')) name = `${namespace}/${name}`;
      if (opts.modules && !opts.modules.map((m) => (namespace ? `${namespace}/${m}` : m)).includes(name)) return send(404, `Module "${name}" does not exist!`);
      const filename = text('filename');
      if (filename !== undefined) {
        const base = filename.split('/').pop()!;
        return send(200, state.alwaysAvailable || objects.has(`/${name}/${base}/${algo}/${sum}/${base}`) ? 'Available' : 'Missing');
      }
      const file = form.get('file');
      if (file === null || typeof file === 'string') return send(400, 'Required field "file" is not present.');
      const key = `/${name}/${file.name}/${algo}/${sum}/${file.name}`;
      if (objects.has(key)) return send(200, `File ${file.name} already exists\nFile: ${key} Size: ${objects.get(key)!.length}`);
      if (algo === 'md5') return send(406, 'Uploads with md5 are no longer allowed.');
      const content = Buffer.from(await file.arrayBuffer());
      const got = createHash(algo).update(content).digest('hex');
      if (got !== sum) return send(400, `${algo.toUpperCase()} check failed. Received ${got} instead of ${sum}.`);
      if (!state.dropUploads) objects.set(key, content);
      return send(200, `File ${file.name} size ${content.length} ${algo.toUpperCase()} ${sum} stored OK`);
    }
    const obj = req.method === 'GET' && req.path.startsWith('/repo/pkgs/') ? objects.get(decodeURIComponent(req.path.slice('/repo/pkgs'.length))) : undefined;
    if (!obj) return send(404, '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>', 'text/html');
    if (!state.serve) return void res.writeHead(200, { 'content-length': obj.length }).end(obj);
    res.writeHead(200);
    res.write(obj.subarray(0, 2));
    if (state.serve === 'chunked') res.end(obj.subarray(2));
  });
  /** The key an object of `pkg` is stored under (as the download path after /repo/pkgs). */
  const keyOf = (pkg: string, file: string, algo: string, hash: string) => `/${namespace ? `${namespace}/` : ''}${pkg}/${file}/${algo}/${hash}/${file}`;
  return { ...srv, base: `${srv.url}/repo/pkgs`, objects, state, keyOf };
}
