import * as z from 'zod';
import { bool, definitions, json, str, strict, strings } from './primitives.js';

/**
 * keycloak-config-cli's `userProfile` key: the realm's user profile configuration (Keycloak's UPConfig,
 * otherwise set through `PUT /users/profile`). Accepted so that its realm files validate unchanged.
 */
export const userProfileSchema = strict({
  attributes: z
    .array(
      strict({
        name: str,
        displayName: str.optional(),
        validations: z.record(z.string(), json).optional(),
        annotations: json.optional(),
        required: strict({ roles: strings.optional(), scopes: strings.optional() }).optional(),
        permissions: strict({ view: strings.optional(), edit: strings.optional() }).optional(),
        selector: strict({ scopes: strings.optional() }).optional(),
        group: str.optional(),
        multivalued: bool.optional(),
        defaultValue: str.optional(),
      }),
    )
    .optional(),
  groups: z
    .array(
      strict({
        name: str,
        displayHeader: str.optional(),
        displayDescription: str.optional(),
        annotations: json.optional(),
      }),
    )
    .optional(),
  unmanagedAttributePolicy: z.enum(['ENABLED', 'ADMIN_VIEW', 'ADMIN_EDIT']).optional(),
}).register(definitions, { id: 'UserProfile' });
