// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` and `${profile…}` here are manifest syntax, not templates.
/**
 * What each manifest field means, for editors (hover and completion through the JSON Schema).
 * Written for realmform from the meaning of Keycloak's representation fields (Admin REST API
 * representations, admin console help): durations are in seconds unless a name says otherwise.
 * Keyed by the object (a `$defs` name, or a path such as `Realm.roles` / `UserProfile.attributes[]`
 * for objects without a name of their own), then by field. A test checks that every field of the
 * generated schema has a description, so a field added to a schema needs one here.
 */

/** Fields marked deprecated: editors strike them through and do not offer them. */
export const DEPRECATED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Realm: {
    defaultRoles: 'Use `defaultRole` (the composite role `default-roles-<realm>`) since Keycloak 13.',
    userFederationProviders: 'Use `components` (org.keycloak.storage.UserStorageProvider).',
    userFederationMappers: 'Use the provider component’s `subComponents`.',
    federatedUsers: 'Users stored by a federation provider come from that provider.',
  },
  Client: {
    defaultRoles: 'Use the realm’s `defaultRole` composites (Keycloak 13 and later).',
    directGrantsOnly: 'Use `directAccessGrantsEnabled` with `standardFlowEnabled: false`.',
    clientTemplate: 'Client templates became client scopes in Keycloak 4.',
    useTemplateConfig: 'Client templates became client scopes in Keycloak 4.',
    useTemplateScope: 'Client templates became client scopes in Keycloak 4.',
    useTemplateMappers: 'Client templates became client scopes in Keycloak 4.',
  },
  Role: { scopeParamRequired: 'Ignored since Keycloak 2.' },
  IdentityProvider: {
    updateProfileFirstLogin: 'Use a first broker login flow (`firstBrokerLoginFlowAlias`).',
    updateProfileFirstLoginMode: 'Use a first broker login flow (`firstBrokerLoginFlowAlias`).',
  },
  AuthorizationResource: { uri: 'Use `uris`.' },
  AuthenticationExecution: {
    autheticatorFlow: 'A misspelling Keycloak’s exports still write; use `authenticatorFlow`.',
  },
  Credential: {
    device: 'Pre-Keycloak-10 credential format; use `credentialData`.',
    hashedSaltedValue: 'Pre-Keycloak-10 credential format; use `secretData`.',
    salt: 'Pre-Keycloak-10 credential format; use `secretData`.',
    hashIterations: 'Pre-Keycloak-10 credential format; use `credentialData`.',
    counter: 'Pre-Keycloak-10 credential format; use `credentialData`.',
    algorithm: 'Pre-Keycloak-10 credential format; use `credentialData`.',
    digits: 'Pre-Keycloak-10 credential format; use `credentialData`.',
    period: 'Pre-Keycloak-10 credential format; use `credentialData`.',
  },
  User: {
    applicationRoles: 'Use `clientRoles`.',
    socialLinks: 'Use `federatedIdentities`.',
    totp: 'Read-only: whether the user has an OTP credential.',
  },
  'User.clientConsents[]': { grantedRealmRoles: 'Consents are granted per client scope.' },
};

/** Values editors offer for fields whose set is open (providers can add more). */
export const SUGGESTIONS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  Realm: {
    defaultSignatureAlgorithm: [
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
      'ES256',
      'ES384',
      'ES512',
      'EdDSA',
      'HS256',
      'HS384',
      'HS512',
    ],
    webAuthnPolicyAttestationConveyancePreference: ['not specified', 'none', 'indirect', 'direct'],
    webAuthnPolicyAuthenticatorAttachment: ['not specified', 'platform', 'cross-platform'],
    webAuthnPolicyRequireResidentKey: ['not specified', 'Yes', 'No'],
    webAuthnPolicyUserVerificationRequirement: ['not specified', 'required', 'preferred', 'discouraged'],
    webAuthnPolicyPasswordlessAttestationConveyancePreference: [
      'not specified',
      'none',
      'indirect',
      'direct',
    ],
    webAuthnPolicyPasswordlessAuthenticatorAttachment: ['not specified', 'platform', 'cross-platform'],
    webAuthnPolicyPasswordlessRequireResidentKey: ['not specified', 'Yes', 'No'],
    webAuthnPolicyPasswordlessUserVerificationRequirement: [
      'not specified',
      'required',
      'preferred',
      'discouraged',
    ],
  },
  Client: {
    clientAuthenticatorType: ['client-secret', 'client-jwt', 'client-secret-jwt', 'client-x509'],
  },
  ProtocolMapper: { protocol: ['openid-connect', 'saml'] },
  IdentityProvider: {
    providerId: [
      'oidc',
      'keycloak-oidc',
      'saml',
      'google',
      'github',
      'microsoft',
      'facebook',
      'gitlab',
      'linkedin-openid-connect',
      'instagram',
      'paypal',
      'stackoverflow',
      'twitter',
      'bitbucket',
      'openshift-v4',
    ],
  },
  Policy: {
    type: [
      'role',
      'group',
      'user',
      'client',
      'client-scope',
      'time',
      'regex',
      'aggregate',
      'js',
      'resource',
      'scope',
    ],
  },
  Credential: { type: ['password', 'otp', 'webauthn', 'webauthn-passwordless', 'recovery-authn-codes'] },
};

/** Fields that mean the same wherever they appear (unless an object says otherwise). */
const COMMON: Readonly<Record<string, string>> = {
  id: 'Keycloak’s internal id (a UUID), as exports write it. realmform finds objects by their names, never by this id; it may be left out.',
  _id: 'Keycloak’s internal id, as exports write it; realmform finds objects by name and ignores it.',
  containerId: 'Id of the realm or client that holds the object; set by Keycloak, ignored by realmform.',
  attributes: 'Free-form attributes: a map of names to values.',
  config: 'Provider-specific settings: a map of setting names to values (strings).',
  description: 'Free text shown in the admin console.',
  enabled: 'Whether it is active; a disabled one stays configured but is not used.',
  priority: 'Order among its siblings: lower numbers come first.',
  displayName: 'The name shown to people (login pages, account console); the technical name stays the key.',
};

export const DESCRIPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Realm: {
    realm:
      'The realm’s name: its key, part of every URL of the realm (/realms/<name>). Renaming creates another realm.',
    maxSecondaryAuthFailures:
      'Brute-force detection: failed second-factor attempts (e.g. OTP) allowed before the account is locked.',
    webAuthnPolicyResidentKey:
      'WebAuthn policy: whether the authenticator must store a discoverable credential (Yes, No, not specified).',
    webAuthnPolicyPasswordlessResidentKey:
      'Passwordless WebAuthn policy: whether the authenticator must store a discoverable credential.',
    adminPermissionsClient:
      'The client holding the realm’s fine-grained admin permissions; Keycloak sets it (computed, never written).',
    scimApiEnabled: 'Whether the realm’s SCIM API is on (newer Keycloak versions).',
    privateKey:
      'Realm RSA private key as old exports carry it: used only when the realm is created (it becomes an rsa key provider). Secret.',
    publicKey: 'Realm RSA public key as old exports carry it: used only when the realm is created.',
    certificate: 'Realm certificate as old exports carry it: used only when the realm is created.',
    displayName: 'Name of the realm shown on login pages and in the account console.',
    displayNameHtml: 'HTML version of the display name, used by the login page where markup is allowed.',
    enabled: 'Whether the realm accepts logins and token requests. A disabled realm keeps its configuration.',
    notBefore:
      'Tokens issued before this time (seconds since the epoch) are rejected; set by "revoke" actions, not by hand.',
    defaultSignatureAlgorithm:
      'Algorithm used to sign tokens when a client does not ask for another (RS256 unless set).',
    revokeRefreshToken:
      'Refresh tokens can be used only a limited number of times (`refreshTokenMaxReuse`); a reused one is revoked.',
    refreshTokenMaxReuse:
      'With `revokeRefreshToken`, how many times a refresh token may be reused (0: once).',
    accessTokenLifespan: 'How long an access token is valid, in seconds.',
    accessTokenLifespanForImplicitFlow:
      'How long an access token from the implicit flow is valid, in seconds (no refresh token exists there).',
    ssoSessionIdleTimeout: 'A login session ends after this many seconds without activity.',
    ssoSessionMaxLifespan: 'A login session ends after this many seconds, active or not.',
    ssoSessionIdleTimeoutRememberMe:
      'Idle timeout, in seconds, of sessions where the user chose "remember me" (0: as `ssoSessionIdleTimeout`).',
    ssoSessionMaxLifespanRememberMe:
      'Maximum lifespan, in seconds, of sessions where the user chose "remember me" (0: as `ssoSessionMaxLifespan`).',
    offlineSessionIdleTimeout:
      'An offline session (offline token) ends after this many seconds without a refresh.',
    offlineSessionMaxLifespanEnabled:
      'Whether offline sessions also end after `offlineSessionMaxLifespan`, whatever their activity.',
    offlineSessionMaxLifespan:
      'With `offlineSessionMaxLifespanEnabled`, the maximum age of an offline session, in seconds.',
    clientSessionIdleTimeout:
      'Idle timeout of a client’s session, in seconds (0: the SSO session’s); limits its refresh tokens.',
    clientSessionMaxLifespan: 'Maximum lifespan of a client’s session, in seconds (0: the SSO session’s).',
    clientOfflineSessionIdleTimeout:
      'Idle timeout of a client’s offline session, in seconds (0: the realm’s offline setting).',
    clientOfflineSessionMaxLifespan:
      'Maximum lifespan of a client’s offline session, in seconds (0: the realm’s offline setting).',
    accessCodeLifespan: 'How long an authorization code is valid before the client exchanges it, in seconds.',
    accessCodeLifespanUserAction:
      'Time a user has to complete a required action (update password, verify email …), in seconds.',
    accessCodeLifespanLogin: 'Time a user has to complete a login, in seconds.',
    actionTokenGeneratedByAdminLifespan:
      'How long links sent by an administrator (e.g. "execute actions" emails) stay valid, in seconds.',
    actionTokenGeneratedByUserLifespan:
      'How long links a user asks for (e.g. forgot password) stay valid, in seconds.',
    oauth2DeviceCodeLifespan: 'How long a device code of the OAuth 2.0 device flow is valid, in seconds.',
    oauth2DevicePollingInterval:
      'Minimum seconds a device must wait between polls of the token endpoint in the device flow.',
    sslRequired:
      'Whether HTTPS is required: `none` never, `external` for requests not from private addresses, `all` always.',
    registrationAllowed: 'Whether the login page offers self-registration.',
    registrationEmailAsUsername: 'Users register and log in with their email address as username.',
    rememberMe: 'Whether the login page shows "remember me" (a session that survives closing the browser).',
    verifyEmail: 'Users must verify their email address after registering or changing it.',
    loginWithEmailAllowed: 'Users may log in with their email address instead of their username.',
    duplicateEmailsAllowed: 'Several users may share an email address (then email login is not possible).',
    resetPasswordAllowed: 'Whether the login page offers "forgot password".',
    editUsernameAllowed: 'Users may change their own username.',
    bruteForceProtected:
      'Turns on brute-force detection: failed logins lock the account temporarily or permanently.',
    permanentLockout:
      'Brute-force detection disables the user (until an administrator enables it) instead of locking for a while.',
    maxTemporaryLockouts:
      'With permanent lockout, how many temporary lockouts come before the permanent one (0: permanent at once).',
    bruteForceStrategy:
      'How the wait grows with failures: `MULTIPLE` (each `failureFactor` failures add a wait) or `LINEAR`.',
    maxFailureWaitSeconds: 'The longest a user is locked out after failures, in seconds.',
    minimumQuickLoginWaitSeconds:
      'Lockout, in seconds, after login failures that follow each other too quickly.',
    waitIncrementSeconds: 'How much each step of failures adds to the lockout, in seconds.',
    quickLoginCheckMilliSeconds: 'Two failures closer than this many milliseconds count as "too quick".',
    maxDeltaTimeSeconds: 'Failures are forgotten after this many seconds without another failure.',
    failureFactor: 'Number of failed logins before a lockout begins.',
    roles: 'Roles of the realm (`realm`) and of its clients (`client`, by clientId).',
    groups: 'The group tree: top-level groups with their `subGroups`, attributes and role mappings.',
    defaultRoles: 'Names of roles every new user gets (the format before Keycloak 13).',
    defaultRole:
      'The composite role `default-roles-<realm>` that every user has; its composites are the roles new users get.',
    defaultGroups: 'Paths of groups every new user joins (e.g. `/staff`).',
    requiredCredentials:
      'Credential types required for login (`password`); kept for old exports, Keycloak derives it from the flows.',
    passwordPolicy: 'Password rules, e.g. `length(12) and notUsername and passwordHistory(3)`.',
    otpPolicyType: 'One-time passwords based on time (`totp`) or on a counter (`hotp`).',
    otpPolicyAlgorithm: 'Hash algorithm of one-time passwords.',
    otpPolicyInitialCounter: 'Starting counter of counter-based one-time passwords (hotp).',
    otpPolicyDigits: 'Number of digits of a one-time password (6 or 8).',
    otpPolicyLookAheadWindow:
      'How many time steps or counter values before and after the expected one are accepted.',
    otpPolicyPeriod: 'How long a time-based one-time password is valid, in seconds.',
    otpPolicyCodeReusable: 'Whether the same one-time password may be used twice within its period.',
    otpSupportedApplications:
      'Authenticator apps that support the OTP policy; computed by Keycloak, ignored when planning.',
    localizationTexts: 'Realm-specific translations of messages: by locale, then message key → text.',
    webAuthnPolicyRpEntityName:
      'Relying party name shown by the authenticator during WebAuthn (two-factor) registration.',
    webAuthnPolicySignatureAlgorithms:
      'Signature algorithms accepted for WebAuthn (two-factor) credentials, e.g. ES256, RS256.',
    webAuthnPolicyRpId:
      'Relying party id (a domain) of WebAuthn (two-factor) credentials; empty: the host of the request.',
    webAuthnPolicyAttestationConveyancePreference:
      'Whether WebAuthn (two-factor) registration asks the authenticator for an attestation.',
    webAuthnPolicyAuthenticatorAttachment:
      'Which authenticators WebAuthn (two-factor) accepts: built into the device (platform) or roaming keys.',
    webAuthnPolicyRequireResidentKey:
      'Whether WebAuthn (two-factor) credentials must be stored on the authenticator (discoverable).',
    webAuthnPolicyUserVerificationRequirement:
      'Whether the authenticator must verify the user (PIN, biometrics) for WebAuthn (two-factor).',
    webAuthnPolicyCreateTimeout:
      'Seconds allowed for creating a WebAuthn (two-factor) credential (0: no limit).',
    webAuthnPolicyAvoidSameAuthenticatorRegister:
      'Refuses registering the same authenticator twice for one user (two-factor).',
    webAuthnPolicyAcceptableAaguids:
      'Only authenticators of these models (AAGUIDs) may register (two-factor); empty: any.',
    webAuthnPolicyExtraOrigins: 'Further origins accepted for WebAuthn (two-factor), e.g. of native apps.',
    webAuthnPolicyPasswordlessRpEntityName:
      'Relying party name shown by the authenticator during passwordless WebAuthn registration.',
    webAuthnPolicyPasswordlessSignatureAlgorithms:
      'Signature algorithms accepted for passwordless WebAuthn credentials.',
    webAuthnPolicyPasswordlessRpId:
      'Relying party id (a domain) of passwordless WebAuthn credentials; empty: the host of the request.',
    webAuthnPolicyPasswordlessAttestationConveyancePreference:
      'Whether passwordless WebAuthn registration asks the authenticator for an attestation.',
    webAuthnPolicyPasswordlessAuthenticatorAttachment:
      'Which authenticators passwordless WebAuthn accepts: platform or roaming.',
    webAuthnPolicyPasswordlessRequireResidentKey:
      'Whether passwordless WebAuthn credentials must be discoverable (stored on the authenticator).',
    webAuthnPolicyPasswordlessMediation:
      'How the browser mediates passkey sign-in (WebAuthn `mediation`: conditional, optional, required, silent); Keycloak 26.7 and later.',
    webAuthnPolicyPasswordlessUserVerificationRequirement:
      'Whether the authenticator must verify the user for passwordless WebAuthn.',
    webAuthnPolicyPasswordlessCreateTimeout:
      'Seconds allowed for creating a passwordless WebAuthn credential (0: no limit).',
    webAuthnPolicyPasswordlessAvoidSameAuthenticatorRegister:
      'Refuses registering the same authenticator twice for one user (passwordless).',
    webAuthnPolicyPasswordlessAcceptableAaguids:
      'Only authenticators of these models (AAGUIDs) may register for passwordless login.',
    webAuthnPolicyPasswordlessExtraOrigins: 'Further origins accepted for passwordless WebAuthn.',
    webAuthnPolicyPasswordlessPasskeysEnabled:
      'Offers passkeys (discoverable credentials) on the username form (Keycloak 26.3 and later).',
    clientProfiles: 'Client profiles: sets of executors (checks and rules) that client policies apply.',
    clientPolicies: 'Client policies: which clients (conditions) get which client profiles.',
    users: 'Users of the realm. realmform adds and updates the users listed here and never deletes users.',
    federatedUsers: 'Users of a federation provider, in old exports.',
    scopeMappings:
      'Realm roles a client or client scope may put into tokens (its scope), by client or client scope.',
    clientScopeMappings:
      'Client roles a client or client scope may put into tokens, by the clientId that owns the roles.',
    clients: 'Applications and services that use the realm for login or tokens (OIDC and SAML clients).',
    clientScopes: 'Reusable sets of protocol mappers and role scopes that clients share.',
    defaultDefaultClientScopes:
      'Client scopes every new client gets as default scopes (always in its tokens).',
    defaultOptionalClientScopes:
      'Client scopes every new client gets as optional scopes (in tokens when asked with `scope`).',
    browserSecurityHeaders:
      'HTTP security headers of the realm’s pages (Content-Security-Policy, X-Frame-Options …).',
    smtpServer:
      'Mail server settings for emails the realm sends (host, port, from, auth, ssl, starttls, user, password …).',
    userFederationProviders: 'User federation providers in the format before components (Keycloak < 2).',
    userFederationMappers: 'User federation mappers in the format before components.',
    loginTheme: 'Theme of the login pages.',
    accountTheme: 'Theme of the account console.',
    adminTheme: 'Theme of the admin console.',
    emailTheme: 'Theme of the emails the realm sends.',
    eventsEnabled: 'Whether user events (logins, errors …) are stored.',
    eventsExpiration: 'Stored user events are deleted after this many seconds.',
    eventsListeners: 'Event listeners that receive every event (`jboss-logging`, `email`, custom providers).',
    enabledEventTypes: 'Which user event types are stored (e.g. LOGIN, LOGIN_ERROR); empty: the default set.',
    adminEventsEnabled:
      'Whether changes made through the admin API are stored as admin events (realmform drift uses them to say who changed what).',
    adminEventsDetailsEnabled: 'Whether admin events include the representation that was sent.',
    identityProviders: 'External identity providers users can log in with (OIDC, SAML, social logins).',
    identityProviderMappers:
      'Mappers that turn what an identity provider sends into user attributes, roles and groups.',
    protocolMappers:
      'Realm-level protocol mappers (in old exports); mappers belong to clients and client scopes.',
    components:
      'Components by provider type: keys, user storage (LDAP, Kerberos), user profile and other providers.',
    internationalizationEnabled: 'Whether login pages and emails are offered in several languages.',
    supportedLocales: 'Languages offered when internationalization is on (e.g. en, de).',
    defaultLocale: 'Language used when the user has not chosen one.',
    authenticationFlows:
      'Authentication flows: login, registration, reset credentials and their sub-flows and executions.',
    authenticatorConfig: 'Named settings of authenticators that flows refer to by alias.',
    requiredActions:
      'Actions a user can be asked to do at login (verify email, configure OTP, update password …).',
    browserFlow: 'Alias of the flow used for browser logins.',
    registrationFlow: 'Alias of the flow used for self-registration.',
    directGrantFlow: 'Alias of the flow used for direct grants (resource owner password credentials).',
    resetCredentialsFlow: 'Alias of the flow used for "forgot password".',
    clientAuthenticationFlow: 'Alias of the flow that authenticates clients (client secret, signed JWT …).',
    dockerAuthenticationFlow: 'Alias of the flow used by the Docker registry protocol.',
    firstBrokerLoginFlow:
      'Alias of the flow run the first time a user logs in through an identity provider (Keycloak 24 and later).',
    attributes:
      'Further realm settings Keycloak keeps as attributes (e.g. `frontendUrl`, `userProfileEnabled`): name → value.',
    keycloakVersion: 'The Keycloak version that wrote an export; informational, ignored.',
    userManagedAccessAllowed: 'Lets users manage access to their own resources in the account console (UMA).',
    organizationsEnabled: 'Turns on organizations in the realm (Keycloak 25 and later).',
    organizations:
      'Organizations (Keycloak 25 and later): their domains, attributes, identity providers and members.',
    verifiableCredentialsEnabled:
      'Turns on OpenID for Verifiable Credential Issuance (name before Keycloak 26.4).',
    oid4VciEnabled: 'Turns on OpenID for Verifiable Credential Issuance (name from Keycloak 26.4 on).',
    adminPermissionsEnabled: 'Turns on fine-grained admin permissions (version 2, Keycloak 26.2 and later).',
    workflows: 'Workflows (experimental, Keycloak 26.4 and later); realmform reports them as not managed.',
    userProfile:
      'The user profile: which attributes users have, who may see and edit them, how they are validated (keycloak-config-cli’s key).',
    messageBundles: 'keycloak-config-cli’s name for `localizationTexts`: by locale, message key → text.',
    realmform: 'realmform’s own settings for this realm; never sent to Keycloak.',
  },
  'Realm.realmform': {
    ownership:
      'Ownership mode per collection (`*` for all): `authoritative` deletes what the files do not declare, `additive` never deletes, `owned-only` deletes only what realmform created.',
  },
  'Realm.roles': {
    realm: 'Roles of the realm itself.',
    client: 'Roles of clients, by clientId.',
  },
  'Realm.clientProfiles': {
    profiles: 'The realm’s own client profiles.',
    globalProfiles: 'Profiles built into Keycloak, as exports list them; they cannot be changed.',
  },
  'Realm.clientPolicies': {
    policies: 'The realm’s own client policies.',
    globalPolicies: 'Policies built into Keycloak, as exports list them; they cannot be changed.',
  },
  'Realm.userFederationProviders[]': {
    displayName: 'Name of the provider.',
    providerName: 'Type of the provider (`ldap`, `kerberos`).',
    config: 'Settings of the provider.',
    priority: 'Order in which providers are asked for users.',
    fullSyncPeriod: 'Seconds between full synchronisations (-1: never).',
    changedSyncPeriod: 'Seconds between synchronisations of changed users (-1: never).',
    lastSync: 'When the last synchronisation ran; set by Keycloak.',
  },
  'Realm.userFederationMappers[]': {
    name: 'Name of the mapper.',
    federationProviderDisplayName: 'Name of the provider the mapper belongs to.',
    federationMapperType: 'Type of the mapper.',
    config: 'Settings of the mapper.',
  },
  Role: {
    name: 'The role’s name: its key within the realm or client.',
    description: 'What the role allows, shown in the admin console and consent screens.',
    scopeParamRequired: 'Old setting: the role was granted only when asked with the scope parameter.',
    composite: 'Whether the role includes other roles (`composites`); set by Keycloak from `composites`.',
    composites: 'Roles this role includes: whoever has this role has those too.',
    clientRole: 'Whether the role belongs to a client; set by Keycloak.',
    attributes: 'Free-form attributes of the role: name → list of values.',
  },
  'Role.composites': {
    realm: 'Realm roles included, by name.',
    client: 'Client roles included: clientId → role names.',
  },
  Group: {
    name: 'The group’s name; its path (`/parent/name`) is its key.',
    description: 'Free text about the group (Keycloak 26 and later).',
    path: 'Full path of the group (`/parent/child`); derived from the tree, may be left out.',
    parentId: 'Id of the parent group; set by Keycloak, the tree says it.',
    subGroupCount: 'Number of subgroups; set by Keycloak.',
    subGroups: 'Child groups.',
    attributes: 'Free-form attributes of the group, inherited by its members: name → list of values.',
    realmRoles: 'Realm roles every member of the group has.',
    clientRoles: 'Client roles every member of the group has: clientId → role names.',
    access: 'What the reading administrator may do with the group; set by Keycloak, ignored.',
  },
  ClientProfile: {
    name: 'Name of the profile, referred to by client policies.',
    executors: 'Checks and rules the profile applies to clients and their requests.',
  },
  'ClientProfile.executors[]': {
    executor: 'Provider id of the executor (e.g. `secure-client-authenticator`, `pkce-enforcer`).',
    configuration: 'Settings of the executor.',
  },
  ClientPolicy: {
    name: 'Name of the policy.',
    enabled: 'Whether the policy is applied.',
    conditions: 'When the policy applies (client roles, client access type, scopes …).',
    profiles: 'Names of the client profiles applied when the conditions match.',
  },
  'ClientPolicy.conditions[]': {
    condition: 'Provider id of the condition (e.g. `client-roles`, `client-access-type`).',
    configuration: 'Settings of the condition.',
  },
  User: {
    username: 'The user’s login name: the user’s key (with `registrationEmailAsUsername`, the email).',
    firstName: 'Given name.',
    lastName: 'Family name.',
    email: 'Email address.',
    emailVerified: 'Whether the email address has been verified.',
    attributes: 'Further attributes of the user (as the user profile allows): name → list of values.',
    userProfileMetadata: 'How the user profile presents the user’s attributes; set by Keycloak, ignored.',
    self: 'Link to the user; set by Keycloak, ignored.',
    origin: 'Where the user came from; set by Keycloak, ignored.',
    createdTimestamp: 'When the user was created (milliseconds since the epoch); set by Keycloak, ignored.',
    enabled: 'Whether the user can log in.',
    totp: 'Whether the user has an OTP credential.',
    federationLink: 'Id of the user storage provider (LDAP …) the user belongs to; set by Keycloak.',
    serviceAccountClientId:
      'For a client’s service account: that client’s clientId. Service account users carry the client’s role mappings.',
    credentials:
      'Credentials to set: a password (`type: password`, `value`, `temporary`). Written on create, never compared or printed.',
    disableableCredentialTypes: 'Credential types an administrator can disable; set by Keycloak, ignored.',
    requiredActions:
      'Actions the user must do at the next login (e.g. `VERIFY_EMAIL`, `UPDATE_PASSWORD`, `CONFIGURE_TOTP`).',
    federatedIdentities: 'Links to accounts at identity providers.',
    realmRoles: 'Realm roles mapped to the user directly (not through groups).',
    clientRoles: 'Client roles mapped to the user directly: clientId → role names.',
    clientConsents: 'Consents the user gave to clients.',
    notBefore: 'Tokens of the user issued before this time are rejected; set by Keycloak.',
    groups: 'Paths of the groups the user is a member of (e.g. `/staff/support`).',
    access: 'What the reading administrator may do with the user; set by Keycloak, ignored.',
    applicationRoles: 'Client roles in the format of Keycloak 1.',
    socialLinks: 'Identity provider links in the format of Keycloak 1.',
  },
  'User.federatedIdentities[]': {
    identityProvider: 'Alias of the identity provider.',
    userId: 'The user’s id at the identity provider.',
    userName: 'The user’s name at the identity provider.',
  },
  'User.clientConsents[]': {
    clientId: 'The client the consent was given to.',
    grantedClientScopes: 'Client scopes the user consented to.',
    createdDate: 'When the consent was given; set by Keycloak.',
    lastUpdatedDate: 'When the consent last changed; set by Keycloak.',
    grantedRealmRoles: 'Realm roles consented to (old format).',
  },
  Credential: {
    type: 'Kind of credential: `password`, `otp`, `webauthn` …',
    userLabel: 'A name the user gave the credential.',
    createdDate: 'When the credential was created; set by Keycloak.',
    secretData: 'Stored secret (hashes) of an exported credential; never printed.',
    credentialData: 'Stored parameters (algorithm, iterations …) of an exported credential.',
    priority: 'Order among the user’s credentials.',
    value:
      'The clear-text value to set (a password); written on create, never compared or printed. Use a variable (`${env:…}`).',
    temporary: 'The user must change the password at the next login.',
    device: 'OTP device (old format).',
    hashedSaltedValue: 'Password hash (old format).',
    salt: 'Password salt (old format).',
    hashIterations: 'Hash iterations (old format).',
    counter: 'OTP counter (old format).',
    algorithm: 'Hash or OTP algorithm (old format).',
    digits: 'OTP digits (old format).',
    period: 'OTP period (old format).',
    config: 'Further settings of the credential (old format).',
  },
  ScopeMapping: {
    self: 'Link to the mapping; set by Keycloak, ignored.',
    client: 'The clientId whose scope this is.',
    clientScope: 'The client scope whose scope this is.',
    roles: 'Names of the roles the client or client scope may put into tokens.',
  },
  Client: {
    clientId: 'The client’s identifier in protocol requests (OIDC `client_id`, SAML entity id): its key.',
    name: 'Name shown to users (consent screen, account console).',
    description: 'Free text about the client.',
    type: 'Client type (OpenID for Verifiable Credentials); rarely set.',
    rootUrl: 'Base URL that relative URLs of the client (redirect URIs, base URL) are resolved against.',
    adminUrl: 'URL of the application’s admin endpoint (back-channel logout and push of revocations).',
    baseUrl: 'Default URL of the application, used for links back to it.',
    surrogateAuthRequired: 'Old setting; no effect in current Keycloak.',
    enabled: 'Whether the client can be used.',
    alwaysDisplayInConsole:
      'Lists the client in the account console even when the user has no session with it.',
    clientAuthenticatorType:
      'How a confidential client authenticates: `client-secret`, `client-jwt` (signed JWT), `client-secret-jwt`, `client-x509`.',
    secret:
      'Client secret of a confidential client; write-only: set on create, never compared or printed. Use a variable (`${env:…}`).',
    registrationAccessToken: 'Token for dynamic client registration; set by Keycloak, never printed.',
    defaultRoles: 'Roles new users got from this client (old format).',
    redirectUris: 'Valid redirect URIs after login (wildcard `*` at the end allowed). Compared as a set.',
    webOrigins: 'Allowed CORS origins (`+` means the origins of the redirect URIs). Compared as a set.',
    notBefore: 'Tokens of the client issued before this time are rejected; set by Keycloak.',
    bearerOnly:
      'The client never logs users in; it only accepts tokens (old setting, replaced by disabling all flows).',
    consentRequired: 'Users must consent before the client gets their data.',
    standardFlowEnabled: 'Allows the authorization code flow (browser login with redirect).',
    implicitFlowEnabled: 'Allows the implicit flow (tokens in the redirect; discouraged).',
    directAccessGrantsEnabled:
      'Allows the resource owner password credentials grant (username and password sent by the client).',
    serviceAccountsEnabled: 'Gives the client a service account (client credentials grant).',
    authorizationServicesEnabled:
      'Turns on authorization services (resources, scopes, policies, permissions) for the client.',
    directGrantsOnly: 'Old setting: only direct grants were allowed.',
    publicClient:
      'A public client has no secret (browser and mobile apps); confidential clients authenticate.',
    frontchannelLogout: 'Logs out through the browser (front channel) rather than server to server.',
    protocol: 'Protocol of the client: `openid-connect` (default), `saml`, `docker-v2` or `oid4vc`.',
    attributes:
      'Further client settings Keycloak keeps as attributes (e.g. `pkce.code.challenge.method`, `post.logout.redirect.uris`): name → value.',
    authenticationFlowBindingOverrides:
      'Flows used for this client instead of the realm’s: binding (`browser`, `direct_grant`) → flow alias.',
    fullScopeAllowed:
      'Tokens may contain all the user’s roles; when false only the roles in the client’s scope mappings.',
    nodeReRegistrationTimeout:
      'Seconds a cluster node of the application stays registered without re-registering (-1: forever).',
    registeredNodes: 'Cluster nodes of the application that registered; runtime state, ignored.',
    protocolMappers: 'Protocol mappers of the client: what goes into its tokens and assertions.',
    clientTemplate: 'Name of the client template (Keycloak < 4).',
    useTemplateConfig: 'Take settings from the client template (Keycloak < 4).',
    useTemplateScope: 'Take the scope from the client template (Keycloak < 4).',
    useTemplateMappers: 'Take mappers from the client template (Keycloak < 4).',
    defaultClientScopes: 'Client scopes always applied to the client’s tokens.',
    optionalClientScopes: 'Client scopes applied when the client asks for them with the `scope` parameter.',
    authorizationSettings:
      'Authorization services of the client: resources, scopes, policies and permissions.',
    access: 'What the reading administrator may do with the client; set by Keycloak, ignored.',
    origin: 'Where the client came from; set by Keycloak, ignored.',
  },
  ProtocolMapper: {
    name: 'Name of the mapper, its key within the client or client scope.',
    protocol: 'Protocol the mapper works for: `openid-connect` or `saml`.',
    protocolMapper:
      'Type of the mapper (e.g. `oidc-usermodel-attribute-mapper`, `oidc-hardcoded-claim-mapper`).',
    consentRequired: 'Whether users consent to this mapper separately (old setting).',
    consentText: 'Text shown on the consent screen (old setting).',
    config:
      'Settings of the mapper (e.g. `claim.name`, `user.attribute`, `access.token.claim`): name → value.',
  },
  ResourceServer: {
    clientId: 'Id of the client (set by Keycloak).',
    name: 'Name of the resource server (the client).',
    allowRemoteResourceManagement:
      'Lets the resource server manage its resources through the protection API.',
    policyEnforcementMode:
      '`ENFORCING`: requests without a permission are denied; `PERMISSIVE`: allowed; `DISABLED`: no checks.',
    resources: 'Protected resources.',
    policies: 'Policies and permissions (permissions are policies of type `resource` or `scope`).',
    scopes: 'Authorization scopes (actions on resources, e.g. `view`, `edit`).',
    decisionStrategy: 'How the permissions of a resource combine: `UNANIMOUS`, `AFFIRMATIVE` or `CONSENSUS`.',
    authorizationSchema: 'Resource types of fine-grained admin permissions; owned by Keycloak.',
  },
  AuthorizationResource: {
    name: 'Name of the resource, its key.',
    uris: 'URIs the resource protects.',
    uri: 'Single URI (old format).',
    type: 'Type of the resource; typed resources share permissions.',
    scopes: 'Scopes (actions) the resource supports.',
    resource_scopes: 'The scopes under their UMA protection API name; the same as `scopes`.',
    icon_uri: 'Icon of the resource.',
    owner: 'Owner of the resource (a user or the resource server).',
    ownerManagedAccess: 'The owner may grant access to the resource (UMA).',
    displayName: 'Name shown to users.',
    attributes: 'Free-form attributes of the resource: name → list of values.',
  },
  'AuthorizationResource.owner': {
    id: 'Id of the owner.',
    name: 'Name of the owner.',
  },
  AuthorizationScope: {
    name: 'Name of the scope, its key.',
    iconUri: 'Icon of the scope.',
    displayName: 'Name shown to users.',
    policies: 'Policies using the scope; read-only.',
    resources: 'Resources having the scope; read-only.',
  },
  Policy: {
    name: 'Name of the policy or permission, its key.',
    description: 'Free text about the policy.',
    type: 'Type: a policy (`role`, `group`, `user`, `client`, `time`, `regex`, `aggregate`, `js` …) or a permission (`resource`, `scope`).',
    policies: 'For permissions and aggregate policies: names of the policies they combine.',
    resources: 'For permissions: names of the resources they protect.',
    scopes: 'For scope permissions: names of the scopes they protect.',
    logic: '`POSITIVE` grants when the policy matches; `NEGATIVE` inverts it.',
    decisionStrategy: 'How the combined policies decide: `UNANIMOUS`, `AFFIRMATIVE` or `CONSENSUS`.',
    owner: 'Owner of the policy; set by Keycloak.',
    resourceType: 'For permissions on typed resources: the type.',
    config: 'Settings of the policy in Keycloak’s export format (values as JSON text).',
    roles: 'For role policies: the roles and whether each is required.',
    groups: 'For group policies: the groups.',
    groupsClaim: 'For group policies: the token claim holding the groups.',
    clients: 'For client policies: the clients.',
    users: 'For user policies: the users.',
    clientScopes: 'For client scope policies: the client scopes and whether each is required.',
    fetchRoles: 'For role policies: read the user’s roles from the server instead of the token.',
    code: 'For JavaScript policies: the script.',
  },
  'Policy.roles[]': {
    id: 'The role (name, or clientId/role for a client role).',
    required: 'The user must have this role for the policy to grant.',
  },
  'Policy.groups[]': {
    id: 'Id of the group.',
    path: 'Path of the group.',
    extendChildren: 'Members of subgroups match as well.',
  },
  'Policy.clientScopes[]': {
    id: 'The client scope.',
    required: 'The token must have this scope for the policy to grant.',
  },
  ClientScope: {
    name: 'Name of the client scope, its key (the value of the `scope` parameter).',
    description: 'Free text about the scope, also shown on the consent screen.',
    protocol: 'Protocol of the scope: `openid-connect` or `saml`.',
    attributes:
      'Settings of the scope (e.g. `include.in.token.scope`, `display.on.consent.screen`, `consent.screen.text`): name → value.',
    protocolMappers: 'Protocol mappers the scope adds to tokens.',
  },
  'Realm.adminPermissionsClient': {
    id: 'Keycloak’s id of that client.',
    clientId: 'clientId of that client (admin-permissions).',
  },
  IdentityProvider: {
    alias: 'Alias of the identity provider, its key and part of its redirect URL.',
    types: 'Kinds of use of the provider as Keycloak reports them (newer versions); read-only.',
    displayName: 'Name on the login page button.',
    internalId: 'Keycloak’s id of the provider; set by Keycloak, ignored.',
    providerId:
      'Type of the provider: `oidc`, `keycloak-oidc`, `saml`, or a social provider (`google`, `github` …).',
    enabled: 'Whether users can log in with the provider.',
    updateProfileFirstLoginMode: 'Whether users reviewed their profile at their first login (old setting).',
    updateProfileFirstLogin: 'Users reviewed their profile at their first login (old setting).',
    trustEmail: 'Email addresses from the provider count as verified.',
    storeToken: 'Stores the provider’s tokens so that applications can read them.',
    addReadTokenRoleOnCreate: 'New users get the role to read the stored provider tokens.',
    authenticateByDefault: 'Old setting: redirect to this provider at once.',
    linkOnly: 'Users can only link existing accounts with the provider, not log in with it.',
    hideOnLogin: 'The provider is not shown on the login page (reachable by hint or redirector).',
    firstBrokerLoginFlowAlias: 'Flow run the first time a user logs in through this provider.',
    postBrokerLoginFlowAlias: 'Flow run after every login through this provider (e.g. extra checks).',
    organizationId: 'The organization the provider is linked to; set through organizations.',
    config:
      'Settings of the provider (URLs, `clientId`, `clientSecret`, `syncMode` …): name → value. `clientSecret` is never printed.',
  },
  IdentityProviderMapper: {
    name: 'Name of the mapper, its key within the identity provider.',
    identityProviderAlias: 'Alias of the identity provider the mapper belongs to.',
    identityProviderMapper:
      'Type of the mapper (e.g. `oidc-user-attribute-idp-mapper`, `oidc-role-idp-mapper`).',
    config: 'Settings of the mapper (claim, attribute, role, `syncMode` …): name → value.',
  },
  Component: {
    name: 'Name of the component, its key with the provider type.',
    providerId: 'Implementation of the component (e.g. `ldap`, `rsa-generated`).',
    subType: 'Subtype within the provider type, where it has one.',
    subComponents: 'Child components by provider type (e.g. the mappers of an LDAP provider).',
    config:
      'Settings of the component: name → list of values. Secrets (bind credentials, private keys) are never printed.',
  },
  AuthenticationFlow: {
    alias: 'Name of the flow, its key; bindings and executions refer to it.',
    description: 'Free text about the flow.',
    providerId:
      '`basic-flow` for ordinary flows, `form-flow` for a form (registration), `client-flow` for client authentication.',
    topLevel: 'Whether the flow can be bound (top level) or is a sub-flow.',
    builtIn: 'Whether Keycloak created the flow; built-in flows cannot be changed structurally.',
    authenticationExecutions: 'The steps of the flow, in order: authenticators and sub-flows.',
  },
  AuthenticationExecution: {
    authenticatorConfig: 'Alias of the authenticator configuration (`authenticatorConfig`) the step uses.',
    authenticator:
      'Provider id of the authenticator (e.g. `auth-cookie`, `auth-otp-form`); for sub-flows, the form type if any.',
    authenticatorFlow: 'Whether the step is a sub-flow (`flowAlias`) rather than an authenticator.',
    requirement:
      '`REQUIRED`, `ALTERNATIVE` (one of the alternatives must succeed), `CONDITIONAL` (sub-flow run when its conditions hold) or `DISABLED`.',
    priority: 'Position of the step within its flow: lower runs first.',
    autheticatorFlow: 'Keycloak’s misspelled duplicate of `authenticatorFlow`.',
    flowAlias: 'For a sub-flow step: the alias of the sub-flow.',
    userSetupAllowed: 'Users may set up the credential the step needs when they have none.',
  },
  AuthenticatorConfig: {
    alias: 'Name of the configuration, referred to by flow steps.',
    config: 'Settings of the authenticator: name → value.',
  },
  RequiredAction: {
    alias: 'Alias of the required action, its key (e.g. `VERIFY_EMAIL`, `CONFIGURE_TOTP`).',
    name: 'Name shown in the admin console.',
    providerId: 'Provider of the required action.',
    enabled: 'Whether the action can be assigned to users.',
    defaultAction: 'New users get this action.',
    priority: 'Order in which pending actions are asked.',
    config: 'Settings of the action (e.g. how often to ask): name → value.',
  },
  Organization: {
    name: 'Name of the organization.',
    alias: 'Alias of the organization, its key (derived from the name when absent).',
    enabled: 'Whether the organization is active.',
    description: 'Free text about the organization.',
    redirectUrl: 'Where members go after registering or accepting an invitation.',
    attributes: 'Free-form attributes of the organization: name → list of values.',
    domains: 'Internet domains of the organization.',
    members: 'Members, by username.',
    identityProviders: 'Identity providers linked to the organization, by alias.',
  },
  'Organization.domains[]': {
    name: 'The domain name.',
    verified: 'Whether the organization owns the domain (users of it are routed to its providers).',
  },
  'Organization.members[]': {
    membershipType:
      '`UNMANAGED`: added by an administrator; `MANAGED`: created through the organization’s identity provider.',
  },
  Workflow: {
    name: 'Name of the workflow.',
    enabled: 'Whether the workflow runs.',
    steps: 'Steps of the workflow.',
  },
  'Workflow.steps[]': { uses: 'Provider of the step.' },
  UserProfile: {
    attributes: 'The user attributes: name, validation, who may view and edit them, when they are required.',
    groups: 'Groups of attributes, shown together on forms.',
    unmanagedAttributePolicy:
      'What happens to attributes not in the profile: kept hidden (absent), `ENABLED`, `ADMIN_VIEW` or `ADMIN_EDIT`.',
  },
  'UserProfile.attributes[]': {
    name: 'Name of the attribute, its key.',
    displayName: 'Label on forms (may be a message key like `${profile.attributes.phone}`).',
    validations: 'Validators by name (e.g. `length`, `email`, `pattern`) with their settings.',
    annotations: 'Hints for forms (input type, order …).',
    required: 'When the attribute is required: for these roles (`user`, `admin`) and scopes.',
    permissions: 'Who may view and edit the attribute (`user`, `admin`).',
    selector: 'Limits the attribute to logins with these client scopes.',
    group: 'Name of the attribute group it belongs to.',
    multivalued: 'Whether the attribute holds several values.',
    defaultValue: 'Value used when none is given (Keycloak 26.1 and later).',
  },
  'UserProfile.attributes[].required': {
    roles: 'Required for these roles: `user` (self-service forms), `admin` (admin console).',
    scopes: 'Required only when one of these client scopes is requested.',
  },
  'UserProfile.attributes[].permissions': {
    view: 'Who may see the attribute: `user`, `admin`.',
    edit: 'Who may change the attribute: `user`, `admin`.',
  },
  'UserProfile.attributes[].selector': {
    scopes: 'The attribute exists only when one of these client scopes is requested.',
  },
  'UserProfile.groups[]': {
    name: 'Name of the group, referred to by attributes.',
    displayHeader: 'Heading shown above the group’s attributes.',
    displayDescription: 'Text shown under the heading.',
    annotations: 'Hints for forms.',
  },
};

/** Objects that share another's fields: a member is a user. */
const SAME_AS: Readonly<Record<string, string>> = { 'Organization.members[]': 'User' };

/** The description of a field of an object (see DESCRIPTIONS for how objects are named). */
export function describeField(object: string, field: string): string | undefined {
  const own = DESCRIPTIONS[object]?.[field];
  if (own) return own;
  for (const [prefix, target] of Object.entries(SAME_AS))
    if (object === prefix || object.startsWith(`${prefix}.`))
      return describeField(target + object.slice(prefix.length), field);
  return COMMON[field];
}

export function deprecationOf(object: string, field: string): string | undefined {
  const own = DEPRECATED[object]?.[field];
  if (own) return own;
  for (const [prefix, target] of Object.entries(SAME_AS))
    if (object === prefix || object.startsWith(`${prefix}.`))
      return deprecationOf(target + object.slice(prefix.length), field);
  return undefined;
}

export function suggestionsOf(object: string, field: string): readonly string[] | undefined {
  return SUGGESTIONS[object]?.[field];
}
