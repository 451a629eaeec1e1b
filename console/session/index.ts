/** The console's session layer (Node, no Electron). */
export * from './pen-session.js';
export * from './recorder.js';
export * from './paths.js';
export * from './targets.js';
export * from './dispatch.js';
export * from './session-state.js';
export * from './commands.js';
export * from './session-store.js';
