import { DistsyncError } from '../core/errors.js';
import { rpmvercmp } from '../core/spec/rpmvercmp.js';
import type { Git } from '../git/index.js';

/** '{version}' templates ↔ tags: 'v{version}' ↔ 'v1.9.4', 'SUDO_{version}' with '_' for '.', 'jq-{version}'. */
export function tagForVersion(template: string, version: string): string {
  if (!template.includes('{version}')) {
    throw new DistsyncError('bad-config', `upstream_tag_template '${template}' has no {version}`, { file: '.distro/source-git.yaml', next: "use e.g. 'v{version}'" });
  }
  return template.replace('{version}', version);
}

/**
 * The version a tag names. An explicit template must match exactly; the
 * default '{version}' also takes the usual prefixes ('v1.9.4', 'jq-1.6',
 * 'zstd-1.5.2' → the part from the first digit).
 */
export function versionFromTag(template: string, tag: string): string | null {
  const [pre, post] = template.split('{version}') as [string, string];
  if (!tag.startsWith(pre) || !tag.endsWith(post) || tag.length <= pre.length + post.length) return null;
  let v = tag.slice(pre.length, tag.length - post.length);
  if (template === '{version}') v = v.replace(/^[A-Za-z][A-Za-z_-]*?[-_]?(?=\d)/, '');
  return /^[A-Za-z0-9._+~^-]+$/.test(v) ? v : null;
}

export interface UpstreamTarget { tag: string; version: string; sha: string }

/**
 * The tag to propose: --tag, else --version through the template, else the
 * newest tag newer than the spec's Version (rpm version order).
 */
export async function findUpstreamTag(git: Git, opts: { template: string; currentVersion: string; tag?: string; version?: string }): Promise<UpstreamTarget> {
  let tag = opts.tag;
  let version = opts.version;
  if (!tag && version && opts.template !== '{version}') tag = tagForVersion(opts.template, version);
  if (tag && !version) version = versionFromTag(opts.template, tag) ?? tag.replace(/^[^0-9]*/, '');
  if (!tag && version && opts.template === '{version}') tag = await firstExistingTag(git, [version, `v${version}`]);
  if (!tag) {
    const tags = (await git.run(['tag', '--list'])).stdout.split('\n').filter(Boolean);
    const candidates = tags
      .map((t) => ({ tag: t, version: versionFromTag(opts.template, t) }))
      .filter((c): c is { tag: string; version: string } => !!c.version && /^\d/.test(c.version) && !/(rc|alpha|beta|pre)/i.test(c.version))
      .filter((c) => rpmvercmp(c.version, opts.currentVersion) > 0)
      .sort((a, b) => rpmvercmp(b.version, a.version));
    if (!candidates[0]) {
      throw new DistsyncError('usage', `no upstream tag newer than ${opts.currentVersion} matches '${opts.template}'`, {
        next: 'fetch upstream tags (--upstream <git-url-or-dir>) or name one with --tag / --version',
      });
    }
    ({ tag, version } = candidates[0]);
  }
  if (!version || rpmvercmp(version, opts.currentVersion) <= 0) {
    throw new DistsyncError('usage', `version ${version ?? '?'} is not newer than the packaged ${opts.currentVersion}`, {
      next: 'pass a newer --version or --tag',
    });
  }
  const res = await git.run(['rev-parse', '--verify', '-q', `refs/tags/${tag}^{commit}`], { allowFail: true });
  if (res.code !== 0) {
    throw new DistsyncError('ref-not-found', `tag ${tag} is not in source-git`, { next: `fetch it: --upstream <git-url-or-dir>, or git -C <source-git> fetch <upstream> tag ${tag}` });
  }
  return { tag, version, sha: res.stdout.trim() };
}

async function firstExistingTag(git: Git, names: string[]): Promise<string> {
  for (const n of names) {
    const res = await git.run(['rev-parse', '--verify', '-q', `refs/tags/${n}`], { allowFail: true });
    if (res.code === 0) return n;
  }
  return names[0]!;
}
