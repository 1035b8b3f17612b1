/**
 * Checks across fields of one realm, run on the merged manifest (the fields may come from
 * different files). They catch what Keycloak would silently turn into something else, so that
 * the realm could never converge: reported before anything is sent.
 */
import type { DocumentPath } from './diagnostics.js';
import type { RealmManifestDocument } from './schema/realm.js';

export interface RealmProblem {
  summary: string;
  path: DocumentPath;
}

export function checkRealm(realm: RealmManifestDocument): RealmProblem[] {
  return [...emailAsUsername(realm), ...unusedAuthenticatorConfigs(realm)];
}

/**
 * An authenticator config belongs to the one execution that names it (Keycloak creates it
 * against that execution's id): a config no execution names would never be created, and the
 * plan would not show that it is missing.
 */
function unusedAuthenticatorConfigs(realm: RealmManifestDocument): RealmProblem[] {
  const named = new Set(
    (realm.authenticationFlows ?? []).flatMap((flow) =>
      (flow.authenticationExecutions ?? []).flatMap((execution) => execution.authenticatorConfig ?? []),
    ),
  );
  return (realm.authenticatorConfig ?? []).flatMap((config, index) =>
    config.alias !== undefined && named.has(config.alias)
      ? []
      : [
          {
            summary:
              `authenticator config ${JSON.stringify(config.alias ?? '')} is not named by any execution ` +
              '(`authenticatorConfig` of an execution in authenticationFlows), so it would never be created: ' +
              'name it in the execution it configures, or remove it.',
            path: ['authenticatorConfig', index],
          },
        ],
  );
}

/**
 * With `registrationEmailAsUsername`, Keycloak stores a user's email as its username whatever
 * username is sent (measured on 26.7): a user declared with another username would be created
 * under its email and never be found by its declared name.
 */
function emailAsUsername(realm: RealmManifestDocument): RealmProblem[] {
  if (realm.registrationEmailAsUsername !== true) return [];
  return (realm.users ?? []).flatMap((user, index) => {
    const { username, email } = user;
    if (!username || !email || user.serviceAccountClientId) return [];
    if (username.toLowerCase() === email.toLowerCase()) return [];
    return [
      {
        summary:
          `the realm has registrationEmailAsUsername on, so Keycloak makes the username the email ` +
          `(${JSON.stringify(email)}): a user named ${JSON.stringify(username)} would never exist. ` +
          'Write the email as username, or leave username out.',
        path: ['users', index, 'username'],
      },
    ];
  });
}
