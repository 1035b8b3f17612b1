import { formatDiagnostic, hasErrors, loadManifests, type RealmManifest } from '../model/index.js';
import { expandLocations } from './file-locations.js';
import { runSettings, springProperties } from './run-settings.js';
import { UserError } from './user-error.js';

/**
 * Loads and validates manifests; any error stops the command before a request is sent. Without
 * paths, keycloak-config-cli's `IMPORT_FILES_LOCATIONS` says where they are; its
 * `IMPORT_VARSUBSTITUTION_*` settings govern variables.
 */
export async function loadOrFail(
  paths: readonly string[],
  realmFilter?: readonly string[],
): Promise<RealmManifest[]> {
  const settings = runSettings('import');
  const { locations, excludes, includeHiddenFiles } = settings.files;
  const given =
    paths.length > 0
      ? paths
      : expandLocations(locations ?? [], { excludes, includeHiddenFiles, cwd: process.cwd() });
  if (given.length === 0)
    throw new UserError('No manifest paths given: pass them, or set IMPORT_FILES_LOCATIONS');
  const result = await loadManifests([...given], {
    substitution: settings.substitution,
    property: springProperties(),
  });
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
  if (hasErrors(result.diagnostics)) {
    const count = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new UserError(`${count} error(s) in the manifests; nothing was planned or applied`);
  }
  const realms = realmFilter?.length
    ? result.realms.filter((realm) => realmFilter.includes(realm.realm))
    : result.realms;
  if (realms.length === 0) throw new UserError('The manifests declare no realm (or none matches --realm)');
  return realms;
}
