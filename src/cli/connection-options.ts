/**
 * How the CLI reaches Keycloak: flags first, then environment (KEYCLOAK_URL, KEYCLOAK_USER,
 * KEYCLOAK_PASSWORD, or KEYCLOAK_CLIENT_ID + KEYCLOAK_CLIENT_SECRET; KEYCLOAK_AUTH_REALM).
 * Passwords are read from the environment only, so they never land in shell history.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KeycloakAdmin, withoutCredentials } from '../client/index.js';
import { parseDuration } from './duration.js';
import { type RetryDisplay, retryReporter } from './retry-reporter.js';
import { UserError } from './user-error.js';

export interface ConnectionFlags {
  url?: string;
  user?: string;
  clientId?: string;
  authRealm?: string;
  caFile?: string;
  insecure?: boolean;
  retryBudget?: string;
  verbose?: boolean;
}

/** What the operator asked to connect as: error messages name it (never a secret). */
export interface ConnectionTarget {
  url: string;
  authRealm: string;
  /** `user "admin" (client "admin-cli")` or `client "ci-bot"`. */
  who: string;
  credentialsHint: string;
  retryBudgetMs: number;
}

// One CLI process makes one connection: error messages read what it was.
let current: ConnectionTarget | undefined;

/** The connection the running command made, if any (for error messages). */
export function connectionTarget(): ConnectionTarget | undefined {
  return current;
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
    .option('--insecure', 'do not verify TLS certificates (not for production)')
    .option(
      '--retry-budget <duration>',
      'how long one request may be retried while Keycloak is unavailable (default 60s)',
    )
    .option('--verbose', 'show every retried request');
}

export function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: { ndjson?: boolean } = {},
): KeycloakAdmin {
  const givenUrl = flags.url ?? env.KEYCLOAK_URL;
  if (!givenUrl) throw new UserError('No Keycloak URL: pass --url or set KEYCLOAK_URL');
  const serverUrl = withoutCredentials(givenUrl);
  if (serverUrl !== givenUrl)
    console.error(
      'Warning: the credentials in the Keycloak URL are ignored (and never printed); use KEYCLOAK_USER and KEYCLOAK_PASSWORD.',
    );
  const userRealmName = flags.authRealm ?? env.KEYCLOAK_AUTH_REALM ?? 'master';
  const clientId = flags.clientId ?? env.KEYCLOAK_CLIENT_ID;
  const clientSecret = env.KEYCLOAK_CLIENT_SECRET;
  const username = flags.user ?? env.KEYCLOAK_USER;
  const password = env.KEYCLOAK_PASSWORD;
  if (flags.insecure) console.error('Warning: TLS certificate verification is disabled (--insecure).');
  const retryBudgetMs =
    flags.retryBudget === undefined ? 60_000 : parseDuration(flags.retryBudget, '--retry-budget');
  const display: RetryDisplay = options.ndjson ? 'ndjson' : flags.verbose ? 'verbose' : 'quiet';
  const common = {
    serverUrl,
    userRealmName,
    realmName: userRealmName,
    verify: !flags.insecure,
    retry: { budgetMs: retryBudgetMs, onRetry: retryReporter(display) },
    ...(flags.caFile ? { ca: readCa(flags.caFile) } : {}),
  };
  const target = (who: string, credentialsHint: string): ConnectionTarget => ({
    url: serverUrl.replace(/\/+$/, ''),
    authRealm: userRealmName,
    who,
    credentialsHint,
    retryBudgetMs,
  });
  if (username) {
    if (password === undefined) throw new UserError('KEYCLOAK_PASSWORD is not set for the admin user');
    const client = clientId ?? 'admin-cli';
    current = target(
      `user "${username}" (client "${client}")`,
      'check --user / KEYCLOAK_USER and KEYCLOAK_PASSWORD',
    );
    return new KeycloakAdmin({
      ...common,
      username,
      password,
      clientId: client,
      clientSecretKey: clientSecret,
    });
  }
  if (clientId && clientSecret) {
    current = target(
      `client "${clientId}"`,
      'check --client-id / KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET',
    );
    return new KeycloakAdmin({ ...common, clientId, clientSecretKey: clientSecret });
  }
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
