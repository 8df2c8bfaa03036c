import type { Pool } from 'pg';
import type { LinkMethods } from './types.js';
import { mirroredCheckFromRow, prLinkFromRow, type MirroredCheckRow, type PrLinkRow } from './sqlite-rows.js';


interface RouteRow {
  source_repo: string;
  source_branch: string;
  dist_repo: string;
  dist_branch: string;
  installation_id: number;
}

/** Deliveries count, PR links, mirrored checks and package routes on PostgreSQL (same rows as SQLite). */
export function pgLinks(pool: Pool): LinkMethods {
  const one = async <R extends object>(sql: string, args: unknown[]): Promise<R | undefined> => (await pool.query<R>(sql, args)).rows[0];
  return {
    countDeliveries: async (since) => (await one<{ n: number }>('SELECT COUNT(*)::int AS n FROM deliveries WHERE ($1::bigint IS NULL OR received_at >= $1)', [since ?? null]))?.n ?? 0,
    savePrLink: async (l) => {
      await pool.query(
        `INSERT INTO pr_links (source_repo, source_pr, dist_repo, dist_pr, dist_branch, head_repo, source_head_sha, dist_head_sha, check_run_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (source_repo, source_pr) DO UPDATE SET dist_repo = EXCLUDED.dist_repo, dist_pr = EXCLUDED.dist_pr,
           dist_branch = EXCLUDED.dist_branch, head_repo = EXCLUDED.head_repo, source_head_sha = EXCLUDED.source_head_sha,
           dist_head_sha = EXCLUDED.dist_head_sha, check_run_id = EXCLUDED.check_run_id`,
        [l.sourceRepo, l.sourcePr, l.distRepo, l.distPr, l.distBranch, l.headRepo, l.sourceHeadSha, l.distHeadSha, l.checkRunId ?? null],
      );
    },
    getPrLinkBySource: async (repo, pr) => {
      const r = await one<PrLinkRow>('SELECT * FROM pr_links WHERE source_repo = $1 AND source_pr = $2', [repo, pr]);
      return r ? prLinkFromRow(r) : undefined;
    },
    getPrLinkByDist: async (repo, pr) => {
      const r = await one<PrLinkRow>('SELECT * FROM pr_links WHERE dist_repo = $1 AND dist_pr = $2', [repo, pr]);
      return r ? prLinkFromRow(r) : undefined;
    },
    getPrLinkByDistBranch: async (repo, branch) => {
      const r = await one<PrLinkRow>('SELECT * FROM pr_links WHERE dist_repo = $1 AND dist_branch = $2 LIMIT 1', [repo, branch]);
      return r ? prLinkFromRow(r) : undefined;
    },
    getPrLinkByDistHead: async (repo, sha) => {
      const r = await one<PrLinkRow>('SELECT * FROM pr_links WHERE dist_head_sha = $1 AND (dist_repo = $2 OR head_repo = $2) LIMIT 1', [sha, repo]);
      return r ? prLinkFromRow(r) : undefined;
    },
    saveMirroredCheck: async (m) => {
      await pool.query(
        `INSERT INTO mirrored_checks (origin_key, source_head_sha, dist_repo, source_repo, source_pr, mirror_check_run_id, origin_check_run_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (origin_key, source_head_sha) DO UPDATE SET mirror_check_run_id = EXCLUDED.mirror_check_run_id,
           origin_check_run_id = EXCLUDED.origin_check_run_id`,
        [m.originKey, m.sourceHeadSha, m.distRepo, m.sourceRepo, m.sourcePr, m.mirrorCheckRunId, m.originCheckRunId ?? null],
      );
    },
    getMirroredCheck: async (key, sha) => {
      const r = await one<MirroredCheckRow>('SELECT * FROM mirrored_checks WHERE origin_key = $1 AND source_head_sha = $2', [key, sha]);
      return r ? mirroredCheckFromRow(r) : undefined;
    },
    getMirroredCheckByMirrorId: async (id) => {
      const r = await one<MirroredCheckRow>('SELECT * FROM mirrored_checks WHERE mirror_check_run_id = $1', [id]);
      return r ? mirroredCheckFromRow(r) : undefined;
    },
    savePackageRoute: async (r) => {
      await pool.query(
        `INSERT INTO package_routes (source_repo, source_branch, dist_repo, dist_branch, installation_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (dist_repo, dist_branch, source_repo, source_branch) DO UPDATE SET installation_id = EXCLUDED.installation_id`,
        [r.sourceRepo, r.sourceBranch, r.distRepo, r.distBranch, r.installationId],
      );
    },
    getPackageRoutesByDist: async (repo, branch) => {
      const { rows } = await pool.query<RouteRow>(
        'SELECT * FROM package_routes WHERE dist_repo = $1 AND dist_branch = $2 ORDER BY source_repo, source_branch',
        [repo, branch],
      );
      return rows.map(routeOf);
    },
    getPackageRoutesBySource: async (repo) => {
      const { rows } = await pool.query<RouteRow>('SELECT * FROM package_routes WHERE source_repo = $1 ORDER BY source_branch, dist_repo, dist_branch', [repo]);
      return rows.map(routeOf);
    },
  };
}

function routeOf(r: RouteRow) {
  return { sourceRepo: r.source_repo, sourceBranch: r.source_branch, distRepo: r.dist_repo, distBranch: r.dist_branch, installationId: r.installation_id };
}
