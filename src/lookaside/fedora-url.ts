import type { LookasideRef } from './types.js';

/** dist-git's default namespace (its `default_namespace = rpms`), as fedpkg's `lookaside_namespaced` uses it. */
export const DEFAULT_NAMESPACE = 'rpms';

const enc = encodeURIComponent;

/**
 * The name a dist-git lookaside files a package under: `NAMESPACE/NAME`
 * (upload.cgi prefixes its default namespace to a bare name the same way),
 * or NAME alone for a lookaside without namespaces.
 */
export function lookasideName(pkg: string, namespace: string): string {
  return namespace ? `${namespace}/${pkg}` : pkg;
}

/**
 * Download URLs of an object, in order: dist-git's NAME/FILE/HASHTYPE/HASH/FILE,
 * then (md5 only) the old NAME/FILE/HASH/FILE; NAME is `namespace/pkg`.
 */
export function downloadUrls(base: string, namespace: string, ref: LookasideRef): string[] {
  const b = `${base.replace(/\/+$/, '')}/${lookasideName(ref.pkg, namespace).split('/').map(enc).join('/')}`;
  const urls = [`${b}/${enc(ref.file)}/${ref.algo}/${ref.hash}/${enc(ref.file)}`];
  if (ref.algo === 'md5') urls.push(`${b}/${enc(ref.file)}/${ref.hash}/${enc(ref.file)}`);
  return urls;
}
