import { join } from 'node:path';

export interface AppEnv {
  dbFile: string;
  cacheDir: string;
  botLogin: string;
  gitBaseUrl: string;
  webBaseUrl: string;
}

/** The one place the App reads its environment (process.env unless given). */
export function readAppEnv(cwd: string, env: NodeJS.ProcessEnv = process.env): AppEnv {
  return {
    dbFile: env['DISTSYNC_DB'] ?? join(cwd, 'distsync.sqlite'),
    cacheDir: env['DISTSYNC_CACHE_DIR'] ?? join(cwd, '.distsync-cache'),
    botLogin: env['DISTSYNC_BOT_LOGIN'] ?? 'distsync[bot]',
    gitBaseUrl: env['DISTSYNC_GIT_URL'] ?? 'https://github.com',
    webBaseUrl: env['DISTSYNC_WEB_URL'] ?? 'https://github.com',
  };
}
