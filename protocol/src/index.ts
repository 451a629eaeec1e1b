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
