export type * from './representations.js';
