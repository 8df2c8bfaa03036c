import { createHash } from 'node:crypto';
import { signV4 } from '../../src/lookaside/sigv4.js';
import { listen, type Seen } from './http-stub.js';

export const S3_KEYS = { accessKeyId: 'AKIDTESTSTUB', secretAccessKey: 'stub/secret+key' };
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Why a request's SigV4 is not right, or undefined: shape, required headers, then the signature itself. */
function authProblem(req: Seen, region: string): string | undefined {
  const m = AUTH.exec(String(req.headers.authorization ?? ''));
  if (!m) return `bad Authorization shape: ${String(req.headers.authorization)}`;
  const [, key, day, reg, signed, signature] = m as unknown as string[];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) return `bad x-amz-date ${amzDate}`;
  const payload = String(req.headers['x-amz-content-sha256'] ?? '');
  if (!/^([0-9a-f]{64}|UNSIGNED-PAYLOAD)$/.test(payload)) return 'no x-amz-content-sha256';
  const names = signed!.split(';');
  if (!['host', 'x-amz-content-sha256', 'x-amz-date'].every((n) => names.includes(n))) return `signed headers ${signed}`;
  if (key !== S3_KEYS.accessKeyId || reg !== region) return 'wrong key or region';
  const headers: Record<string, string> = {};
  for (const n of names) if (n !== 'host' && n !== 'x-amz-date') headers[n] = String(req.headers[n]);
  const date = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const again = signV4({ method: req.method, url: new URL(`http://${String(req.headers.host)}${req.path}`), headers, payloadHash: payload, region, service: 's3', ...S3_KEYS, date });
  if (again.signature !== signature) return 'SignatureDoesNotMatch';
  if (payload !== 'UNSIGNED-PAYLOAD' && createHash('sha256').update(req.body).digest('hex') !== payload) return 'XAmzContentSHA256Mismatch';
  return undefined;
}

/** An S3-compatible bucket on 127.0.0.1 (path style, in memory) that checks every signature and honours If-None-Match: *. */
export async function startS3Stub(bucket: string, region = 'eu-test-1') {
  const objects = new Map<string, { body: Buffer; meta: Record<string, string> }>();
  /** Runs just before a PUT is handled: lets a test play a racing writer. */
  const state: { beforePut?: (key: string) => void } = {};
  const srv = await listen((req, res) => {
    const problem = authProblem(req, region);
    if (problem) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      return void res.end(`<Error><Code>AccessDenied</Code><Message>${problem}</Message></Error>`);
    }
    if (!req.path.startsWith(`/${bucket}/`)) return void res.writeHead(404, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>${req.path.split('/')[1]}</BucketName></Error>`);
    const key = decodeURIComponent(req.path.slice(bucket.length + 2));
    if (req.method === 'PUT') state.beforePut?.(key);
    const obj = objects.get(key);
    if (req.method === 'PUT') {
      if (req.headers['if-none-match'] === '*' && obj) return void res.writeHead(412).end('<Error><Code>PreconditionFailed</Code></Error>');
      const meta = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k, String(v)]));
      objects.set(key, { body: req.body, meta });
      return void res.writeHead(200, { etag: '"x"' }).end();
    }
    if (!obj) return void res.writeHead(404).end(req.method === 'HEAD' ? undefined : '<Error><Code>NoSuchKey</Code></Error>');
    res.writeHead(200, { 'content-length': obj.body.length, ...obj.meta });
    res.end(req.method === 'HEAD' ? undefined : obj.body);
  });
  return { ...srv, objects, state, region, bucket };
}
