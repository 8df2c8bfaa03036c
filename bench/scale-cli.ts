/** The distsync CLI from source, for the scale bench: node --import tsx bench/scale-cli.ts web */
import { main } from '../src/cli/main.js';

await main();
