export * from './client/index.js';
export { VERSION } from './version.js';
