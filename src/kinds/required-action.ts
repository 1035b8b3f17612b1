/**
 * Required actions (`requiredActions[]`), by alias: name, enabled, defaultAction, priority and
 * config of a registered required-action provider.
 *
 * - Creating one registers the provider (`POST /register-required-action`: alias = providerId,
 *   enabled, placed last), then writes the declared fields. The alias must equal the providerId:
 *   Keycloak registers under the providerId, and a PUT that renames the alias lets the provider
 *   be registered a second time under the same alias (two actions with one alias).
 * - Deleting one unregisters it. A declared collection is authoritative, but the actions Keycloak
 *   registers in every realm (BUILT_IN_REQUIRED_ACTIONS) are never unregistered: undeclared, they
 *   are kept as they are; to switch one off, declare it with `enabled: false`.
 * - `PUT /required-actions/{alias}` replaces the action (a left-out priority becomes 0, config
 *   {}, alias "" = unreachable), so updates send the full current action with the declared
 *   fields over it; config keys merge. Priorities are stored as given (no renumbering, ties
 *   allowed), so a declared priority converges with one PUT.
 *
 * read(): the partial export (shared, no extra request); readFacts(): the server info (shared,
 * one request) for the deployed required-action providers.
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { RequiredActionProviderRepresentation } from '../representations/index.js';
import { address, type DesiredObject, defineKind, type KindContext } from './kind.js';
import { definedFields, readExportWithoutGroupsAndRoles } from './shared/server/reads.js';
import { providerIds, readServerInfo, serverName } from './shared/server/server-info.js';

/** The actions every Keycloak 26 realm registers (each shipped provider that is on by default). */
export const BUILT_IN_REQUIRED_ACTIONS: ReadonlySet<string> = new Set([
  'CONFIGURE_TOTP',
  'CONFIGURE_RECOVERY_AUTHN_CODES',
  'delete_account',
  'delete_credential',
  'idp_link',
  'TERMS_AND_CONDITIONS',
  'UPDATE_EMAIL',
  'UPDATE_PASSWORD',
  'UPDATE_PROFILE',
  'update_user_locale',
  'VERIFY_EMAIL',
  'VERIFY_PROFILE',
  'webauthn-register',
  'webauthn-register-passwordless',
]);

const FIELDS = ['alias', 'name', 'providerId', 'enabled', 'defaultAction', 'priority', 'config'] as const;

/** The managed fields of a required action. */
type ActionValue = Partial<Pick<RequiredActionProviderRepresentation, (typeof FIELDS)[number]>>;
type ActionObject = DesiredObject<ActionValue, readonly [alias: string]>;

interface Facts {
  /** Required-action providers deployed on the server. */
  providers: string[];
  /** `Keycloak 26.0.8` (newer exports name actions older servers lack). */
  server: string;
}

export const requiredActionKind = defineKind<ActionValue, readonly [alias: string], unknown, Facts>({
  kind: 'required-action',
  dependsOn: ['realm'],
  describe: 'alias',
  desired(manifest) {
    return manifest.representation.requiredActions?.map((action, index) => {
      const value = pick(action);
      // Keycloak registers an action under its providerId: left out, it is the alias.
      value.providerId ??= action.alias;
      return {
        key: [action.alias ?? ''],
        value,
        origin: { path: `requiredActions[${index}]`, ...manifest.locate(['requiredActions', index]) },
      };
    });
  },
  async read(ctx) {
    const exported = await readExportWithoutGroupsAndRoles(ctx);
    return (exported.requiredActions ?? []).map((action) => ({
      key: [action.alias ?? ''],
      value: pick(action),
      builtIn: BUILT_IN_REQUIRED_ACTIONS.has(action.alias ?? ''),
    }));
  },
  async readFacts(ctx): Promise<Facts> {
    const info = await readServerInfo(ctx);
    return { providers: providerIds(info, 'required-action'), server: serverName(info) };
  },
  diagnose(desired, live, facts) {
    const registered = new Set(live.map((object) => object.key[0]));
    return desired.flatMap((object) => problems(object, registered, facts));
  },
  async create(ctx, desired) {
    const [alias] = desired.key;
    // A realm created in this apply already has the built-in actions: update those.
    let current = await ctx.admin.getRequiredActionByAlias(alias);
    if (!current) {
      const providerId = desired.value.providerId ?? alias;
      const { name } = desired.value;
      await ctx.admin.registerRequiredAction({ providerId, ...(name !== undefined ? { name } : {}) });
      current = await registeredAction(ctx, alias);
    }
    await write(ctx, current, desired);
  },
  async update(ctx, desired) {
    await write(ctx, await registeredAction(ctx, desired.key[0]), desired);
  },
  async delete(ctx, live) {
    await ctx.admin.deleteRequiredAction(live.key[0]);
  },
});

/** The managed fields; `config` as Keycloak stores it (a string map). */
function pick(action: RequiredActionProviderRepresentation): ActionValue {
  return definedFields(action, FIELDS);
}

async function registeredAction(
  ctx: KindContext,
  alias: string,
): Promise<RequiredActionProviderRepresentation> {
  const action = await ctx.admin.getRequiredActionByAlias(alias);
  if (!action) throw new Error(`required action "${alias}" is not registered in realm ${ctx.realm}`);
  return action;
}

/** Read-modify-write: the PUT replaces the action, so send all of it (alias and priority too). */
async function write(
  ctx: KindContext,
  current: RequiredActionProviderRepresentation,
  desired: ActionObject,
): Promise<void> {
  const wanted = desired.value;
  const alias = current.alias ?? desired.key[0];
  const next: RequiredActionProviderRepresentation = {
    ...current,
    ...wanted,
    alias,
    providerId: current.providerId,
    priority: wanted.priority ?? current.priority ?? 0,
    config: { ...current.config, ...wanted.config },
  };
  await ctx.admin.updateRequiredAction(alias, next);
}

function problems(
  object: ActionObject,
  registered: Set<string | undefined>,
  facts?: Facts,
): PlanDiagnostic[] {
  const [alias] = object.key;
  const { providerId } = object.value;
  const error = (summary: string, path = object.origin.path): PlanDiagnostic => ({
    severity: 'error',
    summary,
    address: address('required-action', object.key),
    ...(object.origin.file ? { file: object.origin.file } : {}),
    ...(object.origin.line ? { line: object.origin.line } : {}),
    path,
  });
  if (providerId !== alias) {
    return [
      error(
        `required action "${alias}" has providerId "${providerId}": Keycloak registers a required action ` +
          'under its providerId, so the alias must equal the providerId',
        `${object.origin.path}.providerId`,
      ),
    ];
  }
  if (!facts || registered.has(alias) || facts.providers.includes(alias)) return [];
  return [
    error(
      `required action "${alias}" is not a required-action provider deployed on ${facts.server} ` +
        `(deployed: ${facts.providers.join(', ')}); check the spelling, or install the extension that provides it`,
    ),
  ];
}
