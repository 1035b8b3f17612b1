/**
 * python-keycloak's `raise_error_from_response`, for code that sends its own requests
 * (`connection.rawGet(...)`) and wants the same outcome as the library's methods.
 */
import {
  KeycloakAuthenticationError,
  KeycloakError,
  type KeycloakErrorClass,
  KeycloakOperationError,
} from './errors.js';
import type { HttpResponse } from './http-response.js';

/**
 * The response's content when its status is expected (default 200, 201, 204): `{}` for 204, the
 * parsed JSON, or the text when the body is empty or not JSON. With `skipExists`, a 409 answers
 * `{ msg: 'Already exists' }`. Otherwise throws `error` (a class, or a map from status to class
 * whose default is KeycloakOperationError); a 401 thrown with a class is always a
 * KeycloakAuthenticationError, as in python.
 */
export function raiseErrorFromResponse(
  response: HttpResponse,
  error: KeycloakErrorClass | Readonly<Partial<Record<number, KeycloakErrorClass>>>,
  expectedCodes: readonly number[] = [200, 201, 204],
  skipExists = false,
): unknown {
  if (expectedCodes.includes(response.status)) {
    if (response.status === 204) return {};
    return response.text.length === 0 ? '' : response.body;
  }
  if (skipExists && response.status === 409) return { msg: 'Already exists' };
  const errorClass = isErrorClass(error)
    ? response.status === 401
      ? KeycloakAuthenticationError
      : error
    : (error[response.status] ?? KeycloakOperationError);
  throw new errorClass(`Request failed with status ${response.status}`, {
    responseCode: response.status,
    responseBody: response.body,
  });
}

function isErrorClass(value: unknown): value is KeycloakErrorClass {
  return typeof value === 'function' && (value === KeycloakError || value.prototype instanceof KeycloakError);
}
