import { createGit } from './index.js';
import { redact as redactSecrets } from './redact.js';
import { DistsyncError } from '../core/errors.js';

export interface GitAuth {
  token: string;
  /** Basic-auth user sent with the token (GitHub: x-access-token; Forgejo/GitLab: the bot user). */
  user?: string;
}

export interface RunGitOptions {
  cwd: string;
  auth?: GitAuth;
  /** Extra `-c key=value` settings (tests map github.com to local repos with url.<base>.insteadOf). */
  config?: string[];
  log?: { debug(m: string): void };
}

/** Authorization header value for git over HTTPS (basic, `user:token`); the token travels in a header, never in a URL. */
export function authHeader(token: string, user = 'x-access-token'): string {
  return `Authorization: basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

/** The App's secrets: the token and its header form. */
function authSecrets(auth?: GitAuth): string[] {
  return auth?.token ? [auth.token, Buffer.from(`${auth.user ?? 'x-access-token'}:${auth.token}`).toString('base64')] : [];
}

/** Replace every secret (token and its header form) in text meant for logs or users: src/git's one redact. */
export function redact(text: string, auth?: GitAuth): string {
  return redactSecrets(text, authSecrets(auth));
}


/** Run git for the App through the one git choke point (src/git): token in a header, redacted everywhere. */
export async function runGit(args: string[], o: RunGitOptions): Promise<string> {
  const res = await runGitResult(args, o);
  if (res.code === 0) return res.stdout;
  const message = `git ${args[0] ?? ''} failed (exit ${res.code}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  throw new DistsyncError('git-failed', message, {
    next: 'check that the App is installed on the repository and may push to it; push again or comment `/distsync sync` to retry',
  });
}

/** As runGit, but a failure is returned (exit code, stdout, stderr with the secrets redacted) for the caller to read. */
export async function runGitResult(args: string[], o: RunGitOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  const secrets = authSecrets(o.auth);
  const config = [...(o.config ?? []), ...(o.auth ? [`http.extraHeader=${authHeader(o.auth.token, o.auth.user)}`] : [])];
  const git = createGit(o.cwd, { secrets, config, ...(o.log ? { log: o.log } : {}) });
  const res = await git.run(args, { allowFail: true, env: { GIT_ASKPASS: 'true' } });
  return { code: res.code, stdout: res.stdout, stderr: redact(res.stderr, o.auth) };
}
