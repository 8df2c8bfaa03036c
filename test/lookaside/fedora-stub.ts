import { createHash } from 'node:crypto';
import { listen, parseForm } from './http-stub.js';

/**
 * A dist-git lookaside on 127.0.0.1: downloads under /repo/pkgs/NAME/FILE/ALGO/HASH/FILE
 * (and the old md5 NAME/FILE/HASH/FILE), /repo/pkgs/upload.cgi speaking
 * Fedora's upload.cgi (a `filename` field makes it a check; otherwise `file`
 * is stored after its hash is checked). `failWith` answers every request;
 * `alwaysAvailable` makes every check say Available; `dropUploads` loses uploads;
 * `hang` never answers; `serve` sends downloads chunked (no length) or stalls mid-body.
 */
export async function startFedoraStub(opts: { requireAuth?: string } = {}) {
  const objects = new Map<string, Buffer>();
  const state: { failWith?: { status: number; body: string }; alwaysAvailable?: boolean; dropUploads?: boolean; hang?: boolean; serve?: 'chunked' | 'stall' } = {};
  const srv = await listen(async (req, res) => {
    const deny = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`${body}\n`);
    };
    if (state.hang) return;
    if (state.failWith) return deny(state.failWith.status, state.failWith.body);
    if (req.path === '/repo/pkgs/upload.cgi' && req.method === 'POST') {
      if (opts.requireAuth && req.headers.authorization !== opts.requireAuth) return deny(403, 'You must connect with a valid certificate and be in the packager group to upload.');
      const form = await parseForm(req);
      const text = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : undefined);
      const algo = ['sha512', 'sha256', 'sha1', 'md5'].find((a) => form.has(`${a}sum`));
      const pkg = text('name');
      if (!algo || !pkg) return deny(400, 'Required checksum is not present');
      const sum = text(`${algo}sum`);
      const filename = text('filename');
      if (filename !== undefined) {
        return deny(200, state.alwaysAvailable || objects.has(`/${pkg}/${filename}/${algo}/${sum}/${filename}`) ? 'Available' : 'Missing');
      }
      const file = form.get('file');
      if (file === null || typeof file === 'string') return deny(400, 'Required field "file" is not present.');
      const content = Buffer.from(await file.arrayBuffer());
      const got = createHash(algo).update(content).digest('hex');
      if (got !== sum) return deny(400, `${algo.toUpperCase()} check failed. Received ${got} instead of ${sum}.`);
      if (!state.dropUploads) objects.set(`/${pkg}/${file.name}/${algo}/${sum}/${file.name}`, content);
      return deny(200, `File ${file.name} size ${content.length} ${algo.toUpperCase()} ${sum} stored OK`);
    }
    const obj = req.method === 'GET' && req.path.startsWith('/repo/pkgs/') ? objects.get(decodeURIComponent(req.path.slice('/repo/pkgs'.length))) : undefined;
    if (!obj) return deny(404, 'Not Found');
    if (!state.serve) return void res.writeHead(200, { 'content-length': obj.length }).end(obj);
    res.writeHead(200);
    res.write(obj.subarray(0, 2));
    if (state.serve === 'chunked') res.end(obj.subarray(2));
  });
  return { ...srv, base: `${srv.url}/repo/pkgs`, objects, state };
}
