/** The manifest layer: load, substitute, validate and merge realm manifests; no network. */
export {
  type Diagnostic,
  type DocumentPath,
  formatDiagnostic,
  formatPath,
  hasErrors,
  type SourceLocation,
} from './diagnostics.js';
export { compareManifestPaths } from './files.js';
export { type LoadOptions, type LoadResult, loadManifests, type RealmManifest } from './load.js';
export { manifestJsonSchema } from './schema/json-schema.js';
export { type RealmManifestDocument, realmDocumentSchema } from './schema/realm.js';
export { relaxedEnvNames } from './substitution/environment.js';
export {
  DEFAULT_SUBSTITUTION,
  escapeLiteral,
  type StringSubstitution,
  type SubstitutionSettings,
  substituteString,
  type VariableSources,
} from './variables.js';
