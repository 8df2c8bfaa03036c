import type { Forge, RepoRef } from '../../forge/types.js';
import { CONFIG_FILE, SETTINGS_FILE, hasDeprecatedKey, loadDistsyncConfig, loadDistsyncFile, missingSettings, type ConfigResult } from '../config/load-distsync-config.js';

/**
 * The source-git repo's distsync config at `ref`: `.distro/distsync.yaml`, or
 * (deprecated, with a note) the `distsync:` key of `.distro/source-git.yaml`.
 * undefined when source-git.yaml is absent: not a source-git repo, the App
 * stays silent.
 */
export async function readConfig(forge: Forge, repo: RepoRef, ref?: string): Promise<ConfigResult | undefined> {
  const text = await forge.readFile(repo, CONFIG_FILE, ref);
  if (text === undefined) return undefined;
  if (hasDeprecatedKey(text)) return loadDistsyncConfig(text);
  const settings = await forge.readFile(repo, SETTINGS_FILE, ref);
  if (settings === undefined) return missingSettings();
  return loadDistsyncFile(settings);
}
