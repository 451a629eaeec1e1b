/** Shared console code: the PenApi types, IPC channels, validators and the words for the pen's codes. No Node imports. */
export * from './pen-api.js';
export * from './validators.js';
export * from './channels.js';
export * from './explain.js';
