/** Runs the distsync CLI from source (no build needed): node --import tsx test/scale/cli-entry.ts web|worker */
import { main } from '../../src/cli/main.js';

await main();
