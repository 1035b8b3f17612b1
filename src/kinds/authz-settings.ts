/**
 * A client's resource server settings (`clients[].authorizationSettings`: policyEnforcementMode,
 * decisionStrategy, allowRemoteResourceManagement), key [clientKey]. Its scopes, resources,
 * policies and permissions are the authz-scope, authz-resource, authz-policy and
 * authz-permission kinds. The resource server exists as long as the client has
 * `authorizationServicesEnabled` (the client kind's field): "create" and "update" are the same
 * read-modify-write PUT, and it is never deleted here.
 *
 * Keycloak 26.7 creates no default resource, policy or permission when authorization is enabled
 * (neither on client creation nor on update); any that an older server or the admin console
 * made are deleted like every undeclared object.
 *
 * Plan-time errors: a client that declares `authorizationSettings` must end up confidential
 * (not public, not bearer-only) with `serviceAccountsEnabled` and `authorizationServicesEnabled`
 * (Keycloak answers a bare 500 otherwise); `realm-management`'s authorization is fine-grained
 * admin permissions v1, which Keycloak 26 no longer has (not supported). `admin-permissions` is
 * admin permissions v2: its settings belong to Keycloak (a PUT answers 400) and this kind skips
 * that client; its policies are authz-policy's and its permissions admin-permission's.
 *
 * read(): the shared per-client settings export (see shared/authz/authz.ts).
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { ClientRepresentation, ResourceServerRepresentation } from '../representations/index.js';
import { address, defineKind, type KindContext } from './kind.js';
import {
  authzClient,
  authzOrigin,
  declaredClassicAuthz,
  findClient,
  readClassicAuthz,
} from './shared/authz/authz.js';
import { type AuthzSettingsValue, settingsValue } from './shared/authz/authz-values.js';
import { REALM_MANAGEMENT } from './shared/clients/realm-clients.js';
import { readPartialExport } from './shared/server/reads.js';

const FLAGS = [
  'authorizationServicesEnabled',
  'serviceAccountsEnabled',
  'publicClient',
  'bearerOnly',
] as const;
type Flags = Partial<Record<(typeof FLAGS)[number], boolean>>;

interface SettingsFacts {
  /** What each declaring client will be after this plan (declared fields over live ones). */
  clients: Record<string, Flags>;
}

export const authzSettingsKind = defineKind<
  AuthzSettingsValue,
  readonly [clientKey: string],
  unknown,
  SettingsFacts
>({
  kind: 'authz-settings',
  dependsOn: ['realm'],
  exclusive: 'authorization-services',
  describe: 'clientId',
  desired(manifest) {
    return declaredClassicAuthz(manifest)?.map((entry) => ({
      key: [entry.clientKey],
      value: settingsValue(entry.settings),
      origin: authzOrigin(manifest, entry),
    }));
  },
  authoritative: () => false,
  async read(ctx) {
    return (await readClassicAuthz(ctx)).map((live) => ({
      key: [live.clientKey],
      value: settingsValue(live.settings),
      id: live.uuid,
    }));
  },
  async readFacts(ctx, situation): Promise<SettingsFacts> {
    const exported = situation.realmExists ? await readPartialExport(ctx) : {};
    const clients = exported.clients ?? [];
    return {
      clients: Object.fromEntries(
        (declaredClassicAuthz(ctx.manifest) ?? []).map((entry) => [
          entry.clientKey,
          { ...flagsOf(findClient(clients, entry.clientKey)), ...flagsOf(entry.client) },
        ]),
      ),
    };
  },
  diagnose(desired, _live, facts) {
    return desired.flatMap((object) => {
      const [clientKey] = object.key;
      return problems(clientKey, facts?.clients[clientKey] ?? {}).map(
        (summary): PlanDiagnostic => ({
          severity: 'error',
          summary: `${address('authz-settings', object.key)}: ${summary}`,
          address: address('authz-settings', object.key),
          ...(object.origin.file ? { file: object.origin.file } : {}),
          ...(object.origin.line ? { line: object.origin.line } : {}),
          path: object.origin.path,
        }),
      );
    });
  },
  create: (ctx, desired) => putSettings(ctx, desired.key[0], desired.value),
  update: (ctx, desired) => putSettings(ctx, desired.key[0], desired.value),
});

function flagsOf(client: ClientRepresentation | undefined): Flags {
  const flags: Flags = {};
  for (const flag of FLAGS) if (client?.[flag] !== undefined) flags[flag] = client[flag];
  return flags;
}

function problems(clientKey: string, flags: Flags): string[] {
  if (clientKey === REALM_MANAGEMENT) {
    return [
      "the authorization settings of realm-management are Keycloak's fine-grained admin permissions v1, which Keycloak 26 no longer offers; they are not supported (remove `authorizationSettings` from this client)",
    ];
  }
  const out: string[] = [];
  if (flags.bearerOnly || flags.publicClient) {
    out.push(
      `client "${clientKey}" must be confidential to have authorization services (it is ${flags.bearerOnly ? 'bearer-only' : 'public'})`,
    );
  }
  if (flags.serviceAccountsEnabled !== true) {
    out.push(
      `client "${clientKey}" needs \`serviceAccountsEnabled: true\` for authorization services (Keycloak refuses them without a service account)`,
    );
  }
  if (flags.authorizationServicesEnabled !== true) {
    out.push(
      `client "${clientKey}" declares \`authorizationSettings\` but not \`authorizationServicesEnabled: true\``,
    );
  }
  return out;
}

/** Read-modify-write: the PUT needs all three settings (a missing one answers 409 or 500). */
async function putSettings(ctx: KindContext, clientKey: string, value: AuthzSettingsValue): Promise<void> {
  const { uuid } = await authzClient(ctx, clientKey);
  const current = await ctx.admin.getClientAuthzSettings(uuid);
  const next: ResourceServerRepresentation = {
    ...settingsValue(current),
    ...value,
    id: uuid,
    clientId: uuid,
  };
  await ctx.admin.updateClientAuthzSettings(uuid, next);
}
