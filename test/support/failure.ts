import type { KeycloakError } from '../../src/client/index.js';

/** The error a call fails with; a call that succeeds fails the test. */
export async function failure(promise: Promise<unknown>): Promise<KeycloakError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as KeycloakError,
  );
}
