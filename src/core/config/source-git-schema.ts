import { z } from 'zod';
import { refNameProblem } from './git-ref-name.js';

/** Why a repo-relative path in the config is unsafe, or undefined. */
export function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'it is empty';
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'it contains a control character';
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return 'it is absolute; use a path relative to the repository';
  if (path.split('/').some((p) => p === '..')) return "it contains '..'";
  return undefined;
}

const refName = z.string().superRefine((v, ctx) => {
  const why = refNameProblem(v);
  if (why) ctx.addIssue({ code: 'custom', message: `expected a git ref name (tag, branch or commit), but ${why}` });
});

const relativePath = z.string().superRefine((v, ctx) => {
  const why = relativePathProblem(v);
  if (why) ctx.addIssue({ code: 'custom', message: `expected a relative path, but ${why}` });
});
export const relativePathSchema = relativePath;

const pathspec = relativePath.superRefine((v, ctx) => {
  if (/^[-:]/.test(v)) ctx.addIssue({ code: 'custom', message: "expected a plain path, not an option or ':(magic)' pathspec" });
});

/** A boolean; 'yes'/'no'/'on'/'off' too, which PyYAML (Packit) reads as booleans. */
const yamlBool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  if (/^(yes|on|true)$/i.test(v)) return true;
  if (/^(no|off|false)$/i.test(v)) return false;
  return v;
}, z.boolean());

const fileToSync = z.union([
  relativePath,
  z.strictObject({
    src: relativePath,
    dest: relativePath,
    delete: yamlBool.optional(),
    mkpath: yamlBool.optional(),
    filters: z.array(z.string()).optional(),
  }),
]);

/**
 * `.distro/source-git.yaml`: Packit's source-git keys with their defaults.
 * Packit's other keys (jobs, actions, srpm_build_deps, …) are kept as they
 * are; keys Packit does not know are refused (parseSourceGitConfig), except
 * `dist_git` and `distsync`, which older distsync wrote here: still read,
 * deprecated (they belong in `.distro/distsync.yaml`).
 */
export const sourceGitConfigSchema = z.looseObject({
  upstream_ref: refName,
  specfile_path: relativePath,
  downstream_package_name: z.string().regex(/^[A-Za-z0-9._+-]+$/, 'expected an rpm package name (letters, digits, . _ + -)'),
  upstream_project_url: z.string().optional(),
  upstream_tag_template: z.string().default('{version}'),
  patch_generation_ignore_paths: z.array(pathspec).default(['.distro']),
  patch_generation_patch_id_digits: z.number().int().min(0).max(9).default(4),
  sync_changelog: yamlBool.default(false),
  files_to_sync: z.array(fileToSync).default([]),
  dist_git: z
    .strictObject({
      layout: z.enum(['fedora', 'centos']).optional(),
      checksum_file: relativePath.optional(),
    })
    .optional(),
  distsync: z.looseObject({}).optional(),
});

export type FileToSync = string | { src: string; dest: string; delete?: boolean; mkpath?: boolean; filters?: string[] };

export interface SourceGitConfig {
  upstream_ref: string;
  specfile_path: string;
  downstream_package_name: string;
  upstream_project_url?: string;
  /** Default '{version}'. */
  upstream_tag_template: string;
  /** Default ['.distro']. */
  patch_generation_ignore_paths: string[];
  /** Default 4. */
  patch_generation_patch_id_digits: number;
  sync_changelog: boolean;
  files_to_sync: FileToSync[];
  /** Deprecated here: `.distro/distsync.yaml` `dist_git:`. */
  dist_git?: { layout?: 'fedora' | 'centos'; checksum_file?: string };
  /** Deprecated here: the App's settings, now `.distro/distsync.yaml`. */
  distsync?: Record<string, unknown>;
  /** Other (Packit) keys, kept as read. */
  [key: string]: unknown;
}

// the schema's output must fit the interface
const _fits = (c: z.output<typeof sourceGitConfigSchema>): SourceGitConfig => c;
void _fits;

/** A JSON Schema of the file (for editors and docs), generated from the zod schema. */
export function sourceGitConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(sourceGitConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
