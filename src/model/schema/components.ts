import * as z from 'zod';
import type { ComponentExportRepresentation } from '../../representations/index.js';
import { definitions, int, multiMap, str, strict, stringMap } from './primitives.js';

// Annotated: a self-referencing schema needs an explicit type for TypeScript to infer it.
export const componentSchema: z.ZodType<ComponentExportRepresentation> = strict({
  id: str.optional(),
  name: str.optional(),
  providerId: str.optional(),
  subType: str.optional(),
  /** Child components by provider type (LDAP mappers under an LDAP provider, say). */
  get subComponents() {
    return z.record(z.string(), z.array(componentSchema)).optional();
  },
  config: multiMap.optional(),
}).register(definitions, { id: 'Component' });

/** Components by provider type, as exports write them: `{ "org.keycloak.keys.KeyProvider": [...] }`. */
export const componentsSchema = z.record(z.string(), z.array(componentSchema));

export const userFederationProviderSchema = strict({
  id: str.optional(),
  displayName: str.optional(),
  providerName: str.optional(),
  config: stringMap.optional(),
  priority: int.optional(),
  fullSyncPeriod: int.optional(),
  changedSyncPeriod: int.optional(),
  lastSync: int.optional(),
});

export const userFederationMapperSchema = strict({
  id: str.optional(),
  name: str.optional(),
  federationProviderDisplayName: str.optional(),
  federationMapperType: str.optional(),
  config: stringMap.optional(),
});
