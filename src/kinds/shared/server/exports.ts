/**
 * Whether a manifest is a Keycloak export: it names the `keycloakVersion` that wrote it. An export
 * declares what Keycloak owns (built-in flows, admin clients and their roles) as the exporting
 * version had it; where this server has it otherwise, realmform leaves it as it is and warns
 * (LiveObject.unmanaged). A hand-written manifest that asks to change those is an error.
 */
import type { ManifestView } from '../../kind.js';

export function isKeycloakExport(manifest: ManifestView): boolean {
  return typeof manifest.representation.keycloakVersion === 'string';
}
