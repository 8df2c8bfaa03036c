import type { Command } from 'commander';
import { DistsyncError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';

/** `distsync migrate-store --from sqlite:PATH --to postgres://…`: move the App's state from the SQLite default to PostgreSQL. */
export function registerMigrateStore(program: Command, cli: CliContext): void {
  program
    .command('migrate-store')
    .description('copy the App state (deliveries, jobs, PR links, mirrored checks, routes) from SQLite into an empty PostgreSQL database; stop the App first')
    .requiredOption('--from <sqlite:PATH>', 'the SQLite store, e.g. sqlite:/var/lib/distsync/distsync.sqlite')
    .requiredOption('--to <postgres://…>', 'the PostgreSQL database (migrations are applied)')
    .action(async (o: { from: string; to: string }) => {
      if (!o.from.startsWith('sqlite:')) throw new DistsyncError('usage', `--from must be sqlite:PATH (got "${o.from}")`, { next: 'distsync migrate-store --from sqlite:./distsync.sqlite --to postgres://…' });
      if (!/^postgres(ql)?:\/\//.test(o.to)) throw new DistsyncError('usage', '--to must be a postgres:// URL', { next: 'distsync migrate-store --from sqlite:./distsync.sqlite --to postgres://user@host/db' });
      const { importSqliteIntoPg } = await import('../../store/pg-import-sqlite.js');
      const counts = await importSqliteIntoPg(o.from.slice('sqlite:'.length), o.to);
      cli.print(counts, () => [
        `copied ${counts.deliveries} deliveries, ${counts.jobs} jobs, ${counts.prLinks} PR links, ${counts.mirroredChecks} mirrored checks, ${counts.packageRoutes} package routes`,
        'next: start `distsync web` and `distsync worker` with DATABASE_URL set to the same URL',
      ]);
    });
}
