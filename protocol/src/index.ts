/** Public surface of the protocol package that runs in both Node and the browser. */
export * from './catalogue/enums.js';
export * from './catalogue/fields.js';
export * from './catalogue/catalogue.js';
export * from './catalogue/messages.js';
export * from './catalogue/schema-hash.js';
export * from './wire/crc16.js';
export * from './wire/percent.js';
export * from './wire/codec.js';
export * from './wire/line-splitter.js';
export * from './util/clock.js';
export * from './util/emitter.js';
export * from './transport/transport.js';
export * from './transport/memory-pair.js';
export * from './pen/pen-link.js';
export * from './client/pen-client.js';
export * from './client/rtt-window.js';
export * from './client/seq-gap.js';
