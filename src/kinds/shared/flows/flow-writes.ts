/**
 * Writing flow trees. Two ways, chosen by what changed (see `isInPlacePath`):
 *
 * - In place: requirements, descriptions and authenticator configs are set on the existing
 *   executions (the only changes a built-in flow accepts).
 * - Rebuild: anything structural (executions added, removed, reordered or moved, a sub-flow's
 *   type) builds the whole new tree under a temporary alias, moves every user of the old flow
 *   (realm bindings, client overrides, identity providers) to it, deletes the old flow and
 *   renames the new one. The flow in use is never unbound or half-built. Sub-flow and config
 *   aliases are unique in the realm, so the old tree's holders of the wanted aliases are first
 *   renamed out of the way ("parked"): sub-flows are referenced by id, so the old flow keeps
 *   working until it is swapped out. A failed rebuild leaves `<alias> ~realmform-new-<hex>`
 *   behind; the next create or rebuild of `<alias>` moves its users and deletes it.
 */

import { randomBytes } from 'node:crypto';
import { KeycloakError } from '../../../client/index.js';
import type {
  AuthenticationExecutionInfoRepresentation,
  AuthenticationFlowRepresentation,
  RealmRepresentation,
} from '../../../client/types/index.js';
import { WriteJournal } from '../../../core/undo.js';
import { isElementSegment, type PathSegment } from '../../../core/value-path.js';
import type { KindContext } from '../../kind.js';
import { partialExportRead } from '../server/reads.js';
import { serverHas } from '../server/server-info.js';
import {
  aliasesOf,
  authenticatorOf,
  DEFAULT_FLOW_TYPE,
  type ExecutionNode,
  FLOW_BINDING_FIELDS,
  type FlowValue,
  type LiveFlow,
  nodeAt,
  SECRET_MASK,
  stringMap,
} from './flows.js';

const NEW_MARK = ' ~realmform-new-';
const OLD_MARK = ' ~realmform-old-';

/** The alias a leftover of a failed rebuild was meant to get, if `alias` is one. */
export function finalAliasOf(alias: string | undefined): string | undefined {
  const match = alias?.match(/^(.*) ~realmform-new-[0-9a-f]{8}$/);
  return match?.[1];
}

/** Whether a difference (path of the planner's comparison) can be applied without a rebuild. */
export function isInPlacePath(path: readonly PathSegment[]): boolean {
  if (path.length === 1) return path[0] === 'description';
  for (let i = 1; i < path.length; i++) {
    if (!isElementSegment(path[i - 1] as string)) continue;
    const field = path[i];
    if (field === 'config') return true;
    if (i === path.length - 1)
      return field === 'requirement' || field === 'description' || field === 'authenticatorConfig';
  }
  return false;
}

/** Sets requirements, descriptions and configs of an existing flow (built-in or custom). */
export async function updateInPlace(ctx: KindContext, desired: FlowValue, live: LiveFlow): Promise<void> {
  if (desired.description !== undefined && desired.description !== live.value.description) {
    await ctx.admin.updateAuthenticationFlow(live.id, {
      id: live.id,
      alias: live.alias,
      description: desired.description,
      providerId: live.providerId,
      topLevel: true,
      builtIn: live.builtIn,
    });
  }
  const listing = listingTree(await ctx.admin.getAuthenticationFlowExecutions(live.alias));
  await settleLevel(ctx, live.alias, desired.executions ?? [], listing, live.value.executions ?? [], [], {
    // A built-in flow may lack executions the manifest declares (another version's built-in):
    // the plan warned about them, and only the ones both have are set.
    skipMissing: live.builtIn,
  });
  ctx.refresh(partialExportRead);
}

/**
 * Creates the flow, or rebuilds it when it exists: built under a temporary alias, then swapped in
 * for the old one (see the module comment).
 */
export async function rebuildFlow(
  ctx: KindContext,
  desired: FlowValue,
  /** An export with clients, read just now (the caller may have one). */
  current?: RealmRepresentation,
): Promise<void> {
  const token = randomBytes(4).toString('hex');
  const fresh = current ?? (await ctx.admin.exportRealm({ exportClients: true }));
  const flows = fresh.authenticationFlows ?? [];
  const olds = flows.filter(
    (flow) => flow.topLevel && (flow.alias === desired.alias || finalAliasOf(flow.alias) === desired.alias),
  );
  if (olds.some((flow) => flow.builtIn))
    throw new Error(`flow "${desired.alias}" is built in: it cannot be rebuilt`);
  // Until the old flows are deleted every write has an undo: a failure removes the temporary
  // flow, renames the parked holders back and moves the users back to the old flow.
  const journal = new WriteJournal();
  const temp = `${desired.alias}${NEW_MARK}${token}`;
  const providerId = desired.providerId ?? DEFAULT_FLOW_TYPE;
  let id: string;
  try {
    await parkHolders(ctx, fresh, desired, token, journal);
    id = await ctx.admin.createAuthenticationFlow({
      alias: temp,
      providerId,
      description: desired.description ?? '',
      topLevel: true,
      builtIn: false,
    });
    const tempId = id;
    journal.wrote(`created the temporary flow "${temp}"`, {
      description: `deleted the temporary flow "${temp}"`,
      run: () => deleteFlow(ctx, tempId),
    });
    await createLevel(ctx, temp, desired.executions ?? []);
    await fixOrder(ctx, temp, desired.executions ?? []);
    const listing = listingTree(await ctx.admin.getAuthenticationFlowExecutions(temp));
    await settleLevel(ctx, temp, desired.executions ?? [], listing, null, []);
    if (olds.length > 0) await rebind(ctx, fresh, olds, temp, id, journal);
  } catch (error) {
    const failure = await journal.rollBack(error);
    ctx.refresh(partialExportRead);
    throw failure;
  }
  // Past this point the new flow is complete and in use: the rebuild only goes forward. A
  // failure leaves `<alias> ~realmform-new-…` in use, which the next apply finishes.
  journal.commit();
  try {
    for (const old of olds) {
      await deleteFlow(ctx, old.id as string);
      journal.wrote(`deleted the old flow "${old.alias}"`);
    }
    await ctx.admin.updateAuthenticationFlow(id, {
      id,
      alias: desired.alias,
      description: desired.description ?? '',
      providerId,
      topLevel: true,
      builtIn: false,
    });
  } catch (error) {
    const failure = await journal.rollBack(error);
    ctx.refresh(partialExportRead);
    throw failure;
  }
  ctx.refresh(partialExportRead);
}

/** Deletes a top-level flow; one already gone (e.g. swapped out by a rebuild) is fine. */
export async function deleteFlow(ctx: KindContext, id: string): Promise<void> {
  // Keycloak 24 leaves the flow's authenticator configs behind, aliases taken: delete them too.
  const configs = (await serverHas(ctx, 'flowDeleteRemovesConfigs')) ? [] : await flowConfigIds(ctx, id);
  try {
    await ctx.admin.deleteAuthenticationFlow(id);
  } catch (error) {
    if (!(error instanceof KeycloakError && error.responseCode === 404)) throw error;
  }
  for (const config of configs) {
    await ctx.admin.deleteAuthenticatorConfig(config).catch((error: unknown) => {
      if (!(error instanceof KeycloakError && error.responseCode === 404)) throw error;
    });
  }
  ctx.refresh(partialExportRead);
}

/** The config ids of every execution of a flow and its sub-flows ([] for a flow that is gone). */
async function flowConfigIds(ctx: KindContext, id: string): Promise<string[]> {
  try {
    const { alias } = await ctx.admin.getAuthenticationFlowForId(id);
    const executions = await ctx.admin.getAuthenticationFlowExecutions(alias ?? '');
    return executions.flatMap((execution) => execution.authenticationConfig ?? []);
  } catch (error) {
    if (error instanceof KeycloakError && error.responseCode === 404) return [];
    throw error;
  }
}

/** Renames sub-flows and configs that hold aliases the new tree needs (they are realm-unique). */
async function parkHolders(
  ctx: KindContext,
  fresh: RealmRepresentation,
  desired: FlowValue,
  token: string,
  journal: WriteJournal,
): Promise<void> {
  const flows = fresh.authenticationFlows ?? [];
  const { subFlows, configs } = aliasesOf(desired);
  for (const alias of subFlows) {
    const holder = flows.find((flow) => flow.alias === alias);
    if (!holder) continue;
    if (holder.builtIn || holder.topLevel)
      throw new Error(
        `sub-flow alias "${alias}" is taken by ${holder.builtIn ? 'a built-in' : 'the top-level'} flow "${alias}"`,
      );
    const rename = (to: string) =>
      ctx.admin.updateAuthenticationFlow(holder.id as string, {
        id: holder.id,
        alias: to,
        description: holder.description ?? '',
        providerId: holder.providerId ?? DEFAULT_FLOW_TYPE,
        topLevel: false,
        builtIn: false,
      });
    await rename(`${alias}${OLD_MARK}${token}`);
    journal.wrote(`renamed the sub-flow "${alias}" to "${alias}${OLD_MARK}${token}"`, {
      description: `renamed the sub-flow "${alias}${OLD_MARK}${token}" back to "${alias}"`,
      run: () => rename(alias),
    });
  }
  const builtInConfigs = new Set(
    flows
      .filter((flow) => flow.builtIn)
      .flatMap((flow) => (flow.authenticationExecutions ?? []).map((e) => e.authenticatorConfig)),
  );
  for (const alias of configs) {
    const holder = (fresh.authenticatorConfig ?? []).find((config) => config.alias === alias);
    if (!holder) continue;
    if (builtInConfigs.has(alias))
      throw new Error(`authenticator config alias "${alias}" is taken by a built-in flow`);
    const rename = (to: string) =>
      ctx.admin.updateAuthenticatorConfig(
        { id: holder.id, alias: to, config: holder.config ?? {} },
        holder.id as string,
      );
    await rename(`${alias}${OLD_MARK}${token}`);
    journal.wrote(`renamed the authenticator config "${alias}" to "${alias}${OLD_MARK}${token}"`, {
      description: `renamed the authenticator config "${alias}${OLD_MARK}${token}" back to "${alias}"`,
      run: () => rename(alias),
    });
  }
}

/** Creates executions and sub-flows in order; `priority` keeps the order on 25+, creation order before. */
async function createLevel(ctx: KindContext, parent: string, nodes: readonly ExecutionNode[]): Promise<void> {
  for (const [index, node] of nodes.entries()) {
    const priority = (index + 1) * 10;
    if (node.flowAlias) {
      const type = node.providerId ?? DEFAULT_FLOW_TYPE;
      await ctx.admin.createAuthenticationFlowSubflow(
        {
          alias: node.flowAlias,
          type,
          ...(type === 'form-flow' && node.authenticator ? { provider: node.authenticator } : {}),
          description: node.description ?? '',
          priority,
        },
        parent,
      );
      await createLevel(ctx, node.flowAlias, node.executions ?? []);
      continue;
    }
    const executionId = await ctx.admin.createAuthenticationFlowExecution(
      { provider: authenticatorOf(node), priority },
      parent,
    );
    if (node.authenticatorConfig)
      await ctx.admin.createAuthenticatorConfig(executionId, {
        alias: node.authenticatorConfig,
        config: node.config ?? {},
      });
  }
}

interface ListedNode {
  key: string;
  entry: AuthenticationExecutionInfoRepresentation;
  children: ListedNode[];
}

/** The flattened execution listing (depth first, with `level`) as a tree keyed like flows.ts. */
function listingTree(listing: readonly AuthenticationExecutionInfoRepresentation[]): ListedNode[] {
  const roots: ListedNode[] = [];
  const stack: ListedNode[][] = [roots];
  for (const entry of listing) {
    const level = entry.level ?? 0;
    stack.length = level + 1;
    const siblings = stack[level] ?? roots;
    const base = (entry.authenticationFlow ? entry.displayName : entry.providerId) ?? '';
    const count = siblings.filter((node) => node.key === base || node.key.startsWith(`${base} #`)).length;
    const node: ListedNode = { key: count > 0 ? `${base} #${count + 1}` : base, entry, children: [] };
    siblings.push(node);
    stack[level + 1] = node.children;
  }
  return roots;
}

/** Falls back to raise/lower when the server ignored `priority` (before Keycloak 25). */
export async function fixOrder(
  ctx: KindContext,
  topAlias: string,
  desired: readonly ExecutionNode[],
): Promise<void> {
  const misplaced = (levels: ListedNode[]) => firstMisplaced(desired, levels);
  let listing = listingTree(await ctx.admin.getAuthenticationFlowExecutions(topAlias));
  for (let guard = 0; guard < 200; guard++) {
    const wrong = misplaced(listing);
    if (!wrong) return;
    await ctx.admin.changeExecutionPriority(wrong.id, wrong.diff);
    listing = listingTree(await ctx.admin.getAuthenticationFlowExecutions(topAlias));
  }
  throw new Error(`could not order the executions of flow "${topAlias}"`);
}

function firstMisplaced(
  desired: readonly ExecutionNode[],
  listed: readonly ListedNode[],
): { id: string; diff: number } | undefined {
  for (const [index, node] of desired.entries()) {
    const at = listed.findIndex((candidate) => candidate.key === node.execution);
    if (at < 0) continue;
    if (at !== index) return { id: listed[at]?.entry.id as string, diff: at - index };
    const inner = firstMisplaced(node.executions ?? [], listed[at]?.children ?? []);
    if (inner) return inner;
  }
  return undefined;
}

/** Requirement, sub-flow description and config of every declared execution. */
async function settleLevel(
  ctx: KindContext,
  topAlias: string,
  desired: readonly ExecutionNode[],
  listed: readonly ListedNode[],
  /** The live nodes for config comparison; null for a tree just built (configs in place). */
  live: readonly ExecutionNode[] | null,
  keys: readonly string[],
  options: { skipMissing?: boolean } = {},
): Promise<void> {
  for (const node of desired) {
    const match = listed.find((candidate) => candidate.key === node.execution);
    if (!match && options.skipMissing) continue;
    if (!match)
      throw new Error(`flow "${topAlias}" has no execution ${[...keys, node.execution].join(' / ')}`);
    const entry = match.entry;
    const changes: AuthenticationExecutionInfoRepresentation = {};
    if (node.requirement !== undefined && node.requirement !== entry.requirement)
      changes.requirement = node.requirement;
    if (node.flowAlias && node.description !== undefined && node.description !== (entry.description ?? ''))
      changes.description = node.description;
    // The listed entry goes back whole: a PUT without `priority` moves the execution to 0.
    if (Object.keys(changes).length > 0)
      await ctx.admin.updateAuthenticationFlowExecutions({ ...entry, ...changes }, topAlias);
    const current = live === null ? undefined : nodeAt(live, [node.execution]);
    if (live !== null) await settleConfig(ctx, node, entry, current);
    if (node.executions)
      await settleLevel(
        ctx,
        topAlias,
        node.executions,
        match.children,
        live === null ? null : (current?.executions ?? []),
        [...keys, node.execution],
        options,
      );
  }
}

async function settleConfig(
  ctx: KindContext,
  node: ExecutionNode,
  entry: AuthenticationExecutionInfoRepresentation,
  live: ExecutionNode | undefined,
): Promise<void> {
  if (!node.authenticatorConfig || !entry.id) return;
  const wanted = stringMap(node.config);
  if (!entry.authenticationConfig) {
    await ctx.admin.createAuthenticatorConfig(entry.id, { alias: node.authenticatorConfig, config: wanted });
    return;
  }
  const current = live?.config ?? {};
  const same =
    live?.authenticatorConfig === node.authenticatorConfig &&
    Object.entries(wanted).every(([key, value]) => current[key] === value);
  if (same) return;
  // Merge: keys the manifest does not declare are kept (masked secrets go back as the mask,
  // which Keycloak keeps, as its own console does).
  const stored = await ctx.admin.getAuthenticatorConfig(entry.authenticationConfig);
  await ctx.admin.updateAuthenticatorConfig(
    {
      id: entry.authenticationConfig,
      alias: node.authenticatorConfig,
      config: { ...stored.config, ...withoutMasks(wanted) },
    },
    entry.authenticationConfig,
  );
}

function withoutMasks(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== SECRET_MASK));
}

/**
 * Moves every user of the old flows to the new one: realm bindings (by alias), client overrides
 * (by id) and identity providers (by alias). All of them follow the later rename by id.
 */
async function rebind(
  ctx: KindContext,
  fresh: RealmRepresentation,
  olds: readonly AuthenticationFlowRepresentation[],
  alias: string,
  id: string,
  journal: WriteJournal,
): Promise<void> {
  const oldAliases = new Set(olds.map((flow) => flow.alias));
  const oldIds = new Set(olds.map((flow) => flow.id));
  const fields = FLOW_BINDING_FIELDS.filter((field) => oldAliases.has(fresh[field]));
  if (fields.length > 0) {
    const before = Object.fromEntries(fields.map((field) => [field, fresh[field]]));
    const bind = async (values: Record<string, string | undefined>) => {
      const realm = await ctx.admin.getRealm(ctx.realm);
      await ctx.admin.updateRealm(ctx.realm, { ...realm, ...values });
    };
    await bind(Object.fromEntries(fields.map((field) => [field, alias])));
    journal.wrote(`bound the realm's ${fields.join(', ')} to "${alias}"`, {
      description: `bound the realm's ${fields.join(', ')} back to the old flow`,
      run: () => bind(before),
    });
  }
  for (const client of fresh.clients ?? []) {
    const overrides = client.authenticationFlowBindingOverrides ?? {};
    if (!Object.values(overrides).some((flowId) => oldIds.has(flowId))) continue;
    const setOverrides = async (map: (binding: string, flowId: string) => string) => {
      const current = await ctx.admin.getClient(client.id as string);
      const next = { ...current };
      for (const key of ['access', 'authorizationSettings', 'protocolMappers'] as const) delete next[key];
      if (next.secret === SECRET_MASK) delete next.secret;
      next.authenticationFlowBindingOverrides = Object.fromEntries(
        Object.entries(current.authenticationFlowBindingOverrides ?? {}).map(([binding, flowId]) => [
          binding,
          map(binding, flowId),
        ]),
      );
      await ctx.admin.updateClient(client.id as string, next);
    };
    await setOverrides((_, flowId) => (oldIds.has(flowId) ? id : flowId));
    // Back to what the client had before (the old flow's id for each binding it overrode).
    journal.wrote(`moved the flow overrides of client "${client.clientId}" to "${alias}"`, {
      description: `moved the flow overrides of client "${client.clientId}" back`,
      run: () => setOverrides((binding, flowId) => (flowId === id ? (overrides[binding] ?? flowId) : flowId)),
    });
  }
  for (const idp of await ctx.admin.getIdps()) {
    const first = oldAliases.has(idp.firstBrokerLoginFlowAlias);
    const post = oldAliases.has(idp.postBrokerLoginFlowAlias);
    if (!first && !post) continue;
    const setFlows = async (values: { first?: string | undefined; post?: string | undefined }) => {
      const current = await ctx.admin.getIdp(idp.alias as string);
      await ctx.admin.updateIdp(idp.alias as string, {
        ...current,
        ...(first ? { firstBrokerLoginFlowAlias: values.first } : {}),
        ...(post ? { postBrokerLoginFlowAlias: values.post } : {}),
      });
    };
    await setFlows({ first: alias, post: alias });
    journal.wrote(`moved identity provider "${idp.alias}" to the flow "${alias}"`, {
      description: `moved identity provider "${idp.alias}" back to the old flow`,
      run: () => setFlows({ first: idp.firstBrokerLoginFlowAlias, post: idp.postBrokerLoginFlowAlias }),
    });
  }
}
