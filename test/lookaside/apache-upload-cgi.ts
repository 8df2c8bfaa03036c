import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/free-port.js';
import { join } from 'node:path';

const APACHE = ['/usr/sbin/apache2', '/usr/sbin/httpd'].find((p) => existsSync(p));
const MODULES = ['/usr/lib/apache2/modules', '/usr/lib64/httpd/modules'].find((p) => existsSync(p));

/**
 * Why dist-git's real upload.cgi cannot run here (undefined: it can). The CGI is GPL code of
 * release-engineering/dist-git and is not in this repository: DISTSYNC_UPLOAD_CGI must point at
 * a copy (dist-git/scripts/httpd/upload.cgi); this never downloads it.
 */
export function uploadCgiMissing(cgi: string | undefined): string | undefined {
  if (!cgi) return 'DISTSYNC_UPLOAD_CGI is not set (git clone https://github.com/release-engineering/dist-git, then DISTSYNC_UPLOAD_CGI=$PWD/dist-git/dist-git/scripts/httpd/upload.cgi)';
  if (!existsSync(cgi)) return `DISTSYNC_UPLOAD_CGI=${cgi} does not exist`;
  if (!APACHE || !MODULES) return 'Apache is not installed (sudo apt-get install -y apache2-bin)';
  if (!existsSync('/usr/bin/python3')) return 'the CGI needs /usr/bin/python3';
  return undefined;
}


export interface DistGitLookaside {
  /** http://127.0.0.1:PORT/repo/pkgs — the CGI at …/upload.cgi, files under …/rpms/NAME/… */
  base: string;
  /** The same CGI with dist-git's packager group check on (nobody is in it: 403). */
  lockedBase: string;
  /** Where the CGI stores files (lookaside_dir). */
  lookasideDir: string;
  stop(): Promise<void>;
}

/**
 * Apache (prefork, mod_cgi) on 127.0.0.1 serving dist-git's upload.cgi at /repo/pkgs/upload.cgi
 * and the lookaside at /repo/ (as dist-git's lookaside-upload.conf does), with a dist-git.conf
 * of `default_namespace = rpms`, `nomd5 = True`, messaging off, and the packages `modules` as
 * repositories under gitroot_dir. A second port has the packager group check on.
 */
export async function startDistGitLookaside(dir: string, cgi: string, modules: string[]): Promise<DistGitLookaside> {
  const [port, lockedPort] = [await freePort(), await freePort()];
  chmodSync(dir, 0o755);
  const lookasideDir = join(dir, 'lookaside', 'pkgs');
  for (const m of modules) mkdirSync(join(dir, 'git', 'rpms', `${m}.git`), { recursive: true });
  mkdirSync(lookasideDir, { recursive: true });
  chmodSync(lookasideDir, 0o777);
  copyFileSync(cgi, join(dir, 'upload.cgi'));
  chmodSync(join(dir, 'upload.cgi'), 0o755);
  const conf = (groupCheck: boolean) =>
    ['[dist-git]', `lookaside_dir = ${lookasideDir}`, `gitroot_dir = ${join(dir, 'git')}`, 'default_namespace = rpms', '', '[upload]', 'fedmsgs = False', 'fedora_messaging = False', 'old_paths = True', 'nomd5 = True', `disable_group_check = ${groupCheck ? 'False' : 'True'}`, ''].join('\n');
  writeFileSync(join(dir, 'dist-git.conf'), conf(false));
  writeFileSync(join(dir, 'dist-git-locked.conf'), conf(true));
  const vhost = (p: number, config: string) => [
    `<VirtualHost 127.0.0.1:${p}>`,
    '  ScriptAlias /repo/pkgs/upload.cgi ' + join(dir, 'upload.cgi'),
    `  Alias /repo/ ${join(dir, 'lookaside')}/`,
    `  SetEnv DISTGIT_CONFIG ${config}`,
    '</VirtualHost>',
  ];
  const httpd = [
    `ServerRoot ${dir}`,
    `PidFile ${join(dir, 'httpd.pid')}`,
    `ErrorLog ${join(dir, 'error.log')}`,
    'LogLevel warn',
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${port}`,
    `Listen 127.0.0.1:${lockedPort}`,
    ...['mpm_prefork', 'authz_core', 'alias', 'cgi', 'env'].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
    'User nobody',
    'Group nogroup',
    'StartServers 1',
    'MinSpareServers 1',
    'MaxSpareServers 2',
    `<Directory ${dir}>`,
    '  Options +ExecCGI',
    '  Require all granted',
    '</Directory>',
    ...vhost(port, join(dir, 'dist-git.conf')),
    ...vhost(lockedPort, join(dir, 'dist-git-locked.conf')),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'httpd.conf'), httpd);
  // Its own process group: on SIGTERM Apache signals its whole group, which must not be ours.
  const proc: ChildProcess = spawn(APACHE!, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let out = '';
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}/repo/pkgs`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/`).then(() => true, () => false);
    if (up) break;
    if (i > 100 || proc.exitCode !== null) {
      const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
      throw new Error(`apache did not start: ${out}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    lockedBase: `http://127.0.0.1:${lockedPort}/repo/pkgs`,
    lookasideDir,
    stop: () =>
      new Promise((ok) => {
        if (proc.exitCode !== null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
      }),
  };
}
