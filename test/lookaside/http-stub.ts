import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Handler = (req: Seen, res: ServerResponse) => void | Promise<void>;

/** An HTTP server on 127.0.0.1 (random port) that records every request with its whole body. */
export async function listen(handler: Handler): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      Promise.resolve(handler(s, res)).catch((e: unknown) => {
        res.statusCode = 599;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((ok, ko) => {
      server.closeAllConnections();
      server.close((e) => (e ? ko(e) : ok()));
    }),
  };
}

/** The multipart form of a request, parsed by undici as a server would. */
export async function parseForm(s: Seen): Promise<FormData> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(s.headers)) if (typeof v === 'string') headers.set(k, v);
  return new Request('http://x', { method: 'POST', headers, body: new Uint8Array(s.body) }).formData();
}

/** Form fields of a multipart request (files as `<file NAME: TEXT>`), for assertions. */
export async function formOf(s: Seen): Promise<Record<string, string>> {
  const form = await parseForm(s);
  const out: Record<string, string> = {};
  for (const [k, v] of form) out[k] = typeof v === 'string' ? v : `<file ${v.name}: ${await v.text()}>`;
  return out;
}
