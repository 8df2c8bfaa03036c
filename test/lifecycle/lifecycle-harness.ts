import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { join } from 'node:path';
import { Probot, ProbotOctokit } from 'probot';
import { createMemoryLogger } from '../../src/core/log.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { createDistsyncApp, type DistsyncApp } from '../../src/app/create-app.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import type { ForgeHostsSetting } from '../../src/app/forge-hosts-file.js';
import { initSourceGit } from '../../src/sync/init-source-git.js';
import { updateDistGit } from '../../src/sync/update-dist-git.js';
import { updateSourceGit } from '../../src/sync/update-source-git.js';
import { proposeDownstream } from '../../src/sync/propose-downstream.js';
import { cloneUpstream, git, makeDistGit, makeLookaside } from '../helpers/corpus.js';
import type { RpmSandbox } from '../../src/rpm/index.js';
import { startFakeGithub, type FakeGithub } from '../fake-github/fake-github.js';
import type { Receiver } from '../fake-github/webhooks.js';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | boolean | Promise<void | boolean>;

export const SOURCE = 'acme/lz4';
export const DIST = 'acme/lz4-dist';
export const SECRET = 'lifecycle-webhook-secret';

/** alice pushes `branch` off origin/main of her clone `work`, one commit per [file, text, message], and opens a source-git PR (not yet settled). */
export async function pushAndOpenPr(lc: Lifecycle, work: string, branch: string, commits: [string, string, string][]): Promise<number> {
  const alice = lc.fake.as('alice');
  await alice.git(work, 'fetch', '-q', 'origin');
  await alice.git(work, 'checkout', '-q', '-B', branch, 'origin/main');
  for (const [file, text, message] of commits) {
    appendFileSync(join(work, file), text);
    await alice.git(work, 'add', file);
    await alice.git(work, 'commit', '-q', '-m', message);
  }
  await alice.git(work, 'push', '-q', '-f', 'origin', branch);
  return alice.openPull(SOURCE, { title: `PR ${branch}`, head: branch, base: 'main' }).number;
}

export interface Lifecycle {
  dir: string;
  fake: FakeGithub;
  probot: Probot;
  app: DistsyncApp;
  deps: AppDeps;
  store: Store;
  log: ReturnType<typeof createMemoryLogger>;
  lookaside: string;
  receiver: Receiver;
  /** The bare dist-git repository (on the fake GitHub, or on a fake Forgejo/GitLab). */
  distDir: string;
  /** Requests another fake forge (dist-git's) would refuse. */
  forgeProblems: () => string[];
  /** The HTTP handlers the App mounts beside Probot's webhooks (/healthz, /status, /forge-webhooks/<host>, …). */
  handlers: HttpHandler[];
  /** Deliver webhooks and run jobs until nothing is left (throws if the App keeps itself busy). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The App's settings the source-git repo starts with, merged into the `.distro/distsync.yaml` init wrote. */
export function appSettings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { dist_git: { repo: DIST, branches: { main: ['rawhide'] } }, packager: { name: 'Release Bot', email: 'release@example.org' }, ...extra };
}

/** Rewrite `.distro/distsync.yaml` in a checkout: `edit` gets and returns its parsed content. */
export function editSettings(checkout: string, edit: (doc: Record<string, any>) => Record<string, any>): void {
  const path = join(checkout, '.distro/distsync.yaml');
  const doc = (existsSync(path) ? parse(readFileSync(path, 'utf8')) ?? {} : {}) as Record<string, any>;
  writeFileSync(path, stringify(edit(doc)));
}

/** How a lifecycle's package differs from the corpus lz4: a dist-git edit before init, and the sandbox initSourceGit evaluates its `%(…)` in (the App gets one through lc.deps.rpmSandbox). */
export interface LifecyclePackage {
  /** Changes the dist-git checkout (committed afterwards) before source-git is made from it. */
  editDistGit?: (distGit: string) => void;
  rpmSandbox?: RpmSandbox;
}

/**
 * Real lz4 1.9.3 (dist-git from the corpus, source-git made by initSourceGit) published on a
 * fake GitHub, and the real distsync App (Probot, handlers, worker, SQLite store, real engine)
 * talking to it over HTTP: REST at fake.apiUrl, git at fake.url, webhooks signed.
 */
export async function startLifecycle(dir: string, extraSettings: Record<string, unknown> = {}, distElsewhere?: (distGit: string) => DistElsewhere, pkg: LifecyclePackage = {}): Promise<Lifecycle> {
  const distGit = makeDistGit(dir, 'lz4');
  if (pkg.editDistGit) {
    pkg.editDistGit(distGit);
    git(distGit, 'add', '-A');
    git(distGit, 'commit', '-q', '-m', 'edit the package for this test');
  }
  const lookaside = makeLookaside(dir, 'lz4');
  const sourceGit = cloneUpstream(dir, 'lz4', 'v1.9.3');
  await initSourceGit({ log: createMemoryLogger(), ...(pkg.rpmSandbox ? { rpmSandbox: pkg.rpmSandbox } : {}) }, { upstreamRef: 'v1.9.3', sourceGitDir: sourceGit, distGitDir: distGit, lookasideDir: lookaside });
  const configPath = join(sourceGit, '.distro/source-git.yaml');
  writeFileSync(configPath, `${readFileSync(configPath, 'utf8').replace(/^upstream_tag_template:.*\n/m, '')}upstream_tag_template: v{version}\n`);
  const settings = appSettings(extraSettings);
  editSettings(sourceGit, (doc) => ({ ...doc, ...settings, dist_git: { ...doc['dist_git'], ...(settings['dist_git'] as object) } }));
  git(sourceGit, 'add', '-A');
  git(sourceGit, 'commit', '-q', '-m', 'distsync: configure the App');
  const dist = distElsewhere?.(distGit);
  return startAppOnFake(dir, { sourceGit, distGit, lookaside, ...(dist ? { dist } : {}) });
}

/** Dist-git on another forge (a fake Forgejo or GitLab): the hosts the App is given, its bare repo, its fake's problems. */
export interface DistElsewhere {
  forgeHosts: ForgeHostsSetting;
  distDir: string;
  problems: () => string[];
  /** Sends the webhooks the forge raised since (to the URLs a test registered there): how many. */
  deliver?: () => Promise<number>;
}

/**
 * A source-git (branch main, configured for the App) and a dist-git published on a new fake
 * GitHub as SOURCE and DIST (branch rawhide), and the real App on it.
 */
export async function startAppOnFake(dir: string, o: { sourceGit: string; distGit: string; lookaside: string; dist?: DistElsewhere }): Promise<Lifecycle> {
  const { sourceGit, distGit, lookaside } = o;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const fake = await startFakeGithub({ dir: join(dir, 'github'), appId: 7, appSlug: 'distsync', appPublicKey: keys.publicKey, secret: SECRET });
  fake.createRepo(SOURCE, { from: sourceGit, defaultBranch: 'main', collaborators: { alice: 'write', bob: 'maintain' } });
  if (!o.dist) fake.createRepo(DIST, { from: distGit, defaultBranch: 'rawhide', collaborators: { bob: 'admin' } });

  const log = createMemoryLogger();
  const store = openSqliteStore(join(dir, 'state.sqlite'));
  const deps: AppDeps = {
    store,
    log,
    now: Date.now,
    botLogin: fake.botLogin,
    webBaseUrl: fake.url,
    workspace: { cacheDir: join(dir, 'cache'), gitBaseUrl: fake.url },
    engine: { updateDistGit, updateSourceGit, proposeDownstream },
    lookasideDir: lookaside,
    ...(o.dist ? { forgeHosts: o.dist.forgeHosts } : {}),
  };
  const probot = new Probot({
    appId: 7,
    privateKey: keys.privateKey,
    secret: SECRET,
    baseUrl: fake.apiUrl,
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  const app = createDistsyncApp(deps, { startWorker: false });
  const handlers: HttpHandler[] = [];
  await probot.load(app.appFn, { cwd: dir, addHandler: (h: HttpHandler) => handlers.push(h) });
  const receiver: Receiver = (d) => probot.webhooks.verifyAndReceive({ id: d.id, name: d.name as 'push', payload: d.body, signature: d.signature });

  return {
    dir,
    fake,
    probot,
    app,
    deps,
    store,
    log,
    lookaside,
    receiver,
    handlers,
    distDir: o.dist?.distDir ?? fake.state.repos.get(DIST)!.dir,
    forgeProblems: o.dist?.problems ?? (() => []),
    settle: async () => {
      for (let round = 0; round < 40; round += 1) {
        const sent = (await fake.deliver(receiver)).length + ((await o.dist?.deliver?.()) ?? 0);
        let ran = false;
        while (await app.worker().runOnce()) ran = true;
        if (sent === 0 && !ran) return;
      }
      throw new Error(`the App never settled: still ${fake.webhooks.pending.length} webhook(s) pending after 40 rounds`);
    },
    close: async () => {
      await fake.close();
      await store.close();
    },
  };
}
