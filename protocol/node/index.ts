/** Node-only parts of the protocol package: serial transports, port discovery, pty pairs. */
export * from './serial-transport.js';
export * from './loop-read-binding.js';
export * from './port-list.js';
export * from './pty-pair.js';
export * from './eng-auth.js';
