/**
 * `upstream_tag_template` from the upstream ref init starts from and the
 * spec's Version: the ref with the version replaced by `{version}`
 * (`jq-1.6` → `jq-{version}`, `v1.9.3` → `v{version}`, `1.2.11` →
 * `{version}`). undefined when the ref does not contain the version (a
 * commit, `zlib-1_2_11`): the default then applies.
 */
export function inferTagTemplate(ref: string, version: string): string | undefined {
  if (version === '' || /[{}]/.test(ref)) return undefined;
  const at = ref.lastIndexOf(version);
  if (at < 0) return undefined;
  const before = ref.slice(0, at);
  const after = ref.slice(at + version.length);
  // the version must stand alone: 'v1.9.30' does not name 1.9.3, nor 'x11.2' 1.2
  if (/[0-9]$/.test(before) || /^[0-9.]/.test(after.replace(/^\.(?=[A-Za-z])/, ''))) return undefined;
  return `${before}{version}${after}`;
}
