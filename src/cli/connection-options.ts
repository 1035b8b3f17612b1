/**
 * How the CLI reaches Keycloak: realmform's flags, keycloak-config-cli's settings
 * (`--keycloak.url=`, `KEYCLOAK_URL`, `KEYCLOAK_CLIENTID` / `KEYCLOAK_CLIENT_ID`, `KEYCLOAK_SSLVERIFY` …,
 * see kcc-settings.ts), then config trees. Log in as a user (`KEYCLOAK_USER` + `KEYCLOAK_PASSWORD`)
 * or as a client (`KEYCLOAK_CLIENTID` + `KEYCLOAK_CLIENTSECRET`); with both a password and a client
 * secret, `KEYCLOAK_GRANTTYPE` says which. Secrets come from the environment (or config trees),
 * so they stay out of shell history.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KeycloakAdmin, type KeycloakAdminOptions, withoutCredentials } from '../client/index.js';
import { parseDuration } from './duration.js';
import type { KccSettings, RealmformFlags } from './kcc-settings.js';
import { type RetryDisplay, retryReporter } from './retry-reporter.js';
import { runSettings } from './run-settings.js';
import { UserError } from './user-error.js';

export interface ConnectionFlags extends RealmformFlags {
  retryBudget?: string;
  verbose?: boolean;
}

/** How a connection reports retries: NDJSON events, a line each (--verbose), or quietly. */
export interface ConnectOptions {
  ndjson?: boolean;
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
      'authenticate as this client (env KEYCLOAK_CLIENTID or KEYCLOAK_CLIENT_ID; secret from KEYCLOAK_CLIENTSECRET)',
    )
    .option(
      '--auth-realm <realm>',
      'realm to authenticate in (env KEYCLOAK_LOGINREALM or KEYCLOAK_AUTH_REALM, default master)',
    )
    .option('--ca-file <path>', 'extra CA certificate(s) to trust (PEM)')
    .option('--insecure', 'do not verify TLS certificates (env KEYCLOAK_SSLVERIFY=false; not for production)')
    .option(
      '--retry-budget <duration>',
      'how long one request may be retried while Keycloak is unavailable (default 60s)',
    )
    .option('--verbose', 'show every retried request');
}

/** The client for these settings; every mistake in them is one UserError line. */
export function adminFrom(
  settings: KccSettings,
  flags: ConnectionFlags = {},
  options: ConnectOptions = {},
): KeycloakAdmin {
  if (!settings.url) throw new UserError('No Keycloak URL: pass --url or set KEYCLOAK_URL');
  const serverUrl = withoutCredentials(settings.url);
  if (serverUrl !== settings.url)
    console.error(
      'Warning: the credentials in the Keycloak URL are ignored (and never printed); use KEYCLOAK_USER and KEYCLOAK_PASSWORD.',
    );
  const loginRealm = settings.loginRealm ?? 'master';
  const retryBudgetMs =
    flags.retryBudget === undefined ? 60_000 : parseDuration(flags.retryBudget, '--retry-budget');
  const display: RetryDisplay = options.ndjson ? 'ndjson' : flags.verbose ? 'verbose' : 'quiet';
  const target = (who: string, credentialsHint: string): ConnectionTarget => ({
    url: serverUrl.replace(/\/+$/, ''),
    authRealm: loginRealm,
    who,
    credentialsHint,
    retryBudgetMs,
  });
  const common: KeycloakAdminOptions = {
    serverUrl,
    retry: { budgetMs: retryBudgetMs, onRetry: retryReporter(display) },
    userRealmName: loginRealm,
    realmName: loginRealm,
    verify: settings.sslVerify ?? true,
    ...(settings.caFile ? { ca: readCa(settings.caFile) } : {}),
    ...(settings.httpProxy ? { proxies: settings.httpProxy } : {}),
    ...(settings.readTimeoutMs === undefined ? {} : { timeout: settings.readTimeoutMs / 1000 }),
    ...(settings.connectTimeoutMs === undefined ? {} : { connectTimeout: settings.connectTimeoutMs / 1000 }),
  };
  const { user, password, clientId, clientSecret } = settings;
  let grant = settings.grantType;
  if (!grant) {
    if (password !== undefined && clientSecret !== undefined)
      throw new UserError(
        'Both KEYCLOAK_PASSWORD and KEYCLOAK_CLIENTSECRET are set: set KEYCLOAK_GRANTTYPE=password to log in as the user through that client, or KEYCLOAK_GRANTTYPE=client_credentials to log in as the client',
      );
    if (password !== undefined || user !== undefined) grant = 'password';
    else if (clientSecret !== undefined) grant = 'client_credentials';
    else
      throw new UserError(
        'No credentials: set KEYCLOAK_USER and KEYCLOAK_PASSWORD, or KEYCLOAK_CLIENTID and KEYCLOAK_CLIENTSECRET',
      );
  }
  if (settings.sslVerify === false)
    console.error(
      'Warning: TLS certificate verification is disabled (--insecure / KEYCLOAK_SSLVERIFY=false).',
    );
  if (grant === 'password') {
    if (password === undefined) throw new UserError('KEYCLOAK_PASSWORD is not set for the admin user');
    current = target(
      `user "${user ?? 'admin'}" (client "${clientId ?? 'admin-cli'}")`,
      'check --user / KEYCLOAK_USER and KEYCLOAK_PASSWORD',
    );
    return new KeycloakAdmin({
      ...common,
      // keycloak-config-cli's default user.
      username: user ?? 'admin',
      password,
      clientId: clientId ?? 'admin-cli',
      ...(clientSecret === undefined ? {} : { clientSecretKey: clientSecret }),
    });
  }
  if (clientId === undefined || clientSecret === undefined)
    throw new UserError('Logging in as a client needs KEYCLOAK_CLIENTID and KEYCLOAK_CLIENTSECRET');
  current = target(`client "${clientId}"`, 'check --client-id / KEYCLOAK_CLIENTID and KEYCLOAK_CLIENTSECRET');
  return new KeycloakAdmin({ ...common, clientId, clientSecretKey: clientSecret });
}

export function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: ConnectOptions = {},
): KeycloakAdmin {
  return adminFrom(runSettings('keycloak', flags, env), flags, options);
}

/**
 * connect(), and with `KEYCLOAK_AVAILABILITYCHECK_ENABLED=true` first waits until the server
 * answers (up to `KEYCLOAK_AVAILABILITYCHECK_TIMEOUT`, asking every `…_RETRYDELAY`).
 */
export async function connectReady(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: ConnectOptions = {},
): Promise<KeycloakAdmin> {
  const settings = runSettings('keycloak', flags, env);
  const admin = adminFrom(settings, flags, options);
  if (settings.availabilityCheck.enabled) {
    try {
      await waitUntilAvailable(admin, settings.loginRealm ?? 'master', settings.availabilityCheck);
    } catch (error) {
      await admin.close();
      throw error;
    }
  }
  return admin;
}

/** Waits until the login realm's public endpoint answers 200: the server is up and has the realm. */
export async function waitUntilAvailable(
  admin: KeycloakAdmin,
  realm: string,
  check: { timeoutMs: number; retryDelayMs: number },
): Promise<void> {
  const deadline = Date.now() + check.timeoutMs;
  let last = '';
  let announced = false;
  for (;;) {
    try {
      const response = await admin.connection.rawGet(`/realms/${encodeURIComponent(realm)}`);
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    // Announced after the first failed probe even when it used up the time (the connection
    // retries a first unreachable request for a few seconds by itself): the operator sees it waited.
    if (!announced) {
      console.error(
        `Waiting for Keycloak at ${admin.serverUrl} (up to ${Math.round(check.timeoutMs / 1000)} s) …`,
      );
      announced = true;
    }
    if (Date.now() + check.retryDelayMs > deadline)
      throw new UserError(
        `Keycloak at ${admin.serverUrl} did not answer within ${Math.round(check.timeoutMs / 1000)} s (KEYCLOAK_AVAILABILITYCHECK_TIMEOUT); last: ${last}`,
      );
    await new Promise((resolve) => setTimeout(resolve, check.retryDelayMs));
  }
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UserError(`Cannot read CA file ${path}: ${(error as Error).message}`);
  }
}
