import * as z from 'zod';
import { resourceServerSchema } from './authorization.js';
import { bool, column, columns, definitions, int, str, strict, stringMap, strings } from './primitives.js';

export const protocolMapperSchema = strict({
  id: str.optional(),
  name: column,
  protocol: str.optional(),
  protocolMapper: str.optional(),
  consentRequired: bool.optional(),
  consentText: str.optional(),
  config: stringMap.optional(),
}).register(definitions, { id: 'ProtocolMapper' });

export const clientSchema = strict({
  id: str.optional(),
  /** Required unless `name` is given: keycloak-config-cli identifies a client without clientId by name. */
  clientId: column.optional(),
  name: column.optional(),
  description: column.optional(),
  type: str.optional(),
  rootUrl: column.optional(),
  adminUrl: column.optional(),
  baseUrl: column.optional(),
  surrogateAuthRequired: bool.optional(),
  enabled: bool.optional(),
  alwaysDisplayInConsole: bool.optional(),
  clientAuthenticatorType: str.optional(),
  secret: str.optional(),
  registrationAccessToken: str.optional(),
  /** Deprecated (Keycloak < 13 exports). */
  defaultRoles: strings.optional(),
  redirectUris: columns.optional(),
  webOrigins: columns.optional(),
  notBefore: int.optional(),
  bearerOnly: bool.optional(),
  consentRequired: bool.optional(),
  standardFlowEnabled: bool.optional(),
  implicitFlowEnabled: bool.optional(),
  directAccessGrantsEnabled: bool.optional(),
  serviceAccountsEnabled: bool.optional(),
  authorizationServicesEnabled: bool.optional(),
  /** Deprecated. */
  directGrantsOnly: bool.optional(),
  publicClient: bool.optional(),
  frontchannelLogout: bool.optional(),
  protocol: str.optional(),
  attributes: stringMap.optional(),
  /**
   * Flow binding overrides by binding (`browser`, `direct_grant`) to flow id or alias. keycloak-config-cli
   * files clear one with null; Keycloak removes an override whose value is null or empty, so null
   * becomes "" and the type stays a plain string map.
   */
  authenticationFlowBindingOverrides: z
    .record(
      z.string(),
      z
        .string()
        .nullable()
        .transform((v) => v ?? ''),
    )
    .optional(),
  fullScopeAllowed: bool.optional(),
  nodeReRegistrationTimeout: int.optional(),
  registeredNodes: z.record(z.string(), int).optional(),
  protocolMappers: z.array(protocolMapperSchema).optional(),
  /** Deprecated client templates (Keycloak < 4). */
  clientTemplate: str.optional(),
  useTemplateConfig: bool.optional(),
  useTemplateScope: bool.optional(),
  useTemplateMappers: bool.optional(),
  defaultClientScopes: strings.optional(),
  optionalClientScopes: strings.optional(),
  authorizationSettings: resourceServerSchema.optional(),
  access: z.record(z.string(), bool).optional(),
  origin: str.optional(),
})
  .refine((client) => client.clientId !== undefined || client.name !== undefined, {
    message: 'missing required key `clientId` (or `name`, which keycloak-config-cli accepts in its place)',
    path: ['clientId'],
  })
  .register(definitions, { id: 'Client' });

export const clientScopeSchema = strict({
  id: str.optional(),
  name: column,
  description: column.optional(),
  protocol: str.optional(),
  attributes: stringMap.optional(),
  protocolMappers: z.array(protocolMapperSchema).optional(),
}).register(definitions, { id: 'ClientScope' });

export const scopeMappingSchema = strict({
  self: str.optional(),
  client: str.optional(),
  clientScope: str.optional(),
  roles: strings.optional(),
}).register(definitions, { id: 'ScopeMapping' });
