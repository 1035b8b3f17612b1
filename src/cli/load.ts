import { formatDiagnostic, hasErrors, loadManifests, type RealmManifest } from '../model/index.js';
import { UserError } from './user-error.js';

/** Loads and validates manifests; any error stops the command before a request is sent. */
export async function loadOrFail(
  paths: readonly string[],
  realmFilter?: readonly string[],
): Promise<RealmManifest[]> {
  if (paths.length === 0) throw new UserError('No manifest paths given');
  const result = await loadManifests([...paths]);
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
