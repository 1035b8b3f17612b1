import * as z from 'zod';
import { bool, definitions, int, json, multiMap, str, strict, stringMap, strings } from './primitives.js';

export const credentialSchema = strict({
  id: str.optional(),
  type: str.optional(),
  userLabel: str.optional(),
  createdDate: int.optional(),
  secretData: str.optional(),
  credentialData: str.optional(),
  priority: int.optional(),
  value: str.optional(),
  temporary: bool.optional(),
  // Pre-Keycloak-10 exports stored hashes in these fields.
  device: str.optional(),
  hashedSaltedValue: str.optional(),
  salt: str.optional(),
  hashIterations: int.optional(),
  counter: int.optional(),
  algorithm: str.optional(),
  digits: int.optional(),
  period: int.optional(),
  config: multiMap.optional(),
}).register(definitions, { id: 'Credential' });

const federatedIdentitySchema = strict({
  identityProvider: str.optional(),
  userId: str.optional(),
  userName: str.optional(),
});

const consentSchema = strict({
  clientId: str.optional(),
  grantedClientScopes: strings.optional(),
  createdDate: int.optional(),
  lastUpdatedDate: int.optional(),
  /** Deprecated. */
  grantedRealmRoles: strings.optional(),
});

export const userShape = {
  id: str.optional(),
  /** Optional because a realm with `registrationEmailAsUsername` keys users by email. */
  username: str.optional(),
  firstName: str.optional(),
  lastName: str.optional(),
  email: str.optional(),
  emailVerified: bool.optional(),
  attributes: multiMap.optional(),
  /** Read-only metadata the server adds; tolerated so that exports validate. */
  userProfileMetadata: json.optional(),
  self: str.optional(),
  origin: str.optional(),
  createdTimestamp: int.optional(),
  enabled: bool.optional(),
  totp: bool.optional(),
  federationLink: str.optional(),
  serviceAccountClientId: str.optional(),
  credentials: z.array(credentialSchema).optional(),
  disableableCredentialTypes: strings.optional(),
  requiredActions: strings.optional(),
  federatedIdentities: z.array(federatedIdentitySchema).optional(),
  realmRoles: strings.optional(),
  clientRoles: z.record(z.string(), strings).optional(),
  clientConsents: z.array(consentSchema).optional(),
  notBefore: int.optional(),
  groups: strings.optional(),
  access: z.record(z.string(), bool).optional(),
  /** Deprecated (Keycloak < 2). */
  applicationRoles: z.record(z.string(), strings).optional(),
  socialLinks: z.array(stringMap).optional(),
};

export const userSchema = strict(userShape).register(definitions, { id: 'User' });
