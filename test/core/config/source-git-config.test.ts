import { describe, expect, it } from 'vitest';
import { parseSourceGitConfig, renderSourceGitConfig, sourceGitConfigJsonSchema, sourceGitConfigSchema } from '../../../src/core/config/index.js';
import { DistsyncError } from '../../../src/core/errors.js';
import { thrown } from '../../helpers/thrown.js';

const MIN = 'upstream_ref: v1.9.3\nspecfile_path: .distro/lz4.spec\ndownstream_package_name: lz4\n';

function err(text: string): DistsyncError {
  try {
    parseSourceGitConfig(text, '.distro/source-git.yaml');
  } catch (e) {
    if (e instanceof DistsyncError) return e;
    throw e;
  }
  throw new Error(`no error for:\n${text}`);
}

describe('parseSourceGitConfig', () => {
  it('fills in the defaults', () => {
    expect(parseSourceGitConfig(MIN)).toEqual({
      upstream_ref: 'v1.9.3',
      specfile_path: '.distro/lz4.spec',
      downstream_package_name: 'lz4',
      upstream_tag_template: '{version}',
      patch_generation_ignore_paths: ['.distro'],
      patch_generation_patch_id_digits: 4,
      sync_changelog: false,
      files_to_sync: [],
    });
  });

  it('reads a Packit source-git config and keeps Packit keys it does not use', () => {
    const text = `# from a Packit source-git repo
upstream_project_url: https://github.com/madler/zlib
upstream_ref: v1.2.11
upstream_tag_template: v{version}
specfile_path: .distro/zlib.spec
downstream_package_name: zlib
patch_generation_ignore_paths: [.distro]
patch_generation_patch_id_digits: 1
sync_changelog: yes
files_to_sync:
  - .distro/zlib.spec
  - src: .distro/
    dest: .
    delete: true
    filters: ["- .gitignore", "- source-git.yaml"]
srpm_build_deps: [python3-pip]
jobs:
  - job: copr_build
    trigger: pull_request
    targets: [fedora-all]
actions:
  post-upstream-clone: "true"
dist_git:
  layout: centos
  checksum_file: .zlib.metadata
distsync:
  future_key: 1
`;
    const c = parseSourceGitConfig(text);
    expect(c).toMatchObject({
      upstream_ref: 'v1.2.11',
      upstream_tag_template: 'v{version}',
      patch_generation_patch_id_digits: 1,
      sync_changelog: true, // 'yes', as PyYAML (Packit) reads it
      dist_git: { layout: 'centos', checksum_file: '.zlib.metadata' },
      distsync: { future_key: 1 },
      srpm_build_deps: ['python3-pip'],
      actions: { 'post-upstream-clone': 'true' },
    });
    expect(c.files_to_sync).toEqual(['.distro/zlib.spec', { src: '.distro/', dest: '.', delete: true, filters: ['- .gitignore', '- source-git.yaml'] }]);
    expect((c.jobs as unknown[]).length).toBe(1);
  });

  it.each([
    // (syntax errors carry the line where yaml noticed them)
    ['YAML syntax error', `${MIN}files_to_sync: [a, b\nsync_changelog: true\n`, 5, /YAML syntax error: Flow sequence/],
    ['tab indentation', `${MIN}\tsync_changelog: true\n`, 4, /YAML syntax error: Tabs/],
    ['nested mapping', `${MIN}sync_changelog: true: x\n`, 4, /YAML syntax error/],
    ['unterminated string', `${MIN}upstream_tag_template: "v{version}\n`, 5, /YAML syntax error: Missing closing/],
    ['duplicate key', `${MIN}sync_changelog: true\nsync_changelog: false\n`, 5, /unique/i],
    ['wrong type', `${MIN}\npatch_generation_patch_id_digits: four\n`, 5, /^key patch_generation_patch_id_digits: expected number, got the string "four"/],
    ['not an int', `${MIN}patch_generation_patch_id_digits: 1.5\n`, 4, /expected int/],
    ['out of range', `${MIN}patch_generation_patch_id_digits: 12\n`, 4, /patch_generation_patch_id_digits/],
    ['missing key', 'upstream_ref: v1\nspecfile_path: x.spec\n', 1, /^key downstream_package_name: required, but missing/],
    ['bad list item', `${MIN}files_to_sync:\n  - a\n  - src: b\n    dest: 7\n`, 7, /^key files_to_sync\[1\]\.dest: expected string, got number 7/],
    ['unknown nested key', `${MIN}dist_git:\n  layout: centos\n  checksum-file: x\n`, 6, /^key dist_git\.checksum-file: unknown key/],
    ['enum', `${MIN}dist_git:\n  layout: flat\n`, 5, /expected one of "fedora", "centos", got the string "flat"/],
    ['number as ref', 'upstream_ref: 1.10\nspecfile_path: x.spec\ndownstream_package_name: x\n', 1, /quote it/],
    ['escaping specfile_path', 'upstream_ref: v1\nspecfile_path: ../../etc/x.spec\ndownstream_package_name: x\n', 2, /'\.\.'/],
    ['absolute ignore path', `${MIN}patch_generation_ignore_paths: [/etc]\n`, 4, /absolute/],
    ['pathspec magic', `${MIN}patch_generation_ignore_paths: [":(top)x"]\n`, 4, /pathspec/],
  ])('%s -> bad-config on line %i', (_name, text, line, message) => {
    const e = err(text);
    expect(e.code).toBe('bad-config');
    expect(e.file).toBe('.distro/source-git.yaml');
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.next).toBeTruthy();
  });

  it.each([['-x'], ['a..b'], ['a b'], ['x\u0001'], ['x.lock'], ['@'], ['a/.b'], ['x/'], ['a@{1}'], ['x~1'], ['x^'], ['x:y']])('upstream_ref %j is refused', (ref) => {
    const e = err(`upstream_ref: ${JSON.stringify(ref)}\nspecfile_path: x.spec\ndownstream_package_name: x\n`);
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/^key upstream_ref: expected a git ref name/);
  });

  it.each([['v1.9.3'], ['jq-1.6'], ['refs/tags/v1'], ['0123456789abcdef0123456789abcdef01234567'], ['release/1.x']])('upstream_ref %s is fine', (ref) => {
    expect(parseSourceGitConfig(`upstream_ref: ${ref}\nspecfile_path: x.spec\ndownstream_package_name: x\n`).upstream_ref).toBe(ref);
  });

  it('several problems are all named, the first one gives the line', () => {
    const e = err('upstream_ref: v1\nspecfile_path: 3\ndownstream_package_name: [x]\n');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/specfile_path/);
    expect(e.message).toMatch(/also \(line 3\): key downstream_package_name/);
  });

  it('the top level must be a mapping; empty files and several documents are refused', () => {
    expect(err('- a\n- b\n').message).toMatch(/top level must be a mapping/);
    expect(err('just a string\n').message).toMatch(/top level must be a mapping/);
    expect(err('').message).toMatch(/empty/);
    expect(err('# only a comment\n').message).toMatch(/empty/);
    expect(err(`${MIN}---\n${MIN}`).message).toMatch(/YAML syntax error/);
  });

  it('a billion-laughs alias bomb fails fast', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
      MIN,
    ].join('\n');
    const t0 = Date.now();
    const e = err(bomb);
    expect(e.code).toBe('bad-config');
    expect(e.message).toMatch(/alias/i);
  });

  it('a 10 MB file errors at once', () => {
    const big = `${MIN}junk: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    const t0 = Date.now();
    const e = err(big);
    expect(e.message).toMatch(/bytes/);
  });
});

describe('renderSourceGitConfig', () => {
  it('writes what init-source-git gives, with a comment header, and reads back', () => {
    const text = renderSourceGitConfig({
      upstream_ref: 'v1.9.3',
      specfile_path: '.distro/lz4.spec',
      downstream_package_name: 'lz4',
      sources: [{ path: 'lz4-1.9.3.tar.gz', url: 'https://example.org/lz4-1.9.3.tar.gz' }],
    });
    expect(text).toMatch(/^#/);
    expect(text).toContain('upstream_ref: v1.9.3\nspecfile_path: .distro/lz4.spec\ndownstream_package_name: lz4\nsources:\n');
    expect(parseSourceGitConfig(text)).toMatchObject({ upstream_ref: 'v1.9.3', patch_generation_patch_id_digits: 4 });
  });

  it("refuses distsync's own keys (they go in .distro/distsync.yaml) and keys Packit does not know", () => {
    const e = thrown(() => renderSourceGitConfig({ upstream_ref: 'v1', specfile_path: 'a.spec', downstream_package_name: 'a', dist_git: { layout: 'centos' } }));
    expect(e.message).toMatch(/dist_git is distsync's, not Packit's/);
    const unknown = err(`${MIN}merge_on_approval: true\n`);
    expect(unknown.line).toBe(4);
    expect(unknown.message).toMatch(/^key merge_on_approval: Packit does not know this key .*distsync\.yaml/);
  });

  it('quotes what YAML 1.1 would misread and keeps extra keys', () => {
    const input = {
      upstream_ref: '1.10',
      specfile_path: 'yes.spec',
      downstream_package_name: 'on',
      upstream_tag_template: 'no',
      files_to_sync: ['a', { src: '.', dest: 'NaN', delete: true }],
      jobs: [{ job: 'copr_build' }],
    };
    const back = parseSourceGitConfig(renderSourceGitConfig(input));
    expect(back).toMatchObject(input);
  });

  it('refuses to write an invalid config', () => {
    expect(() => renderSourceGitConfig({ upstream_ref: '-evil', specfile_path: 'x.spec', downstream_package_name: 'x' })).toThrow(DistsyncError);
  });

  it('the schema is exported (zod) and as JSON Schema', () => {
    expect(sourceGitConfigSchema.safeParse({ upstream_ref: 'v1', specfile_path: 'a.spec', downstream_package_name: 'a' }).success).toBe(true);
    const json = sourceGitConfigJsonSchema();
    expect(json.required).toEqual(['upstream_ref', 'specfile_path', 'downstream_package_name']);
    expect(Object.keys(json.properties as object)).toContain('patch_generation_patch_id_digits');
  });
});
