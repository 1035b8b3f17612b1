/**
 * The client's error hierarchy. It mirrors python-keycloak's exceptions (same names, same
 * parent classes) so code ported from Python keeps its `catch` structure, and adds what a
 * caller needs to act on a failure: the HTTP method, the path *template* (never the expanded
 * URL, which may carry ids or query secrets) and the server's own message.
 */
import { redactText, redactValue } from './redact.js';

export interface KeycloakErrorDetails {
  /** HTTP status code, when the server answered. */
  responseCode?: number;
  /** The server's body (JSON parsed when possible), with secrets redacted. */
  responseBody?: unknown;
  method?: string;
  /** Path template such as `/admin/realms/{realm}/users/{id}`. */
  path?: string;
  cause?: unknown;
  /** Network error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED` …) of a connection failure. */
  code?: string;
  /** The realm the call worked in (the value of `{realm}` in `path`). */
  realm?: string;
  /** For a connection failure: whether the server had answered an earlier request. */
  answeredBefore?: boolean;
}

export class KeycloakError extends Error {
  readonly responseCode: number | undefined;
  readonly responseBody: unknown;
  readonly method: string | undefined;
  readonly path: string | undefined;
  /** The realm the call worked in, when known. */
  readonly realm: string | undefined;
  /** The error message Keycloak sent (`errorMessage`, `error_description`, `error`), if any. */
  readonly serverMessage: string | undefined;

  /** `errorMessage` is python's first argument: what went wrong, in one line. */
  constructor(errorMessage: string, details: KeycloakErrorDetails = {}) {
    const body = redactValue(details.responseBody);
    const serverMessage = extractServerMessage(body);
    super(redactText(composeMessage(errorMessage, details, serverMessage)), { cause: details.cause });
    this.name = new.target.name;
    this.responseCode = details.responseCode;
    this.responseBody = body;
    this.method = details.method;
    this.path = details.path;
    this.realm = details.realm;
    this.serverMessage = serverMessage;
  }

  /** python's `error_message`: the server's message when it sent one, else this error's message. */
  get errorMessage(): string {
    return this.serverMessage ?? this.message;
  }

  /** python's `str(error)`; here `Name: message` (the message already carries the status). */
  override toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

/** Token could not be obtained: bad credentials, disabled client, wrong realm. */
export class KeycloakAuthenticationError extends KeycloakError {}
/** A network-level failure: refused connection, TLS failure, timeout. */
export class KeycloakConnectionError extends KeycloakError {
  /** `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT`, `SELF_SIGNED_CERT_IN_CHAIN` … */
  readonly code: string | undefined;
  /** False when the server never answered this client: a wrong URL more likely than an outage. */
  readonly answeredBefore: boolean;

  constructor(message: string, details: KeycloakErrorDetails = {}) {
    super(message, details);
    this.code = details.code;
    this.answeredBefore = details.answeredBefore ?? false;
  }
}
/** A call reached the server and the server refused it. */
export class KeycloakOperationError extends KeycloakError {}
/** A method that Keycloak (or this client) no longer supports. */
export class KeycloakDeprecationError extends KeycloakError {}
export class KeycloakGetError extends KeycloakOperationError {}
export class KeycloakPostError extends KeycloakOperationError {}
export class KeycloakPutError extends KeycloakOperationError {}
export class KeycloakDeleteError extends KeycloakOperationError {}
export class KeycloakInvalidTokenError extends KeycloakOperationError {}
export class KeycloakSecretNotFound extends KeycloakOperationError {}
export class KeycloakAuthorizationConfigError extends KeycloakOperationError {}
/** UMA: a requesting party token was expected and none was given or issued. */
export class KeycloakRPTNotFound extends KeycloakOperationError {}
/** A permission list has a shape that cannot be turned into `resource#scope` strings. */
export class KeycloakPermissionFormatError extends KeycloakOperationError {}

/**
 * An authorization settings document names a policy or permission in a way that cannot be read.
 * Like python-keycloak's, it is not a KeycloakError: no request failed.
 */
export class PermissionDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Whether the server answered 404 to the call itself. A failed login is never "not found", even
 * when the token endpoint answered 404 (unknown auth realm, wrong base URL): treating it as such
 * would make a plan believe the realm is missing.
 */
export function isNotFound(error: unknown): error is KeycloakError {
  return (
    error instanceof KeycloakError &&
    !(error instanceof KeycloakAuthenticationError) &&
    error.responseCode === 404
  );
}

export type KeycloakErrorClass = new (message: string, details?: KeycloakErrorDetails) => KeycloakError;

/**
 * The error class python-keycloak raises for a failed call: KeycloakAuthenticationError for a 401
 * (the token was refused even after one renewal), otherwise the class for the request's method.
 */
export function errorClassFor(method: string, status: number | undefined): KeycloakErrorClass {
  return status === 401 ? KeycloakAuthenticationError : errorClassForMethod(method);
}

/** The operation error class python-keycloak raises for a failed call with this method. */
export function errorClassForMethod(method: string): KeycloakErrorClass {
  switch (method.toUpperCase()) {
    case 'POST':
      return KeycloakPostError;
    case 'PUT':
      return KeycloakPutError;
    case 'DELETE':
      return KeycloakDeleteError;
    default:
      return KeycloakGetError;
  }
}

function extractServerMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const text = (key: string) =>
    typeof record[key] === 'string' && record[key] ? (record[key] as string) : undefined;
  const errorMessage = text('errorMessage');
  if (errorMessage) return withoutLogHint(errorMessage);
  // OAuth-style bodies: `error` is the code, `error_description` the text; both help
  // (Keycloak's 501 says only "Feature not enabled" in `error`).
  const parts = [text('error'), text('error_description')]
    .map((part) => part && withoutLogHint(part))
    .filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(': ') : undefined;
}

/**
 * Keycloak 24 and 25 add "For more on this error consult the server log at the debug level." as
 * the description of admin API errors, 26.0 "… consult the server log."; it says nothing about
 * the error, so it is left out and the message reads the same on every version. The body keeps it.
 */
const LOG_HINT = /:?\s*For more on this error consult the server log(?: at the debug level)?\.?\s*$/;

function withoutLogHint(text: string): string {
  return text.replace(LOG_HINT, '').trim();
}

function composeMessage(message: string, details: KeycloakErrorDetails, serverMessage?: string): string {
  const where = details.method && details.path ? ` (${details.method} ${details.path})` : '';
  const status = details.responseCode ? ` [${details.responseCode}]` : '';
  const server = serverMessage && !message.includes(serverMessage) ? `: ${serverMessage}` : '';
  return `${message}${status}${where}${server}`;
}
