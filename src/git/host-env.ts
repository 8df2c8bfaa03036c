/**
 * The one place the adapters read the host environment. Child processes get
 * a copy of it (PATH, HOME, proxies…) with their own fixed settings on top.
 */
export function hostEnv(): NodeJS.ProcessEnv {
  return process.env;
}

/** Environment for the other tools (tar, patch, rpmbuild): the host's, with a fixed C locale. */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...hostEnv(), LANG: 'C', LC_ALL: 'C', ...extra };
}
