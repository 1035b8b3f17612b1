/** Types of the authentication management endpoints (`/admin/realms/{realm}/authentication/…`). */
import type { ConfigPropertyRepresentation, StringMap } from './representations.js';

/** Body of `POST /flows/{alias}/copy`. */
export interface AuthenticationFlowCopyRepresentation {
  /** Alias of the copy. Sub-flows of the copy are named `<newName> <sub-flow alias>`. */
  newName: string;
}

/** Body of `POST /flows/{alias}/executions/execution`. */
export interface AuthenticationExecutionCreateRepresentation {
  /** Provider id of the authenticator (form action in a form flow, client authenticator in a client flow). */
  provider: string;
  /** Position in the parent flow (honoured since Keycloak 25). Must be a JSON number: a string answers 500. */
  priority?: number;
}

/** Body of `POST /flows/{alias}/executions/flow`. */
export interface AuthenticationSubflowCreateRepresentation {
  /** Alias of the new sub-flow: unique in the whole realm. */
  alias: string;
  /** Flow type: `basic-flow` or `form-flow` (`client-flow` for client authentication). */
  type: string;
  /** Form provider of a `form-flow`, e.g. `registration-page-form`; ignored for other types. */
  provider?: string;
  description?: string;
  /** Position in the parent flow (honoured since Keycloak 25). */
  priority?: number;
}

/** An entry of `GET /authenticator-providers`, `/form-providers` or `/form-action-providers`. */
export interface AuthenticatorProviderRepresentation {
  id?: string;
  displayName?: string;
  description?: string;
}

/** An entry of `GET /client-authenticator-providers`. */
export interface ClientAuthenticatorProviderRepresentation extends AuthenticatorProviderRepresentation {
  /** Whether clients using it have a secret (`client-secret`, `client-secret-jwt`). */
  supportsSecret?: boolean;
}

/** One configurable property of an authenticator, client authenticator or required action. */
export type AuthenticatorConfigPropertyRepresentation = ConfigPropertyRepresentation;

/** `GET /config-description/{providerId}`. */
export interface AuthenticatorConfigInfoRepresentation {
  name?: string;
  providerId?: string;
  helpText?: string;
  properties?: AuthenticatorConfigPropertyRepresentation[];
}

/** `GET /per-client-config-description`: client authenticator id → its per-client properties. */
export type PerClientConfigDescription = Record<string, AuthenticatorConfigPropertyRepresentation[]>;

/** An entry of `GET /unregistered-required-actions`: a deployed provider the realm has not registered. */
export interface UnregisteredRequiredActionRepresentation {
  providerId?: string;
  name?: string;
}

/** Body of `POST /register-required-action`. The new action's alias is its `providerId`. */
export interface RequiredActionRegistration {
  providerId: string;
  name?: string;
}

/** `GET /required-actions/{alias}/config-description`. */
export interface RequiredActionConfigInfoRepresentation {
  properties?: AuthenticatorConfigPropertyRepresentation[];
}

/** `GET`/`PUT /required-actions/{alias}/config`. */
export interface RequiredActionConfigRepresentation {
  config?: StringMap;
}
