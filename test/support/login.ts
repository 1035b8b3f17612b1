/** Whether a password grant succeeds: the tests' check that a written password is the one declared. */
import { KeycloakOpenID } from '../../src/client/openid/index.js';
import { serverInfo } from './keycloak.js';

/** `clientId` must be a client of the realm that allows direct access grants. */
export async function canLogIn(
  realm: string,
  clientId: string,
  username: string,
  password: string,
): Promise<boolean> {
  const oidc = new KeycloakOpenID({ serverUrl: serverInfo().url, realmName: realm, clientId });
  try {
    await oidc.token(username, password);
    return true;
  } catch {
    return false;
  } finally {
    await oidc.close();
  }
}
