/**
 * The App as `npm start` runs it (Probot's `run` with src/app/index.ts's default export,
 * one process: webhooks and worker), from source: node --import tsx test/app/app-process.ts
 */
import { run } from 'probot';
import appFn from '../../src/app/index.js';

await run(appFn);
