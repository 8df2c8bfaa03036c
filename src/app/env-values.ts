import { DistsyncError } from '../core/errors.js';

/** A bad environment value: the message names the variable, what it wants, and how to get the default. */
export function badEnv(name: string, value: string, wants: string): DistsyncError {
  return new DistsyncError('usage', `${name}=${value}: must be ${wants}`, { next: `fix ${name} in the App's environment (unset it for the default; README, "The GitHub App")` });
}

/** A whole number in [min, max] from an environment variable. */
export function whole(name: string, value: string, min: number, unit: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw badEnv(name, value, `${unit}, at least ${min}${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ''} (unset it for the default)`);
  }
  return n;
}

/** GHE_HOST is a host name with an optional port (Probot builds `<GHE_PROTOCOL>://<GHE_HOST>/api/v3` from it), never a URL. */
export function gheBase(host: string | undefined, protocol: string | undefined): string | undefined {
  const proto = protocol === undefined || protocol === '' ? 'https' : protocol;
  if (proto !== 'https' && proto !== 'http') throw badEnv('GHE_PROTOCOL', proto, 'https or http');
  if (host === undefined || host === '') return undefined;
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) throw badEnv('GHE_HOST', host, 'a host name with an optional :port, like github.example.com (no https://, no path)');
  return `${proto}://${host}`;
}

/** An http(s) URL without a trailing slash (DISTSYNC_GIT_URL, DISTSYNC_WEB_URL). */
export function baseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badEnv(name, value, 'an http:// or https:// URL, like https://github.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badEnv(name, value, 'an http:// or https:// URL, like https://github.example.com');
  return value.replace(/\/+$/, '');
}
