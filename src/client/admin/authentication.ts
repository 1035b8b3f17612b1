import type {
  AuthenticationExecutionCreateRepresentation,
  AuthenticationFlowCopyRepresentation,
  AuthenticationSubflowCreateRepresentation,
  AuthenticatorConfigInfoRepresentation,
  AuthenticatorProviderRepresentation,
  ClientAuthenticatorProviderRepresentation,
  PerClientConfigDescription,
  RequiredActionConfigInfoRepresentation,
  RequiredActionConfigRepresentation,
  RequiredActionRegistration,
  UnregisteredRequiredActionRepresentation,
} from '../types/authentication.js';
import type {
  AuthenticationExecutionInfoRepresentation,
  AuthenticationExecutionRepresentation,
  AuthenticationFlowRepresentation,
  AuthenticatorConfigRepresentation,
  RequiredActionProviderRepresentation,
} from '../types/representations.js';
import { AdminBase } from './admin-base.js';

const AUTH = '/admin/realms/{realm}/authentication';
const FLOWS = `${AUTH}/flows`;
const FLOW = `${AUTH}/flows/{id}`;
const FLOW_EXECUTIONS = `${AUTH}/flows/{flowAlias}/executions`;
const EXECUTION = `${AUTH}/executions/{id}`;
const CONFIG = `${AUTH}/config/{id}`;
const REQUIRED_ACTIONS = `${AUTH}/required-actions`;
const REQUIRED_ACTION = `${AUTH}/required-actions/{alias}`;

/**
 * Authentication flows, executions, authenticator configs and required actions.
 *
 * Keycloak 26.7.3 behaviours a caller must plan for (all covered by the integration tests):
 * - Executions are created with a provider only; their requirement starts as DISABLED (or the
 *   provider's only choice, e.g. REQUIRED for `auth-username-password-form`) and is set by
 *   `updateAuthenticationFlowExecutions`.
 * - That PUT also writes `priority`: a body without it moves the execution to priority 0.
 * - Flows bound to the realm, to an identity provider or by a client override cannot be deleted
 *   (the server answers 500); built-in flows answer 400.
 */
export class AuthenticationApi extends AdminBase {
  /**
   * Top-level flows of the realm. The server leaves out the built-in `saml ecp` flow;
   * `exportRealm()` lists every flow, sub-flows included.
   */
  getAuthenticationFlows(): Promise<AuthenticationFlowRepresentation[]> {
    return this.get<AuthenticationFlowRepresentation[]>(FLOWS);
  }

  /** A flow (top-level or sub-flow) by its id, not its alias. */
  getAuthenticationFlowForId(flowId: string): Promise<AuthenticationFlowRepresentation> {
    return this.get<AuthenticationFlowRepresentation>(FLOW, { params: { id: flowId } });
  }

  /**
   * Creates an empty flow and returns its id. Give `providerId` (`basic-flow`, `client-flow`)
   * and `topLevel: true`. With `skipExists`, an existing top-level flow of the same alias
   * resolves to its id.
   */
  createAuthenticationFlow(
    payload: AuthenticationFlowRepresentation,
    options: { skipExists?: boolean } = {},
  ): Promise<string> {
    return this.create(FLOWS, payload, () => this.findTopLevelFlowId(payload.alias), {
      existOk: options.skipExists,
    });
  }

  /**
   * Replaces a flow's alias, description and flags (not its executions). Send the full
   * representation: a body without `providerId` fails (409), one without `topLevel` turns a
   * top-level flow into a sub-flow. Built-in flows accept it too.
   */
  async updateAuthenticationFlow(flowId: string, payload: AuthenticationFlowRepresentation): Promise<void> {
    await this.put(FLOW, payload, { params: { id: flowId } });
  }

  /**
   * Copies a flow (built-in ones included) with its sub-flows and configs under
   * `payload.newName`; returns the copy's id. Sub-flows are named `<newName> <old alias>`.
   */
  copyAuthenticationFlow(payload: AuthenticationFlowCopyRepresentation, flowAlias: string): Promise<string> {
    return this.create(
      `${AUTH}/flows/{flowAlias}/copy`,
      payload,
      () => this.findTopLevelFlowId(payload.newName),
      {
        params: { flowAlias },
      },
    );
  }

  /**
   * Deletes a top-level flow and everything below it. To remove a sub-flow, delete its
   * execution instead: deleting a sub-flow by id leaves a dangling execution behind and its
   * parent flow can no longer be read (500) until that execution is deleted.
   */
  async deleteAuthenticationFlow(flowId: string): Promise<void> {
    await this.delete(FLOW, { params: { id: flowId } });
  }

  /** The flow's executions as a flattened tree (`level`, `index`; sub-flows followed by their content). */
  getAuthenticationFlowExecutions(flowAlias: string): Promise<AuthenticationExecutionInfoRepresentation[]> {
    return this.get<AuthenticationExecutionInfoRepresentation[]>(FLOW_EXECUTIONS, { params: { flowAlias } });
  }

  /**
   * Updates one execution of the flow (or any of its sub-flows) identified by `payload.id`:
   * requirement and priority; for a sub-flow also its alias (`displayName`) and description.
   * Send the entry as read from `getAuthenticationFlowExecutions` with the changes applied:
   * a missing `priority` is written as 0.
   */
  async updateAuthenticationFlowExecutions(
    payload: AuthenticationExecutionInfoRepresentation,
    flowAlias: string,
  ): Promise<void> {
    await this.put(FLOW_EXECUTIONS, payload, { params: { flowAlias } });
  }

  getAuthenticationFlowExecution(executionId: string): Promise<AuthenticationExecutionRepresentation> {
    return this.get<AuthenticationExecutionRepresentation>(EXECUTION, { params: { id: executionId } });
  }

  /**
   * Adds an authenticator execution to a custom flow (or sub-flow) and returns the execution's
   * id. Requirement starts as DISABLED unless the provider allows only one. Without `priority`
   * the execution goes last. Built-in flows answer 400.
   */
  async createAuthenticationFlowExecution(
    payload: AuthenticationExecutionCreateRepresentation,
    flowAlias: string,
  ): Promise<string> {
    const created = await this.post(`${FLOW_EXECUTIONS}/execution`, payload, { params: { flowAlias } });
    return created.id ?? '';
  }

  /** Deletes an execution; for a sub-flow execution, the sub-flow and its content go too. */
  async deleteAuthenticationFlowExecution(executionId: string): Promise<void> {
    await this.delete(EXECUTION, { params: { id: executionId } });
  }

  /**
   * Adds a sub-flow to a custom flow and returns the new sub-flow's *flow* id (its execution id
   * is in `getAuthenticationFlowExecutions`). The sub-flow's requirement starts as DISABLED.
   * Aliases are unique in the realm; with `skipExists`, a sub-flow of that alias already under
   * `flowAlias` resolves to its id.
   */
  createAuthenticationFlowSubflow(
    payload: AuthenticationSubflowCreateRepresentation,
    flowAlias: string,
    options: { skipExists?: boolean } = {},
  ): Promise<string> {
    // Only a sub-flow of this parent counts as existing: aliases are realm-wide, and one below
    // another parent stays a 409 (python answers "Already exists" for both).
    const lookup = async () => {
      const executions = await this.getAuthenticationFlowExecutions(flowAlias);
      return executions.find((e) => e.authenticationFlow && e.displayName === payload.alias)?.flowId;
    };
    return this.create(`${FLOW_EXECUTIONS}/flow`, payload, lookup, {
      params: { flowAlias },
      existOk: options.skipExists,
    });
  }

  /** Swaps the execution with the one before it in its flow (no-op when first). */
  async raiseExecutionPriority(executionId: string): Promise<void> {
    await this.post(`${EXECUTION}/raise-priority`, undefined, { params: { id: executionId } });
  }

  /** Swaps the execution with the one after it in its flow (no-op when last). */
  async lowerExecutionPriority(executionId: string): Promise<void> {
    await this.post(`${EXECUTION}/lower-priority`, undefined, { params: { id: executionId } });
  }

  /** Moves an execution `diff` places up (positive) or down (negative), one swap at a time. */
  async changeExecutionPriority(executionId: string, diff: number): Promise<void> {
    for (let step = 0; step < Math.abs(diff); step++) {
      if (diff > 0) await this.raiseExecutionPriority(executionId);
      else await this.lowerExecutionPriority(executionId);
    }
  }

  /**
   * Creates a config (`alias` required) for an execution and returns the config's id. The
   * execution points at the new config; a config it had before is deleted.
   */
  async createAuthenticatorConfig(
    executionId: string,
    payload: AuthenticatorConfigRepresentation,
  ): Promise<string> {
    const created = await this.post(`${EXECUTION}/config`, payload, { params: { id: executionId } });
    return created.id ?? '';
  }

  /**
   * Creates a config for an execution and returns the config's id.
   * @alias createAuthenticatorConfig
   */
  createExecutionConfig(executionId: string, payload: AuthenticatorConfigRepresentation): Promise<string> {
    return this.createAuthenticatorConfig(executionId, payload);
  }

  /** Authenticators usable in `basic-flow` flows. */
  getAuthenticatorProviders(): Promise<AuthenticatorProviderRepresentation[]> {
    return this.get<AuthenticatorProviderRepresentation[]>(`${AUTH}/authenticator-providers`);
  }

  /** Form providers (the `provider` of a `form-flow` sub-flow). */
  getFormProviders(): Promise<AuthenticatorProviderRepresentation[]> {
    return this.get<AuthenticatorProviderRepresentation[]>(`${AUTH}/form-providers`);
  }

  /** Form actions usable inside a `form-flow`. */
  getFormActionProviders(): Promise<AuthenticatorProviderRepresentation[]> {
    return this.get<AuthenticatorProviderRepresentation[]>(`${AUTH}/form-action-providers`);
  }

  /** Client authenticators usable in `client-flow` flows. */
  getClientAuthenticatorProviders(): Promise<ClientAuthenticatorProviderRepresentation[]> {
    return this.get<ClientAuthenticatorProviderRepresentation[]>(`${AUTH}/client-authenticator-providers`);
  }

  /** Per-client config properties of every client authenticator. */
  getPerClientConfigDescription(): Promise<PerClientConfigDescription> {
    return this.get<PerClientConfigDescription>(`${AUTH}/per-client-config-description`);
  }

  /** What a config of this authenticator may contain. */
  getAuthenticatorProviderConfigDescription(
    providerId: string,
  ): Promise<AuthenticatorConfigInfoRepresentation> {
    return this.get<AuthenticatorConfigInfoRepresentation>(`${AUTH}/config-description/{providerId}`, {
      params: { providerId },
    });
  }

  getAuthenticatorConfig(configId: string): Promise<AuthenticatorConfigRepresentation> {
    return this.get<AuthenticatorConfigRepresentation>(CONFIG, { params: { id: configId } });
  }

  /** Replaces alias and config map; empty values are dropped by the server. */
  async updateAuthenticatorConfig(
    payload: AuthenticatorConfigRepresentation,
    configId: string,
  ): Promise<void> {
    await this.put(CONFIG, payload, { params: { id: configId } });
  }

  /** Deletes a config and detaches it from the executions that use it. */
  async deleteAuthenticatorConfig(configId: string): Promise<void> {
    await this.delete(CONFIG, { params: { id: configId } });
  }

  /** Registered required actions, in priority order. */
  getRequiredActions(): Promise<RequiredActionProviderRepresentation[]> {
    return this.get<RequiredActionProviderRepresentation[]>(REQUIRED_ACTIONS);
  }

  /** The registered required action with this alias, or `undefined`. */
  async getRequiredActionByAlias(
    actionAlias: string,
  ): Promise<RequiredActionProviderRepresentation | undefined> {
    const actions = await this.getRequiredActions();
    return actions.find((action) => action.alias === actionAlias);
  }

  /**
   * Replaces a required action. Send the full representation: a left-out `priority` becomes 0,
   * `name` and even `alias` become empty, after which the action can no longer be addressed.
   */
  async updateRequiredAction(
    actionAlias: string,
    payload: RequiredActionProviderRepresentation,
  ): Promise<void> {
    await this.put(REQUIRED_ACTION, payload, { params: { alias: actionAlias } });
  }

  /** Deployed required-action providers the realm has not registered (e.g. after `deleteRequiredAction`). */
  getUnregisteredRequiredActions(): Promise<UnregisteredRequiredActionRepresentation[]> {
    return this.get<UnregisteredRequiredActionRepresentation[]>(`${AUTH}/unregistered-required-actions`);
  }

  /** Registers a provider as a required action: alias = providerId, enabled, placed last. */
  async registerRequiredAction(payload: RequiredActionRegistration): Promise<void> {
    await this.post(`${AUTH}/register-required-action`, payload);
  }

  /** Unregisters a required action (it then appears in `getUnregisteredRequiredActions`). */
  async deleteRequiredAction(actionAlias: string): Promise<void> {
    await this.delete(REQUIRED_ACTION, { params: { alias: actionAlias } });
  }

  /** Swaps the action's priority with the one before it. */
  async raiseRequiredActionPriority(actionAlias: string): Promise<void> {
    await this.post(`${REQUIRED_ACTION}/raise-priority`, undefined, { params: { alias: actionAlias } });
  }

  /** Swaps the action's priority with the one after it. */
  async lowerRequiredActionPriority(actionAlias: string): Promise<void> {
    await this.post(`${REQUIRED_ACTION}/lower-priority`, undefined, { params: { alias: actionAlias } });
  }

  /** What a config of this required action may contain (every 26.x action has at least `max_auth_age`). */
  getRequiredActionConfigDescription(actionAlias: string): Promise<RequiredActionConfigInfoRepresentation> {
    return this.get<RequiredActionConfigInfoRepresentation>(`${REQUIRED_ACTION}/config-description`, {
      params: { alias: actionAlias },
    });
  }

  /**
   * The action's config (`{ config: {} }` while unset). An alias that names no configurable
   * provider answers 400 "RequiredAction is not configurable" (not 404).
   */
  getRequiredActionConfig(actionAlias: string): Promise<RequiredActionConfigRepresentation> {
    return this.get<RequiredActionConfigRepresentation>(`${REQUIRED_ACTION}/config`, {
      params: { alias: actionAlias },
    });
  }

  /** Replaces the action's config; the server validates the values (400 with the field name). */
  async updateRequiredActionConfig(
    actionAlias: string,
    payload: RequiredActionConfigRepresentation,
  ): Promise<void> {
    await this.put(`${REQUIRED_ACTION}/config`, payload, { params: { alias: actionAlias } });
  }

  /** Resets the action's config to the provider defaults. */
  async deleteRequiredActionConfig(actionAlias: string): Promise<void> {
    await this.delete(`${REQUIRED_ACTION}/config`, { params: { alias: actionAlias } });
  }

  private async findTopLevelFlowId(alias: string | undefined): Promise<string | undefined> {
    if (!alias) return undefined;
    const flows = await this.getAuthenticationFlows();
    const found = flows.find((flow) => flow.alias === alias)?.id;
    if (found) return found;
    // A flow created without `topLevel: true` is not listed; the partial export lists every flow.
    const exported = await this.postJson<{ authenticationFlows?: AuthenticationFlowRepresentation[] }>(
      '/admin/realms/{realm}/partial-export',
      undefined,
      { readOnly: true },
    );
    return exported.authenticationFlows?.find((flow) => flow.alias === alias)?.id;
  }
}
