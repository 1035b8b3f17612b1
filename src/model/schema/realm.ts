import * as z from 'zod';
import { OWNERSHIP_MODES, ownershipFields } from '../../ownership/modes.js';
import {
  authenticationFlowSchema,
  authenticatorConfigSchema,
  requiredActionSchema,
} from './authentication.js';
import { clientPoliciesSchema, clientProfilesSchema } from './client-policies.js';
import { clientSchema, clientScopeSchema, protocolMapperSchema, scopeMappingSchema } from './clients.js';
import { componentsSchema, userFederationMapperSchema, userFederationProviderSchema } from './components.js';
import { groupSchema } from './groups.js';
import { identityProviderMapperSchema, identityProviderSchema } from './identity-providers.js';
import { organizationSchema } from './organizations.js';
import { bool, column, int, oneOf, str, strict, stringMap, strings } from './primitives.js';
import { roleSchema, rolesSchema } from './roles.js';
import { userProfileSchema } from './user-profile.js';
import { userSchema } from './users.js';
import { workflowSchema } from './workflows.js';

/** Message texts by locale, then by key. */
const localizationTexts = z.record(z.string(), stringMap);

/**
 * One manifest document: Keycloak's RealmRepresentation (the realm export format), plus the few
 * keys keycloak-config-cli adds (`userProfile`, `messageBundles`). Field list: Keycloak 26.x's
 * RealmRepresentation.java, with the deprecated fields real exports still carry.
 */
export const realmDocumentSchema = strict({
  id: str.optional(),
  // Keycloak stores realm names in a 255-character column.
  realm: str.min(1).max(255),
  displayName: column.optional(),
  displayNameHtml: str.optional(),
  enabled: bool.optional(),
  notBefore: int.optional(),
  defaultSignatureAlgorithm: str.optional(),
  revokeRefreshToken: bool.optional(),
  refreshTokenMaxReuse: int.optional(),
  accessTokenLifespan: int.optional(),
  accessTokenLifespanForImplicitFlow: int.optional(),
  ssoSessionIdleTimeout: int.optional(),
  ssoSessionMaxLifespan: int.optional(),
  ssoSessionIdleTimeoutRememberMe: int.optional(),
  ssoSessionMaxLifespanRememberMe: int.optional(),
  offlineSessionIdleTimeout: int.optional(),
  offlineSessionMaxLifespanEnabled: bool.optional(),
  offlineSessionMaxLifespan: int.optional(),
  clientSessionIdleTimeout: int.optional(),
  clientSessionMaxLifespan: int.optional(),
  clientOfflineSessionIdleTimeout: int.optional(),
  clientOfflineSessionMaxLifespan: int.optional(),
  accessCodeLifespan: int.optional(),
  accessCodeLifespanUserAction: int.optional(),
  accessCodeLifespanLogin: int.optional(),
  actionTokenGeneratedByAdminLifespan: int.optional(),
  actionTokenGeneratedByUserLifespan: int.optional(),
  oauth2DeviceCodeLifespan: int.optional(),
  oauth2DevicePollingInterval: int.optional(),
  /**
   * Keycloak reads it in any case and returns it in lower case: written in lower case here so that
   * `EXTERNAL` does not plan an update forever. The values are checked in checks.ts.
   */
  sslRequired: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.string()).optional(),
  registrationAllowed: bool.optional(),
  registrationEmailAsUsername: bool.optional(),
  rememberMe: bool.optional(),
  verifyEmail: bool.optional(),
  loginWithEmailAllowed: bool.optional(),
  duplicateEmailsAllowed: bool.optional(),
  resetPasswordAllowed: bool.optional(),
  editUsernameAllowed: bool.optional(),
  bruteForceProtected: bool.optional(),
  permanentLockout: bool.optional(),
  maxTemporaryLockouts: int.optional(),
  bruteForceStrategy: z.enum(['LINEAR', 'MULTIPLE']).optional(),
  maxFailureWaitSeconds: int.optional(),
  minimumQuickLoginWaitSeconds: int.optional(),
  waitIncrementSeconds: int.optional(),
  quickLoginCheckMilliSeconds: int.optional(),
  maxDeltaTimeSeconds: int.optional(),
  failureFactor: int.optional(),
  /** Exported by 26.7, not by 26.2 (brute force detection of second factors). */
  maxSecondaryAuthFailures: int.optional(),
  roles: rolesSchema.optional(),
  groups: z.array(groupSchema).optional(),
  /** Deprecated since Keycloak 13 (replaced by `defaultRole`); in older exports. */
  defaultRoles: strings.optional(),
  defaultRole: roleSchema.optional(),
  defaultGroups: strings.optional(),
  requiredCredentials: strings.optional(),
  passwordPolicy: str.optional(),
  otpPolicyType: oneOf(['totp', 'hotp']).optional(),
  otpPolicyAlgorithm: oneOf(['HmacSHA1', 'HmacSHA256', 'HmacSHA512']).optional(),
  otpPolicyInitialCounter: int.optional(),
  otpPolicyDigits: int.optional(),
  otpPolicyLookAheadWindow: int.optional(),
  otpPolicyPeriod: int.optional(),
  otpPolicyCodeReusable: bool.optional(),
  otpSupportedApplications: strings.optional(),
  localizationTexts: localizationTexts.optional(),
  webAuthnPolicyRpEntityName: str.optional(),
  webAuthnPolicySignatureAlgorithms: strings.optional(),
  webAuthnPolicyRpId: str.optional(),
  webAuthnPolicyAttestationConveyancePreference: str.optional(),
  webAuthnPolicyAuthenticatorAttachment: str.optional(),
  webAuthnPolicyRequireResidentKey: str.optional(),
  /** Exported by 26.7 next to `webAuthnPolicyRequireResidentKey`, not by 26.2. */
  webAuthnPolicyResidentKey: str.optional(),
  webAuthnPolicyUserVerificationRequirement: str.optional(),
  webAuthnPolicyCreateTimeout: int.optional(),
  webAuthnPolicyAvoidSameAuthenticatorRegister: bool.optional(),
  webAuthnPolicyAcceptableAaguids: strings.optional(),
  webAuthnPolicyExtraOrigins: strings.optional(),
  webAuthnPolicyPasswordlessRpEntityName: str.optional(),
  webAuthnPolicyPasswordlessSignatureAlgorithms: strings.optional(),
  webAuthnPolicyPasswordlessRpId: str.optional(),
  webAuthnPolicyPasswordlessAttestationConveyancePreference: str.optional(),
  webAuthnPolicyPasswordlessAuthenticatorAttachment: str.optional(),
  webAuthnPolicyPasswordlessRequireResidentKey: str.optional(),
  /** Exported by 26.7 next to `webAuthnPolicyPasswordlessRequireResidentKey`, not by 26.2. */
  webAuthnPolicyPasswordlessResidentKey: str.optional(),
  webAuthnPolicyPasswordlessUserVerificationRequirement: str.optional(),
  /** From Keycloak 26.7 (generated representation); older releases refuse it. */
  webAuthnPolicyPasswordlessMediation: str.optional(),
  webAuthnPolicyPasswordlessCreateTimeout: int.optional(),
  webAuthnPolicyPasswordlessAvoidSameAuthenticatorRegister: bool.optional(),
  webAuthnPolicyPasswordlessAcceptableAaguids: strings.optional(),
  webAuthnPolicyPasswordlessExtraOrigins: strings.optional(),
  /** Keycloak 26.3+. */
  webAuthnPolicyPasswordlessPasskeysEnabled: bool.optional(),
  clientProfiles: clientProfilesSchema.optional(),
  clientPolicies: clientPoliciesSchema.optional(),
  users: z.array(userSchema).optional(),
  federatedUsers: z.array(userSchema).optional(),
  scopeMappings: z.array(scopeMappingSchema).optional(),
  /** Client scope mappings by the clientId owning the roles. */
  clientScopeMappings: z.record(z.string(), z.array(scopeMappingSchema)).optional(),
  clients: z.array(clientSchema).optional(),
  clientScopes: z.array(clientScopeSchema).optional(),
  defaultDefaultClientScopes: strings.optional(),
  defaultOptionalClientScopes: strings.optional(),
  browserSecurityHeaders: stringMap.optional(),
  smtpServer: stringMap.optional(),
  userFederationProviders: z.array(userFederationProviderSchema).optional(),
  userFederationMappers: z.array(userFederationMapperSchema).optional(),
  loginTheme: column.optional(),
  accountTheme: column.optional(),
  adminTheme: column.optional(),
  emailTheme: column.optional(),
  eventsEnabled: bool.optional(),
  eventsExpiration: int.optional(),
  eventsListeners: strings.optional(),
  enabledEventTypes: strings.optional(),
  adminEventsEnabled: bool.optional(),
  adminEventsDetailsEnabled: bool.optional(),
  identityProviders: z.array(identityProviderSchema).optional(),
  identityProviderMappers: z.array(identityProviderMapperSchema).optional(),
  protocolMappers: z.array(protocolMapperSchema).optional(),
  components: componentsSchema.optional(),
  internationalizationEnabled: bool.optional(),
  supportedLocales: strings.optional(),
  defaultLocale: column.optional(),
  authenticationFlows: z.array(authenticationFlowSchema).optional(),
  authenticatorConfig: z.array(authenticatorConfigSchema).optional(),
  requiredActions: z.array(requiredActionSchema).optional(),
  browserFlow: str.optional(),
  registrationFlow: str.optional(),
  directGrantFlow: str.optional(),
  resetCredentialsFlow: str.optional(),
  clientAuthenticationFlow: str.optional(),
  dockerAuthenticationFlow: str.optional(),
  firstBrokerLoginFlow: str.optional(),
  attributes: stringMap.optional(),
  keycloakVersion: str.optional(),
  userManagedAccessAllowed: bool.optional(),
  organizationsEnabled: bool.optional(),
  organizations: z.array(organizationSchema).optional(),
  /** Called `oid4VciEnabled` from Keycloak 26.4 on; both spellings are accepted. */
  verifiableCredentialsEnabled: bool.optional(),
  oid4VciEnabled: bool.optional(),
  adminPermissionsEnabled: bool.optional(),
  /** The `admin-permissions` client as 26.7's export names it (not 26.2's): computed, never written. */
  adminPermissionsClient: strict({ id: str.optional(), clientId: str.optional() }).optional(),
  /** Exported by 26.7, not by 26.2 (the realm's SCIM API). */
  scimApiEnabled: bool.optional(),
  /**
   * Realm keys as hand-written and very old realm files carry them: Keycloak's realm import turns
   * them into an `rsa` key provider, and so does realmform (the component kind).
   */
  privateKey: str.optional(),
  publicKey: str.optional(),
  certificate: str.optional(),
  workflows: z.array(workflowSchema).optional(),
  /** keycloak-config-cli: the user profile configuration. */
  userProfile: userProfileSchema.optional(),
  /** keycloak-config-cli's name for realm localization texts (same shape as `localizationTexts`). */
  messageBundles: localizationTexts.optional(),
  /** realmform's own settings (never sent to Keycloak): ownership mode per collection. */
  realmform: strict({
    ownership: z.partialRecord(z.enum(['*', ...ownershipFields()]), z.enum(OWNERSHIP_MODES)).optional(),
  }).optional(),
});

/** A validated manifest document (and a merged realm): RealmRepresentation plus keycloak-config-cli's keys. */
export type RealmManifestDocument = z.output<typeof realmDocumentSchema>;
