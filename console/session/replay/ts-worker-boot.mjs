// Starts a TypeScript worker entry in development (tsx, tests): Node's worker threads do not inherit
// tsx's loader, so the worker registers it before importing the entry named in workerData.entry.
// The Electron build bundles the entry to plain JavaScript instead and does not use this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
