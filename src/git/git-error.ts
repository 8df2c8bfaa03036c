import { DistsyncError } from '../core/errors.js';

/** The line of git's stderr that says what went wrong: the first fatal/error line, else the first line. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? '';
}

/** A failed git command as a DistsyncError: not-a-repo, ref-not-found or git-failed. */
export function gitError(args: readonly string[], cwd: string, code: number, stderr: string): DistsyncError {
  const cmd = args[0] ?? '';
  const line = firstErrorLine(stderr);
  const cause = new Error(`git ${cmd} exited with ${code}\n${stderr.trim()}`);
  if (/not a git repository/i.test(stderr)) {
    return new DistsyncError('not-a-repo', `${cwd} is not a git repository (git ${cmd}: ${line})`, {
      next: `check the path, or create the repository first (git init ${cwd} / git clone URL ${cwd})`,
      cause,
    });
  }
  if (/unknown revision|bad revision|Needed a single revision|bad object|invalid object name|not a valid object name/i.test(stderr)) {
    return new DistsyncError('ref-not-found', `git ${cmd} failed: ${line}`, {
      next: `check the ref name (git -C ${cwd} show-ref); fetch it if it lives in a remote (git -C ${cwd} fetch --tags)`,
      cause,
    });
  }
  return new DistsyncError('git-failed', `git ${cmd} failed: ${line || `exit code ${code}`}`, {
    next: `run the command by hand to see git's full output: git -C ${cwd} ${args.join(' ')}`.slice(0, 300),
    cause,
  });
}
