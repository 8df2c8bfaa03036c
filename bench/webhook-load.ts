/**
 * Webhook accept latency under load: signed pull_request.synchronize deliveries at a fixed
 * rate (open loop: a slow answer does not slow the sender) to the App's web process on
 * 127.0.0.1, over keep-alive connections. Bounded: RATE × SECONDS requests, and a hard stop
 * SECONDS + 30 s after the start.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  unanswered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  wallMs: number;
}

/** `bodies` are sent in turn (one body = one pull request sent again and again). */
export async function webhookLoad(o: { port: number; secret: string; bodies: string[]; rate: number; seconds: number; sockets: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.sockets });
  const signed = o.bodies.map((body) => ({ body, signature: `sha256=${createHmac('sha256', o.secret).update(body).digest('hex')}` }));
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  let sent = 0, non2xx = 0, errors = 0, answered = 0;
  const one = ({ body, signature }: { body: string; signature: string }) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: o.port,
          method: 'POST',
          path: '/api/github/webhooks',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-github-event': 'pull_request',
            'x-github-delivery': randomUUID(),
            'x-hub-signature-256': signature,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            answered++;
            if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - t0);
            else non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        answered++;
        resolve();
      });
      req.end(body);
    });
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  const deadline = start + (o.seconds + 30) * 1000;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * o.rate));
      while (sent < due) {
        inflight.push(one(signed[sent % signed.length]!));
        sent++;
      }
      if (sent >= total || performance.now() > deadline) return done();
      setTimeout(tick, 1);
    };
    tick();
  });
  const rest = Math.max(0, deadline - performance.now());
  await Promise.race([Promise.all(inflight), new Promise((r) => setTimeout(r, rest))]);
  const wallMs = performance.now() - start;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { sent, ok: latencies.length, non2xx, errors, unanswered: sent - answered, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: latencies[latencies.length - 1] ?? NaN, wallMs };
}
