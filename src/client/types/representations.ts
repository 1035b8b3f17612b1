/**
 * Keycloak's JSON representations, as the 26.x admin API sends and accepts them. Every field
 * is optional because Keycloak accepts partial objects and omits unset fields on the way out.
 * Sources: the Admin REST OpenAPI description and the server itself (which wins).
 */

export type Attributes = Record<string, string[]>;
export type StringMap = Record<string, string>;

export interface RealmRepresentation {
  id?: string;
  realm?: string;
  displayName?: string;
  displayNameHtml?: string;
  enabled?: boolean;
  notBefore?: number;
  defaultSignatureAlgorithm?: string;
  revokeRefreshToken?: boolean;
  refreshTokenMaxReuse?: number;
  accessTokenLifespan?: number;
  accessTokenLifespanForImplicitFlow?: number;
  ssoSessionIdleTimeout?: number;
  ssoSessionMaxLifespan?: number;
  ssoSessionIdleTimeoutRememberMe?: number;
  ssoSessionMaxLifespanRememberMe?: number;
  offlineSessionIdleTimeout?: number;
  offlineSessionMaxLifespanEnabled?: boolean;
  offlineSessionMaxLifespan?: number;
  clientSessionIdleTimeout?: number;
  clientSessionMaxLifespan?: number;
  clientOfflineSessionIdleTimeout?: number;
  clientOfflineSessionMaxLifespan?: number;
  accessCodeLifespan?: number;
  accessCodeLifespanUserAction?: number;
  accessCodeLifespanLogin?: number;
  actionTokenGeneratedByAdminLifespan?: number;
  actionTokenGeneratedByUserLifespan?: number;
  oauth2DeviceCodeLifespan?: number;
  oauth2DevicePollingInterval?: number;
  sslRequired?: string;
  registrationAllowed?: boolean;
  registrationEmailAsUsername?: boolean;
  rememberMe?: boolean;
  verifyEmail?: boolean;
  loginWithEmailAllowed?: boolean;
  duplicateEmailsAllowed?: boolean;
  resetPasswordAllowed?: boolean;
  editUsernameAllowed?: boolean;
  bruteForceProtected?: boolean;
  permanentLockout?: boolean;
  maxTemporaryLockouts?: number;
  bruteForceStrategy?: string;
  maxFailureWaitSeconds?: number;
  minimumQuickLoginWaitSeconds?: number;
  waitIncrementSeconds?: number;
  quickLoginCheckMilliSeconds?: number;
  maxDeltaTimeSeconds?: number;
  failureFactor?: number;
  roles?: RolesRepresentation;
  groups?: GroupRepresentation[];
  defaultRole?: RoleRepresentation;
  defaultGroups?: string[];
  requiredCredentials?: string[];
  passwordPolicy?: string;
  otpPolicyType?: string;
  otpPolicyAlgorithm?: string;
  otpPolicyInitialCounter?: number;
  otpPolicyDigits?: number;
  otpPolicyLookAheadWindow?: number;
  otpPolicyPeriod?: number;
  otpPolicyCodeReusable?: boolean;
  otpSupportedApplications?: string[];
  webAuthnPolicyRpEntityName?: string;
  webAuthnPolicySignatureAlgorithms?: string[];
  webAuthnPolicyRpId?: string;
  webAuthnPolicyAttestationConveyancePreference?: string;
  webAuthnPolicyAuthenticatorAttachment?: string;
  webAuthnPolicyRequireResidentKey?: string;
  webAuthnPolicyUserVerificationRequirement?: string;
  webAuthnPolicyCreateTimeout?: number;
  webAuthnPolicyAvoidSameAuthenticatorRegister?: boolean;
  webAuthnPolicyAcceptableAaguids?: string[];
  webAuthnPolicyPasswordlessRpEntityName?: string;
  webAuthnPolicyPasswordlessSignatureAlgorithms?: string[];
  webAuthnPolicyPasswordlessRpId?: string;
  webAuthnPolicyPasswordlessAttestationConveyancePreference?: string;
  webAuthnPolicyPasswordlessAuthenticatorAttachment?: string;
  webAuthnPolicyPasswordlessRequireResidentKey?: string;
  webAuthnPolicyPasswordlessUserVerificationRequirement?: string;
  webAuthnPolicyPasswordlessCreateTimeout?: number;
  webAuthnPolicyPasswordlessAvoidSameAuthenticatorRegister?: boolean;
  webAuthnPolicyPasswordlessAcceptableAaguids?: string[];
  users?: UserRepresentation[];
  federatedUsers?: UserRepresentation[];
  scopeMappings?: ScopeMappingRepresentation[];
  clientScopeMappings?: Record<string, ScopeMappingRepresentation[]>;
  clients?: ClientRepresentation[];
  clientScopes?: ClientScopeRepresentation[];
  defaultDefaultClientScopes?: string[];
  defaultOptionalClientScopes?: string[];
  browserSecurityHeaders?: StringMap;
  smtpServer?: StringMap;
  userFederationProviders?: UserFederationProviderRepresentation[];
  userFederationMappers?: UserFederationMapperRepresentation[];
  loginTheme?: string;
  accountTheme?: string;
  adminTheme?: string;
  emailTheme?: string;
  eventsEnabled?: boolean;
  eventsExpiration?: number;
  eventsListeners?: string[];
  enabledEventTypes?: string[];
  adminEventsEnabled?: boolean;
  adminEventsDetailsEnabled?: boolean;
  identityProviders?: IdentityProviderRepresentation[];
  identityProviderMappers?: IdentityProviderMapperRepresentation[];
  protocolMappers?: ProtocolMapperRepresentation[];
  components?: Record<string, ComponentExportRepresentation[]>;
  internationalizationEnabled?: boolean;
  supportedLocales?: string[];
  defaultLocale?: string;
  authenticationFlows?: AuthenticationFlowRepresentation[];
  authenticatorConfig?: AuthenticatorConfigRepresentation[];
  requiredActions?: RequiredActionProviderRepresentation[];
  browserFlow?: string;
  registrationFlow?: string;
  directGrantFlow?: string;
  resetCredentialsFlow?: string;
  clientAuthenticationFlow?: string;
  dockerAuthenticationFlow?: string;
  firstBrokerLoginFlow?: string;
  attributes?: StringMap;
  keycloakVersion?: string;
  userManagedAccessAllowed?: boolean;
  organizationsEnabled?: boolean;
  organizations?: OrganizationRepresentation[];
  verifiableCredentialsEnabled?: boolean;
  adminPermissionsEnabled?: boolean;
  clientProfiles?: ClientProfilesRepresentation;
  clientPolicies?: ClientPoliciesRepresentation;
  localizationTexts?: Record<string, StringMap>;
}

export interface RolesRepresentation {
  realm?: RoleRepresentation[];
  client?: Record<string, RoleRepresentation[]>;
}

export interface ScopeMappingRepresentation {
  self?: string;
  client?: string;
  clientScope?: string;
  roles?: string[];
}

export interface CredentialRepresentation {
  id?: string;
  type?: string;
  userLabel?: string;
  createdDate?: number;
  secretData?: string;
  credentialData?: string;
  priority?: number;
  value?: string;
  temporary?: boolean;
}

export interface FederatedIdentityRepresentation {
  identityProvider?: string;
  userId?: string;
  userName?: string;
}

export interface UserConsentRepresentation {
  clientId?: string;
  grantedClientScopes?: string[];
  createdDate?: number;
  lastUpdatedDate?: number;
}

export interface UserRepresentation {
  id?: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  emailVerified?: boolean;
  attributes?: Attributes;
  userProfileMetadata?: UserProfileMetadata;
  self?: string;
  origin?: string;
  createdTimestamp?: number;
  enabled?: boolean;
  totp?: boolean;
  federationLink?: string;
  serviceAccountClientId?: string;
  credentials?: CredentialRepresentation[];
  disableableCredentialTypes?: string[];
  requiredActions?: string[];
  federatedIdentities?: FederatedIdentityRepresentation[];
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
  clientConsents?: UserConsentRepresentation[];
  notBefore?: number;
  groups?: string[];
  access?: Record<string, boolean>;
}

export interface UserProfileMetadata {
  attributes?: {
    name?: string;
    displayName?: string;
    required?: boolean;
    readOnly?: boolean;
    annotations?: Record<string, unknown>;
    validators?: Record<string, Record<string, unknown>>;
    group?: string;
    multivalued?: boolean;
  }[];
  groups?: {
    name?: string;
    displayHeader?: string;
    displayDescription?: string;
    annotations?: Record<string, unknown>;
  }[];
}

export interface UserSessionRepresentation {
  id?: string;
  username?: string;
  userId?: string;
  ipAddress?: string;
  start?: number;
  lastAccess?: number;
  rememberMe?: boolean;
  clients?: StringMap;
  transientUser?: boolean;
}

export interface GroupRepresentation {
  id?: string;
  name?: string;
  description?: string;
  path?: string;
  parentId?: string;
  subGroupCount?: number;
  subGroups?: GroupRepresentation[];
  attributes?: Attributes;
  realmRoles?: string[];
  clientRoles?: Record<string, string[]>;
  access?: Record<string, boolean>;
}

export interface RoleRepresentation {
  id?: string;
  name?: string;
  description?: string;
  composite?: boolean;
  composites?: { realm?: string[]; client?: Record<string, string[]> };
  clientRole?: boolean;
  containerId?: string;
  attributes?: Attributes;
}

export interface ProtocolMapperRepresentation {
  id?: string;
  name?: string;
  protocol?: string;
  protocolMapper?: string;
  consentRequired?: boolean;
  consentText?: string;
  config?: StringMap;
}

export interface ClientRepresentation {
  id?: string;
  clientId?: string;
  name?: string;
  description?: string;
  type?: string;
  rootUrl?: string;
  adminUrl?: string;
  baseUrl?: string;
  surrogateAuthRequired?: boolean;
  enabled?: boolean;
  alwaysDisplayInConsole?: boolean;
  clientAuthenticatorType?: string;
  secret?: string;
  registrationAccessToken?: string;
  defaultRoles?: string[];
  redirectUris?: string[];
  webOrigins?: string[];
  notBefore?: number;
  bearerOnly?: boolean;
  consentRequired?: boolean;
  standardFlowEnabled?: boolean;
  implicitFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  authorizationServicesEnabled?: boolean;
  directGrantsOnly?: boolean;
  publicClient?: boolean;
  frontchannelLogout?: boolean;
  protocol?: string;
  attributes?: StringMap;
  authenticationFlowBindingOverrides?: StringMap;
  fullScopeAllowed?: boolean;
  nodeReRegistrationTimeout?: number;
  registeredNodes?: Record<string, number>;
  protocolMappers?: ProtocolMapperRepresentation[];
  clientTemplate?: string;
  useTemplateConfig?: boolean;
  useTemplateScope?: boolean;
  useTemplateMappers?: boolean;
  defaultClientScopes?: string[];
  optionalClientScopes?: string[];
  authorizationSettings?: ResourceServerRepresentation;
  access?: Record<string, boolean>;
  origin?: string;
}

export interface ClientScopeRepresentation {
  id?: string;
  name?: string;
  description?: string;
  protocol?: string;
  attributes?: StringMap;
  protocolMappers?: ProtocolMapperRepresentation[];
}

export interface IdentityProviderRepresentation {
  alias?: string;
  displayName?: string;
  internalId?: string;
  providerId?: string;
  enabled?: boolean;
  updateProfileFirstLoginMode?: string;
  trustEmail?: boolean;
  storeToken?: boolean;
  addReadTokenRoleOnCreate?: boolean;
  authenticateByDefault?: boolean;
  linkOnly?: boolean;
  hideOnLogin?: boolean;
  firstBrokerLoginFlowAlias?: string;
  postBrokerLoginFlowAlias?: string;
  organizationId?: string;
  config?: StringMap;
}

export interface IdentityProviderMapperRepresentation {
  id?: string;
  name?: string;
  identityProviderAlias?: string;
  identityProviderMapper?: string;
  config?: StringMap;
}

export interface AuthenticationExecutionExportRepresentation {
  authenticatorConfig?: string;
  authenticator?: string;
  authenticatorFlow?: boolean;
  requirement?: string;
  priority?: number;
  autheticatorFlow?: boolean;
  flowAlias?: string;
  userSetupAllowed?: boolean;
}

export interface AuthenticationFlowRepresentation {
  id?: string;
  alias?: string;
  description?: string;
  providerId?: string;
  topLevel?: boolean;
  builtIn?: boolean;
  authenticationExecutions?: AuthenticationExecutionExportRepresentation[];
}

/** An execution as `GET /flows/{alias}/executions` lists it (flattened tree with levels). */
export interface AuthenticationExecutionInfoRepresentation {
  id?: string;
  requirement?: string;
  displayName?: string;
  alias?: string;
  description?: string;
  requirementChoices?: string[];
  configurable?: boolean;
  authenticationFlow?: boolean;
  providerId?: string;
  authenticationConfig?: string;
  flowId?: string;
  level?: number;
  index?: number;
  priority?: number;
}

/** An execution as `GET /executions/{id}` returns it. */
export interface AuthenticationExecutionRepresentation {
  id?: string;
  authenticatorConfig?: string;
  authenticator?: string;
  authenticatorFlow?: boolean;
  requirement?: string;
  priority?: number;
  parentFlow?: string;
  flowId?: string;
}

export interface AuthenticatorConfigRepresentation {
  id?: string;
  alias?: string;
  config?: StringMap;
}

export interface RequiredActionProviderRepresentation {
  alias?: string;
  name?: string;
  providerId?: string;
  enabled?: boolean;
  defaultAction?: boolean;
  priority?: number;
  config?: StringMap;
}

export interface ComponentRepresentation {
  id?: string;
  name?: string;
  providerId?: string;
  providerType?: string;
  parentId?: string;
  subType?: string;
  config?: Record<string, string[]>;
}

export interface ComponentExportRepresentation {
  id?: string;
  name?: string;
  providerId?: string;
  subType?: string;
  subComponents?: Record<string, ComponentExportRepresentation[]>;
  config?: Record<string, string[]>;
}

export interface UserFederationProviderRepresentation {
  id?: string;
  displayName?: string;
  providerName?: string;
  config?: StringMap;
  priority?: number;
  fullSyncPeriod?: number;
  changedSyncPeriod?: number;
  lastSync?: number;
}

export interface UserFederationMapperRepresentation {
  id?: string;
  name?: string;
  federationProviderDisplayName?: string;
  federationMapperType?: string;
  config?: StringMap;
}

export interface ManagementPermissionReference {
  enabled?: boolean;
  resource?: string;
  scopePermissions?: StringMap;
}

export interface ResourceServerRepresentation {
  id?: string;
  clientId?: string;
  name?: string;
  allowRemoteResourceManagement?: boolean;
  policyEnforcementMode?: 'ENFORCING' | 'PERMISSIVE' | 'DISABLED';
  resources?: ResourceRepresentation[];
  policies?: PolicyRepresentation[];
  scopes?: ScopeRepresentation[];
  decisionStrategy?: 'AFFIRMATIVE' | 'UNANIMOUS' | 'CONSENSUS';
  authorizationSchema?: Record<string, unknown>;
}

export interface ResourceRepresentation {
  _id?: string;
  name?: string;
  uris?: string[];
  type?: string;
  scopes?: ScopeRepresentation[];
  icon_uri?: string;
  owner?: { id?: string; name?: string } | string;
  ownerManagedAccess?: boolean;
  displayName?: string;
  attributes?: Attributes;
  uri?: string;
  scopesUma?: ScopeRepresentation[];
}

export interface ScopeRepresentation {
  id?: string;
  name?: string;
  iconUri?: string;
  policies?: PolicyRepresentation[];
  resources?: ResourceRepresentation[];
  displayName?: string;
}

export interface PolicyRepresentation {
  id?: string;
  name?: string;
  description?: string;
  type?: string;
  policies?: string[];
  resources?: string[];
  scopes?: string[];
  logic?: 'POSITIVE' | 'NEGATIVE';
  decisionStrategy?: 'AFFIRMATIVE' | 'UNANIMOUS' | 'CONSENSUS';
  owner?: string;
  resourceType?: string;
  config?: StringMap;
  /** Type-specific fields (roles, groups, clients, users, time, code …). */
  roles?: { id: string; required?: boolean }[];
  groups?: { id?: string; path?: string; extendChildren?: boolean }[];
  groupsClaim?: string;
  clients?: string[];
  users?: string[];
  clientScopes?: { id: string; required?: boolean }[];
  fetchRoles?: boolean;
}

export interface KeysMetadataRepresentation {
  active?: StringMap;
  keys?: {
    providerId?: string;
    providerPriority?: number;
    kid?: string;
    status?: string;
    type?: string;
    algorithm?: string;
    publicKey?: string;
    certificate?: string;
    use?: string;
    validTo?: number;
  }[];
}

export interface EventRepresentation {
  id?: string;
  time?: number;
  type?: string;
  realmId?: string;
  clientId?: string;
  userId?: string;
  sessionId?: string;
  ipAddress?: string;
  error?: string;
  details?: StringMap;
}

export interface AdminEventRepresentation {
  id?: string;
  time?: number;
  realmId?: string;
  authDetails?: { realmId?: string; clientId?: string; userId?: string; ipAddress?: string };
  operationType?: string;
  resourceType?: string;
  resourcePath?: string;
  representation?: string;
  error?: string;
  details?: StringMap;
}

export interface RealmEventsConfigRepresentation {
  eventsEnabled?: boolean;
  eventsExpiration?: number;
  eventsListeners?: string[];
  enabledEventTypes?: string[];
  adminEventsEnabled?: boolean;
  adminEventsDetailsEnabled?: boolean;
}

export interface CertificateRepresentation {
  privateKey?: string;
  publicKey?: string;
  certificate?: string;
  kid?: string;
}

/** An initial access token for dynamic client registration (`token` is only in the create answer). */
export interface ClientInitialAccessPresentation {
  id?: string;
  token?: string;
  /** Epoch seconds. */
  timestamp?: number;
  /** Seconds. */
  expiration?: number;
  count?: number;
  remainingCount?: number;
}

export interface OrganizationRepresentation {
  id?: string;
  name?: string;
  alias?: string;
  enabled?: boolean;
  description?: string;
  redirectUrl?: string;
  attributes?: Attributes;
  domains?: { name?: string; verified?: boolean }[];
  members?: UserRepresentation[];
  identityProviders?: IdentityProviderRepresentation[];
}

export interface ClientProfilesRepresentation {
  profiles?: {
    name?: string;
    description?: string;
    executors?: { executor?: string; configuration?: Record<string, unknown> }[];
  }[];
  globalProfiles?: ClientProfilesRepresentation['profiles'];
}

export interface ClientPoliciesRepresentation {
  policies?: {
    name?: string;
    description?: string;
    enabled?: boolean;
    conditions?: { condition?: string; configuration?: Record<string, unknown> }[];
    profiles?: string[];
  }[];
  globalPolicies?: ClientPoliciesRepresentation['policies'];
}

/** `GET /admin/serverinfo`: large and version-dependent; the commonly used parts are typed. */
export interface ServerInfoRepresentation {
  systemInfo?: { version?: string; serverTime?: string; uptime?: string; javaVersion?: string } & Record<
    string,
    unknown
  >;
  memoryInfo?: Record<string, unknown>;
  profileInfo?: {
    name?: string;
    disabledFeatures?: string[];
    previewFeatures?: string[];
    experimentalFeatures?: string[];
  };
  features?: { name?: string; label?: string; type?: string; enabled?: boolean }[];
  themes?: Record<string, { name?: string; locales?: string[] }[]>;
  providers?: Record<string, { internal?: boolean; providers?: Record<string, unknown> }>;
  protocolMapperTypes?: Record<string, Record<string, unknown>[]>;
  builtinProtocolMappers?: Record<string, ProtocolMapperRepresentation[]>;
  clientInstallations?: Record<string, Record<string, unknown>[]>;
  componentTypes?: Record<string, Record<string, unknown>[]>;
  passwordPolicies?: Record<string, unknown>[];
  enums?: Record<string, string[]>;
  cryptoInfo?: Record<string, unknown>;
  /** Identity provider types (`oidc`, `saml` …) and social ones (`github` …), by `id`. */
  identityProviders?: { id?: string; name?: string }[];
  socialProviders?: { id?: string; name?: string }[];
}

/** One configurable property of a provider (authenticator, required action, mapper type …). */
export interface ConfigPropertyRepresentation {
  name?: string;
  label?: string;
  helpText?: string;
  /** `String`, `boolean`, `List`, `MultivaluedList`, `Password`, … */
  type?: string;
  /** Any JSON value: the server sends numbers and booleans unquoted. */
  defaultValue?: unknown;
  options?: string[];
  secret?: boolean;
  required?: boolean;
  readOnly?: boolean;
}
