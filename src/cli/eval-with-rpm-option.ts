import type { Command } from 'commander';
import { DistsyncError } from '../core/errors.js';
import type { CliContext } from './cli-context.js';

/** The commands that evaluate specs, where `--eval-with-rpm` means something. */
const EVALUATING = new Set(['init', 'update-dist-git', 'status', 'verify']);

export const EVAL_WITH_RPM_HELP =
  "let real rpm (rpmspec, inside a bubblewrap sandbox: no network, read-only tree, private /tmp and HOME, time/memory/output limits) evaluate the spec's %(…) and %{lua:…}, which distsync itself never runs; needs bwrap (apt-get/dnf install bubblewrap)";

/** Add the per-command `--eval-with-rpm`. */
export function evalWithRpmOption(cmd: Command): Command {
  return cmd.option('--eval-with-rpm', EVAL_WITH_RPM_HELP);
}

/**
 * Before an action: when `--eval-with-rpm` is given (globally or to the command), probe the
 * sandbox once (bwrap missing or unusable: a clear error, nothing runs) and hand it to the use case.
 */
export async function setUpEvalWithRpm(program: Command, action: Command, cli: CliContext): Promise<void> {
  if (!program.opts().evalWithRpm && !action.opts().evalWithRpm) return;
  if (!EVALUATING.has(action.name())) {
    throw new DistsyncError('usage', `--eval-with-rpm does not apply to ${action.name()}`, { next: `use it with ${[...EVALUATING].join(', ')}` });
  }
  const { probeSandbox } = await import('../rpm/probe-sandbox.js');
  cli.deps.rpmSandbox = await probeSandbox();
}
