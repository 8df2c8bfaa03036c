import type { Database } from 'better-sqlite3';
import type { LinkMethods } from './types.js';
import { mirroredCheckFromRow, prLinkFromRow, type MirroredCheckRow, type PrLinkRow } from './sqlite-rows.js';


/** Deliveries, PR links and mirrored checks on SQLite. */
export function sqliteLinks(db: Database): LinkMethods {
  const deliveries = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM deliveries WHERE received_at >= ?');
  const upsertLink = db.prepare(
    `INSERT INTO pr_links (source_repo, source_pr, dist_repo, dist_pr, dist_branch, head_repo, source_head_sha, dist_head_sha, check_run_id)
     VALUES (@sourceRepo, @sourcePr, @distRepo, @distPr, @distBranch, @headRepo, @sourceHeadSha, @distHeadSha, @checkRunId)
     ON CONFLICT (source_repo, source_pr) DO UPDATE SET dist_repo = excluded.dist_repo, dist_pr = excluded.dist_pr,
       dist_branch = excluded.dist_branch, head_repo = excluded.head_repo, source_head_sha = excluded.source_head_sha,
       dist_head_sha = excluded.dist_head_sha, check_run_id = excluded.check_run_id`,
  );
  const linkBySource = db.prepare<[string, number], PrLinkRow>('SELECT * FROM pr_links WHERE source_repo = ? AND source_pr = ?');
  const linkByDist = db.prepare<[string, number], PrLinkRow>('SELECT * FROM pr_links WHERE dist_repo = ? AND dist_pr = ?');
  const linkByBranch = db.prepare<[string, string], PrLinkRow>('SELECT * FROM pr_links WHERE dist_repo = ? AND dist_branch = ?');
  const linkByHead = db.prepare<[string, string, string], PrLinkRow>('SELECT * FROM pr_links WHERE dist_head_sha = ? AND (dist_repo = ? OR head_repo = ?) LIMIT 1');
  const upsertCheck = db.prepare(
    `INSERT INTO mirrored_checks (origin_key, source_head_sha, dist_repo, source_repo, source_pr, mirror_check_run_id, origin_check_run_id)
     VALUES (@originKey, @sourceHeadSha, @distRepo, @sourceRepo, @sourcePr, @mirrorCheckRunId, @originCheckRunId)
     ON CONFLICT (origin_key, source_head_sha) DO UPDATE SET mirror_check_run_id = excluded.mirror_check_run_id,
       origin_check_run_id = excluded.origin_check_run_id`,
  );
  const check = db.prepare<[string, string], MirroredCheckRow>(
    'SELECT * FROM mirrored_checks WHERE origin_key = ? AND source_head_sha = ?',
  );
  const checkByMirror = db.prepare<[number], MirroredCheckRow>('SELECT * FROM mirrored_checks WHERE mirror_check_run_id = ?');

  const upsertRoute = db.prepare(
    `INSERT INTO package_routes (source_repo, source_branch, dist_repo, dist_branch, installation_id)
     VALUES (@sourceRepo, @sourceBranch, @distRepo, @distBranch, @installationId)
     ON CONFLICT DO UPDATE SET installation_id = excluded.installation_id`,
  );
  const routes = db.prepare<[string, string], { source_repo: string; source_branch: string; dist_repo: string; dist_branch: string; installation_id: number }>(
    'SELECT * FROM package_routes WHERE dist_repo = ? AND dist_branch = ? ORDER BY source_repo, source_branch',
  );
  const routesBySource = db.prepare<[string], { source_repo: string; source_branch: string; dist_repo: string; dist_branch: string; installation_id: number }>(
    'SELECT * FROM package_routes WHERE source_repo = ? ORDER BY source_branch, dist_repo, dist_branch',
  );
  const routeOf = (r: { source_repo: string; source_branch: string; dist_repo: string; dist_branch: string; installation_id: number }) => ({
    sourceRepo: r.source_repo,
    sourceBranch: r.source_branch,
    distRepo: r.dist_repo,
    distBranch: r.dist_branch,
    installationId: r.installation_id,
  });

  return {
    savePackageRoute: async (r) => {
      upsertRoute.run(r);
    },
    getPackageRoutesByDist: async (repo, branch) => routes.all(repo, branch).map(routeOf),
    getPackageRoutesBySource: async (repo) => routesBySource.all(repo).map(routeOf),
    countDeliveries: async (since) => deliveries.get(since ?? Number.MIN_SAFE_INTEGER)?.n ?? 0,
    savePrLink: async (l) => {
      upsertLink.run({ ...l, checkRunId: l.checkRunId ?? null });
    },
    getPrLinkBySource: async (repo, pr) => {
      const r = linkBySource.get(repo, pr);
      return r ? prLinkFromRow(r) : undefined;
    },
    getPrLinkByDist: async (repo, pr) => {
      const r = linkByDist.get(repo, pr);
      return r ? prLinkFromRow(r) : undefined;
    },
    getPrLinkByDistBranch: async (repo, branch) => {
      const r = linkByBranch.get(repo, branch);
      return r ? prLinkFromRow(r) : undefined;
    },
    getPrLinkByDistHead: async (repo, sha) => {
      const r = linkByHead.get(sha, repo, repo);
      return r ? prLinkFromRow(r) : undefined;
    },
    saveMirroredCheck: async (m) => {
      upsertCheck.run({ ...m, originCheckRunId: m.originCheckRunId ?? null });
    },
    getMirroredCheck: async (key, sha) => {
      const r = check.get(key, sha);
      return r ? mirroredCheckFromRow(r) : undefined;
    },
    getMirroredCheckByMirrorId: async (id) => {
      const r = checkByMirror.get(id);
      return r ? mirroredCheckFromRow(r) : undefined;
    },
  };
}
