/** Keycloak's JSON representations: one source for the client and the manifest (src/representations). */
export type * from '../../representations/index.js';
