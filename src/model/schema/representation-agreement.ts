/**
 * The manifest schema and Keycloak's representations agree, checked by the compiler: every key a
 * schema accepts is a property of the representation generated from Keycloak's own classes
 * (src/representations/generated.ts), and every property of the representation is accepted,
 * except the exceptions named here with their reason. A new Keycloak field, a typo in the schema
 * or a field Keycloak dropped fails `npm run typecheck` with the key's name.
 * Types only: nothing here exists at run time.
 */
import type * as z from 'zod';
import type * as Keycloak from '../../representations/generated.js';
import type {
  authenticationFlowSchema,
  authenticatorConfigSchema,
  executionSchema,
  requiredActionSchema,
} from './authentication.js';
import type { policySchema, resourceServerSchema } from './authorization.js';
import type { clientSchema, clientScopeSchema, protocolMapperSchema, scopeMappingSchema } from './clients.js';
import type { userFederationMapperSchema, userFederationProviderSchema } from './components.js';
import type { identityProviderMapperSchema, identityProviderSchema } from './identity-providers.js';
import type { organizationSchema } from './organizations.js';
import type { realmDocumentSchema } from './realm.js';
import type { roleSchema, rolesSchema } from './roles.js';
import type { credentialSchema, userSchema } from './users.js';

type Keys<Schema extends z.ZodType> = keyof NonNullable<z.input<Schema>>;

/**
 * 'agrees' when both differences are empty; otherwise an object naming the keys, which the
 * `Agrees` constraint below turns into a compile error: `acceptedButUnknownToKeycloak` are schema
 * keys the representation lacks, `keycloaksButNotAccepted` representation properties the schema lacks.
 */
type Check<
  Schema extends z.ZodType,
  Representation,
  ManifestOnly extends PropertyKey = never,
  NotInManifest extends PropertyKey = never,
> = [
  Exclude<Keys<Schema>, keyof Representation | ManifestOnly>,
  Exclude<keyof Representation, Keys<Schema> | NotInManifest>,
] extends [never, never]
  ? 'agrees'
  : {
      acceptedButUnknownToKeycloak: Exclude<Keys<Schema>, keyof Representation | ManifestOnly>;
      keycloaksButNotAccepted: Exclude<keyof Representation, Keys<Schema> | NotInManifest>;
    };

type Agrees<Results extends readonly 'agrees'[]> = Results;

/** What a manifest adds to Keycloak's realm: realmform's own settings and keycloak-config-cli's keys. */
type RealmManifestOnly =
  | 'realmform'
  | 'userProfile'
  | 'messageBundles'
  | 'workflows'
  // Accepted for files written for it; no supported release's RealmRepresentation has it.
  | 'oid4VciEnabled';

/**
 * Realm fields a manifest cannot set: Keycloak's pre-2.0 names it still deserializes (`applications`,
 * `oauthClients`, `social*` …), a field it never returns (`codeSecret`), and one it only derives.
 */
type RealmNotInManifest =
  | 'applications'
  | 'oauthClients'
  | 'clientTemplates'
  | 'applicationScopeMappings'
  | 'social'
  | 'socialProviders'
  | 'updateProfileOnInitialSocialLogin'
  | 'passwordCredentialGrantAllowed'
  | 'codeSecret';

/** A policy may be written in the admin API's typed shape (role, group, client, user … fields). */
type PolicyTypedFields =
  | 'code'
  | 'roles'
  | 'fetchRoles'
  | 'groups'
  | 'groupsClaim'
  | 'clients'
  | 'users'
  | 'clientScopes';

export type RepresentationAgreement = Agrees<
  [
    Check<typeof realmDocumentSchema, Keycloak.RealmRepresentation, RealmManifestOnly, RealmNotInManifest>,
    Check<typeof clientSchema, Keycloak.ClientRepresentation>,
    Check<typeof clientScopeSchema, Keycloak.ClientScopeRepresentation>,
    Check<typeof protocolMapperSchema, Keycloak.ProtocolMapperRepresentation>,
    // `clientTemplate`: client templates became client scopes in Keycloak 4.
    Check<typeof scopeMappingSchema, Keycloak.ScopeMappingRepresentation, never, 'clientTemplate'>,
    // Verifiable credentials are issued by the server; they are not a user's declared state.
    Check<
      typeof userSchema,
      Keycloak.UserRepresentation,
      never,
      'verifiableCredentials' | 'issuedVerifiableCredentials'
    >,
    // The provider a credential comes from is Keycloak's to say.
    Check<typeof credentialSchema, Keycloak.CredentialRepresentation, never, 'federationLink'>,
    Check<typeof roleSchema, Keycloak.RoleRepresentation>,
    // `application`: the pre-2.0 name of `client`.
    Check<typeof rolesSchema, Keycloak.RolesRepresentation, never, 'application'>,
    Check<typeof identityProviderSchema, Keycloak.IdentityProviderRepresentation>,
    Check<typeof identityProviderMapperSchema, Keycloak.IdentityProviderMapperRepresentation>,
    Check<typeof authenticationFlowSchema, Keycloak.AuthenticationFlowRepresentation>,
    Check<typeof executionSchema, Keycloak.AuthenticationExecutionExportRepresentation>,
    Check<typeof authenticatorConfigSchema, Keycloak.AuthenticatorConfigRepresentation>,
    Check<typeof requiredActionSchema, Keycloak.RequiredActionProviderRepresentation>,
    // `resourcesData` / `scopesData` are the server's expansions of `resources` / `scopes` in a read.
    Check<
      typeof policySchema,
      Keycloak.PolicyRepresentation,
      PolicyTypedFields,
      'resourcesData' | 'scopesData'
    >,
    Check<typeof resourceServerSchema, Keycloak.ResourceServerRepresentation>,
    // Organization groups (26.7) are not managed yet: the realm-fields table warns when declared.
    Check<typeof organizationSchema, Keycloak.OrganizationRepresentation, never, 'groups'>,
    Check<typeof userFederationProviderSchema, Keycloak.UserFederationProviderRepresentation>,
    Check<typeof userFederationMapperSchema, Keycloak.UserFederationMapperRepresentation>,
  ]
>;
