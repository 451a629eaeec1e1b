/** Shared console code: the PenApi types, IPC channels, validators, the words for the pen's codes, conformance checks, safe display of wire text, area names and the push wire format. No Node imports. */
export * from './pen-api.js';
export * from './validators.js';
export * from './channels.js';
export * from './explain.js';
export * from './conformance.js';
export * from './visible-text.js';
export * from './area-name.js';
export * from './command-text.js';
export * from './push-wire.js';
export * from './eng-key.js';
