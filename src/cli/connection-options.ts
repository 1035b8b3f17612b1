/**
 * How the CLI reaches Keycloak: flags first, then environment (KEYCLOAK_URL, KEYCLOAK_USER,
 * KEYCLOAK_PASSWORD, or KEYCLOAK_CLIENT_ID + KEYCLOAK_CLIENT_SECRET; KEYCLOAK_AUTH_REALM).
 * Passwords are read from the environment only, so they never land in shell history.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KeycloakAdmin } from '../client/index.js';
import { UserError } from './user-error.js';

export interface ConnectionFlags {
  url?: string;
  user?: string;
  clientId?: string;
  authRealm?: string;
  caFile?: string;
  insecure?: boolean;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', 'Keycloak base URL (env KEYCLOAK_URL)')
    .option('--user <name>', 'admin user (env KEYCLOAK_USER; password from KEYCLOAK_PASSWORD)')
    .option(
      '--client-id <id>',
      'authenticate as this client (env KEYCLOAK_CLIENT_ID; secret from KEYCLOAK_CLIENT_SECRET)',
    )
    .option('--auth-realm <realm>', 'realm to authenticate in (env KEYCLOAK_AUTH_REALM, default master)')
    .option('--ca-file <path>', 'extra CA certificate(s) to trust (PEM)')
    .option('--insecure', 'do not verify TLS certificates (not for production)');
}

export function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): KeycloakAdmin {
  const serverUrl = flags.url ?? env.KEYCLOAK_URL;
  if (!serverUrl) throw new UserError('No Keycloak URL: pass --url or set KEYCLOAK_URL');
  const userRealmName = flags.authRealm ?? env.KEYCLOAK_AUTH_REALM ?? 'master';
  const clientId = flags.clientId ?? env.KEYCLOAK_CLIENT_ID;
  const clientSecret = env.KEYCLOAK_CLIENT_SECRET;
  const username = flags.user ?? env.KEYCLOAK_USER;
  const password = env.KEYCLOAK_PASSWORD;
  if (flags.insecure) console.error('Warning: TLS certificate verification is disabled (--insecure).');
  const common = {
    serverUrl,
    userRealmName,
    realmName: userRealmName,
    verify: !flags.insecure,
    ...(flags.caFile ? { ca: readCa(flags.caFile) } : {}),
  };
  if (username) {
    if (password === undefined) throw new UserError('KEYCLOAK_PASSWORD is not set for the admin user');
    return new KeycloakAdmin({
      ...common,
      username,
      password,
      clientId: clientId ?? 'admin-cli',
      clientSecretKey: clientSecret,
    });
  }
  if (clientId && clientSecret)
    return new KeycloakAdmin({ ...common, clientId, clientSecretKey: clientSecret });
  throw new UserError(
    'No credentials: set KEYCLOAK_USER and KEYCLOAK_PASSWORD, or KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET',
  );
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError(`Cannot read CA file ${path}: ${(error as Error).message}`);
  }
}
