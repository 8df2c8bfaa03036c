import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

/** Run the distsync CLI in-process with argv; its exit code and everything it printed. */
export async function runCliCaptured(argv: string[], opts: { cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  const code = await runCli(argv, { out, err, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  return { code, out: o, err: e };
}
