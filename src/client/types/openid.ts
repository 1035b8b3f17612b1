import type { TokenResponse } from '../token-manager.js';
import type { ClientRepresentation } from './representations.js';

/**
 * Shapes of Keycloak's OpenID Connect / OAuth 2 / UMA answers, as the 26.x server sends them.
 * Only the members Keycloak documents are named; the rest stays reachable through the index
 * signatures, since every realm can add claims through protocol mappers.
 */

/** `/.well-known/openid-configuration` (OpenID Connect discovery). */
export interface OpenIDConfiguration {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  introspection_endpoint?: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
  jwks_uri: string;
  check_session_iframe?: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  device_authorization_endpoint?: string;
  backchannel_authentication_endpoint?: string;
  pushed_authorization_request_endpoint?: string;
  grant_types_supported?: string[];
  response_types_supported?: string[];
  response_modes_supported?: string[];
  subject_types_supported?: string[];
  scopes_supported?: string[];
  claims_supported?: string[];
  code_challenge_methods_supported?: string[];
  id_token_signing_alg_values_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  [key: string]: unknown;
}

/**
 * What the token endpoint answers for the password, code, client-credentials and refresh grants:
 * the admin client's TokenResponse, open to the extra fields some grants add.
 */
export interface OpenIDTokenResponse extends TokenResponse {
  [key: string]: unknown;
}

/** Token exchange (RFC 8693) answer. */
export interface TokenExchangeResponse extends OpenIDTokenResponse {
  issued_token_type?: string;
}

/** UMA grant answer when a requesting party token (RPT) is issued. */
export interface RptResponse extends OpenIDTokenResponse {
  /** `true` when an RPT given as `rpt` was extended with the new permissions. */
  upgraded?: boolean;
}

/** One granted permission, as the UMA grant with `response_mode=permissions` lists it. */
export interface UmaGrantedPermission {
  rsid: string;
  rsname: string;
  /** Absent when the resource has no scopes. */
  scopes?: string[];
  claims?: Record<string, string[]>;
}

/** A permission inside an RPT or an RPT introspection. */
export interface RptPermission extends UmaGrantedPermission {
  resource_id?: string;
  resource_scopes?: string[];
}

/** Claims of a Keycloak access, ID or refresh token. */
export interface TokenClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nbf?: number;
  jti?: string;
  typ?: string;
  azp?: string;
  sid?: string;
  nonce?: string;
  scope?: string;
  acr?: string;
  session_state?: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  realm_access?: { roles: string[] };
  resource_access?: Record<string, { roles: string[] }>;
  'allowed-origins'?: string[];
  /** Present in requesting party tokens. */
  authorization?: { permissions?: RptPermission[] };
  [claim: string]: unknown;
}

/** RFC 7662 introspection answer: `{ active: false }` for an unknown, expired or revoked token. */
export interface TokenIntrospection extends TokenClaims {
  active: boolean;
  client_id?: string;
  username?: string;
  token_type?: string;
  /** For `token_type_hint=requesting_party_token`. */
  permissions?: RptPermission[];
}

/** The userinfo endpoint's answer: the standard claims the token's scopes allow. */
export interface UserInfo {
  sub: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  [claim: string]: unknown;
}

/** A public key of the realm, as a JSON Web Key. */
export interface RealmJsonWebKey {
  kid?: string;
  kty: string;
  alg?: string;
  /** `sig` for signing keys, `enc` for encryption keys. */
  use?: string;
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
  x5c?: string[];
  x5t?: string;
  'x5t#S256'?: string;
  [key: string]: unknown;
}

/** The realm's JSON Web Key Set (`/protocol/openid-connect/certs`). */
export interface RealmJsonWebKeySet {
  keys: RealmJsonWebKey[];
}

/** The realm's public description (`GET /realms/{realm}`). */
export interface PublishedRealmRepresentation {
  realm: string;
  public_key: string;
  'token-service': string;
  'account-service': string;
  'tokens-not-before': number;
}

/** The device authorization endpoint's answer (RFC 8628). */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  /** Seconds the codes stay valid. */
  expires_in: number;
  /** Seconds to wait between two token polls. */
  interval?: number;
  [key: string]: unknown;
}

/** A client as dynamic client registration returns it (a ClientRepresentation plus its registration token). */
export interface RegisteredClient extends ClientRepresentation {
  /** Bearer token for the next update of this client through the registration endpoint. */
  registrationAccessToken?: string;
}
