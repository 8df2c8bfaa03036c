import type { Forge, RepoRef } from '../../forge/types.js';
import { CONFIG_FILE, loadDistsyncConfig, type ConfigResult } from '../config/load-distsync-config.js';

/** The source-git repo's distsync config at `ref`; undefined when the file is absent (the App then stays silent). */
export async function readConfig(forge: Forge, repo: RepoRef, ref?: string): Promise<ConfigResult | undefined> {
  const text = await forge.readFile(repo, CONFIG_FILE, ref);
  return text === undefined ? undefined : loadDistsyncConfig(text);
}
