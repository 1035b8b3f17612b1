/** Password-grant logins against a test realm, to create sessions, failures and events. */
import { serverInfo } from '../../support/keycloak.js';

export interface GrantResult {
  status: number;
  body: Record<string, unknown>;
}

export async function passwordGrant(
  realm: string,
  clientId: string,
  username: string,
  password: string,
  scope?: string,
): Promise<GrantResult> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password });
  if (scope) form.set('scope', scope);
  const response = await fetch(
    `${serverInfo().url}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Retries `read` until `done` holds for its result (events may be stored a moment later). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
