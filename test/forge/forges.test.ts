import { forgeContract } from './forge-contract.js';
import { forgejoHarness } from './forgejo-harness.js';
import { githubHarness } from './github-harness.js';
import { gitlabHarness } from './gitlab-harness.js';

/** One contract, three dist-git forges, each over a stateful fake of its API. */
forgeContract('GitHub', githubHarness);
forgeContract('Forgejo', forgejoHarness);
forgeContract('GitLab', gitlabHarness);
