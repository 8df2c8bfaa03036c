/**
 * Hide secrets in a line that is about to be logged or shown: every given
 * secret, `http[.<url>].extraHeader=<value>` config values, passwords or
 * tokens in URL userinfo (`https://x-access-token:TOKEN@host`), `Authorization:` header values,
 * GitHub tokens (`ghp_…`, `ghs_…`, …) and JWTs (`eyJ….….…`) wherever they appear.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  out = out.replace(/(http\.(?:[^\s=]*\.)?extraheader=)[^\n]*/gi, '$1***');
  out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, '$1***@');
  out = out.replace(/(x-access-token:)[^\s/@]+@/gi, '$1***@');
  out = out.replace(/\bgh[pousr]_[A-Za-z0-9_]{16,}/g, '***');
  out = out.replace(/(authorization:\s*)[^\n]*/gi, '$1***');
  out = out.replace(/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, '***');
  return out;
}
