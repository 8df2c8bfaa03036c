import { createVerify, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FakeState, FakeUser } from './state.js';

export type Caller = { kind: 'app' } | { kind: 'user'; user: FakeUser } | { kind: 'anonymous' } | { kind: 'bad'; why: string };

/** A new token for `login` (installation tokens belong to the App's bot). */
export function issueToken(s: FakeState, login: string, prefix = 'ghs_'): string {
  const token = `${prefix}${randomBytes(18).toString('hex')}`;
  s.tokens.set(token, login);
  return token;
}

/** An App JWT: RS256, signed by the App's key (checked when the public key is known), issued by the App id. */
function verifyJwt(jwt: string, appId: number, publicKey: string | undefined): string | undefined {
  const [h, p, sig] = jwt.split('.');
  if (!h || !p || !sig) return 'not a JWT';
  if (publicKey && !createVerify('RSA-SHA256').update(`${h}.${p}`).verify(publicKey, Buffer.from(sig, 'base64url'))) return 'JWT signature does not verify';
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { iss?: unknown };
  if (String(claims.iss) !== String(appId)) return `JWT issuer ${String(claims.iss)} is not App ${appId}`;
  return undefined;
}

/** Who sent a request: `token X` / `bearer X` (REST) or `basic base64(user:token)` (git). */
export function callerOf(req: IncomingMessage, s: FakeState, app: { id: number; publicKey?: string }): Caller {
  const h = req.headers['authorization'];
  if (!h) return { kind: 'anonymous' };
  const [scheme = '', value = ''] = h.split(' ');
  let token = value;
  if (scheme.toLowerCase() === 'basic') token = Buffer.from(value, 'base64').toString().split(':').slice(1).join(':');
  else if (scheme.toLowerCase() === 'bearer' && value.split('.').length === 3) {
    const why = verifyJwt(value, app.id, app.publicKey);
    return why ? { kind: 'bad', why } : { kind: 'app' };
  }
  const login = s.tokens.get(token);
  if (!login) return { kind: 'bad', why: 'Bad credentials' };
  return { kind: 'user', user: s.users.get(login.toLowerCase())! };
}
