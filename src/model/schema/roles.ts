import * as z from 'zod';
import { bool, column, definitions, multiMap, str, strict, strings } from './primitives.js';

export const roleSchema = strict({
  id: str.optional(),
  name: column,
  description: column.optional(),
  /** Deprecated since Keycloak 2; still found in old exports. */
  scopeParamRequired: bool.optional(),
  composite: bool.optional(),
  composites: strict({
    realm: strings.optional(),
    client: z.record(z.string(), strings).optional(),
  }).optional(),
  clientRole: bool.optional(),
  containerId: str.optional(),
  attributes: multiMap.optional(),
}).register(definitions, { id: 'Role' });

export const rolesSchema = strict({
  realm: z.array(roleSchema).optional(),
  /** Client roles by clientId. */
  client: z.record(z.string(), z.array(roleSchema)).optional(),
});
