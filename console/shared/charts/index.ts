/** Charts, summary and exports: pure, browser-safe code shared by the renderer and the session layer. */
export * from './types.js';
export * from './decimate.js';
export * from './minmax-stream.js';
export * from './telemetry-ring.js';
export * from './telemetry-store.js';
export * from './summary.js';
export * from './export.js';
export * from './row-context.js';
export * from './recordings-api.js';
