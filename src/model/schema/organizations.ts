import * as z from 'zod';
import { identityProviderSchema } from './identity-providers.js';
import { bool, definitions, multiMap, str, strict } from './primitives.js';
import { userShape } from './users.js';

export const organizationSchema = strict({
  id: str.optional(),
  /** One of name and alias is needed; Keycloak derives the alias from the name, and files that add members refer by alias. */
  name: str.optional(),
  alias: str.optional(),
  enabled: bool.optional(),
  description: str.optional(),
  redirectUrl: str.optional(),
  attributes: multiMap.optional(),
  domains: z.array(strict({ name: str, verified: bool.optional() })).optional(),
  /** Members are users (by username) plus how they joined. */
  members: z
    .array(strict({ ...userShape, membershipType: z.enum(['MANAGED', 'UNMANAGED']).optional() }))
    .optional(),
  identityProviders: z.array(identityProviderSchema).optional(),
})
  .refine((org) => org.name !== undefined || org.alias !== undefined, {
    message: 'missing required key `name` (or `alias`)',
    path: ['name'],
  })
  .register(definitions, { id: 'Organization' });
