/** Teaching content for the trainer (versioned data with sources) and the millimetre format it uses. */
export * from './teaching.js';
export { mm } from '../explain.js';
