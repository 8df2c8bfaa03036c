import { spawn } from 'node:child_process';
import { toolEnv } from '../../git/host-env.js';
import { DistsyncError } from '../../core/errors.js';

export interface GitAuth {
  token: string;
}

export interface RunGitOptions {
  cwd: string;
  auth?: GitAuth;
  /** Extra `-c key=value` settings (tests map github.com to local repos with url.<base>.insteadOf). */
  config?: string[];
  log?: { debug(m: string): void };
}

const MAX_OUTPUT = 1_000_000;

/** Authorization header value for GitHub over HTTPS; the token travels in a header, never in a URL. */
export function authHeader(token: string): string {
  return `Authorization: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}

/** Replace every secret (token and its header form) in text meant for logs or users. */
export function redact(text: string, auth?: GitAuth): string {
  if (!auth?.token) return text;
  const secrets = [auth.token, Buffer.from(`x-access-token:${auth.token}`).toString('base64')];
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}


/** Run git with LANG=C, no prompts, output capped; errors and logs are redacted. */
export function runGit(args: string[], o: RunGitOptions): Promise<string> {
  const cfg = [...(o.config ?? []), ...(o.auth ? [`http.extraHeader=${authHeader(o.auth.token)}`] : [])];
  const full = [...cfg.flatMap((c) => ['-c', c]), ...args];
  o.log?.debug(redact(`git ${args.join(' ')}`, o.auth));
  return new Promise((resolve, reject) => {
    const child = spawn('git', full, {
      cwd: o.cwd,
      env: toolEnv({ GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      if (out.length < MAX_OUTPUT) out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < MAX_OUTPUT) err += d.toString();
    });
    child.on('error', (e) => reject(new DistsyncError('git-failed', `git could not start: ${e.message}`, { next: 'install git on the App host' })));
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      const stderr = redact(err.trim(), o.auth);
      const message = `git ${args[0] ?? ''} failed (exit ${code}): ${stderr.split('\n').slice(-3).join(' | ')}`;
      reject(new DistsyncError('git-failed', message, { next: 'check that the App is installed on the repository and may push to it; push again or comment `/distsync sync` to retry' }));
    });
  });
}
