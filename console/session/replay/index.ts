/** Recordings: list, load with summary, export, and replay through the PenClient. */
export * from './recording-reader.js';
export * from './tlm-columns.js';
export * from './load-recording.js';
export * from './replay-source.js';
export * from './replay-transport.js';
export * from './recordings.js';
export * from './recordings-service.js';
export * from './replay-target.js';
export * from './recording-schema.js';
export * from './replay-monitor.js';
export * from './recording-file.js';
export * from './recording-stream.js';
export * from './packed-lines.js';
export * from './recordings-worker-client.js';
export * from './mcap-export.js';
