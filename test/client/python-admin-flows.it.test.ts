/**
 * Counterparts of python-keycloak's authentication-flow, required-action, client-scope and
 * component scenarios (tests/test_keycloak_admin.py), each in a fresh realm.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import type { AuthenticationExecutionInfoRepresentation } from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak } from '../support/keycloak.js';
import { useScenarioRealm } from './support-python/fixtures.js';

const TOP_LEVEL_FLOWS = [
  'reset credentials',
  'browser',
  'registration',
  'http challenge',
  'docker auth',
  'direct grant',
  'first broker login',
  'clients',
];

describeWithKeycloak('python-keycloak admin scenarios: flows, required actions, scopes, components', () => {
  const scenario = useScenarioRealm('flows');

  it('admin/test_auth_flows: flows, copies, executions and sub-flows', async () => {
    const admin = scenario.admin;
    const flows = await admin.getAuthenticationFlows();
    expect(flows.length).toBeLessThanOrEqual(8);
    const defaultFlows = flows.length;
    for (const flow of flows) expect(TOP_LEVEL_FLOWS).toContain(flow.alias);
    expect(Object.keys(flows[0] ?? {}).sort()).toEqual(
      ['alias', 'authenticationExecutions', 'builtIn', 'description', 'id', 'providerId', 'topLevel'].sort(),
    );

    const badId = await failure(admin.getAuthenticationFlowForId('bad'));
    expect(badId).toBeInstanceOf(KeycloakGetError);
    expect(badId.serverMessage).toMatch(/Could not find flow with id/);
    const browserId = flows.find((flow) => flow.alias === 'browser')?.id ?? '';
    expect((await admin.getAuthenticationFlowForId(browserId)).alias).toBe('browser');

    const badCopy = await failure(admin.copyAuthenticationFlow({} as never, 'bad'));
    expect(badCopy).toBeInstanceOf(KeycloakPostError);
    expect(badCopy.responseCode).toBe(404);
    expect(await admin.copyAuthenticationFlow({ newName: 'test-browser' }, 'browser')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(await admin.getAuthenticationFlows()).toHaveLength(defaultFlows + 1);

    const created = await admin.createAuthenticationFlow({ alias: 'test-create', providerId: 'basic-flow' });
    expect(created).toMatch(/^[0-9a-f-]{36}$/);
    const duplicate = await failure(admin.createAuthenticationFlow({ alias: 'test-create', builtIn: false }));
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.responseCode).toBe(409);
    expect(duplicate.serverMessage).toBe('Flow test-create already exists');
    expect(await admin.createAuthenticationFlow({ alias: 'test-create' }, { skipExists: true })).toBe(
      created,
    );

    const browser = await admin.getAuthenticationFlowForId(browserId);
    const { authenticationExecutions: _executions, id: _id, ...flowBody } = browser;
    expect(
      await admin.updateAuthenticationFlow(browserId, { ...flowBody, description: 'test description' }),
    ).toBeUndefined();
    expect((await admin.getAuthenticationFlowForId(browserId)).description).toBe('test description');

    const executions = await admin.getAuthenticationFlowExecutions('browser');
    expect([8, 12, 14, 15]).toContain(executions.length);
    const badFlow = await failure(admin.getAuthenticationFlowExecutions('bad'));
    expect(badFlow).toBeInstanceOf(KeycloakGetError);
    expect(badFlow.responseCode).toBe(404);
    const execution = await admin.getAuthenticationFlowExecution(executions[0]?.id ?? '');
    const allowed = [
      'alternative',
      'authenticator',
      'authenticatorFlow',
      'autheticatorFlow',
      'conditional',
      'disabled',
      'enabled',
      'id',
      'parentFlow',
      'priority',
      'required',
      'requirement',
    ];
    for (const key of Object.keys(execution)) expect(allowed).toContain(key);
    const badExecution = await failure(admin.getAuthenticationFlowExecution('bad'));
    expect(badExecution).toBeInstanceOf(KeycloakGetError);
    expect(badExecution.serverMessage).toMatch(/Illegal execution/);

    const builtIn = await failure(admin.createAuthenticationFlowExecution({} as never, 'browser'));
    expect(builtIn).toBeInstanceOf(KeycloakPostError);
    expect(builtIn.responseCode).toBe(400);
    expect(builtIn.serverMessage).toMatch(/It is illegal to add execution to a built in flow/);
    expect(await admin.createAuthenticationFlowExecution({ provider: 'auth-cookie' }, 'test-create')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect(await admin.getAuthenticationFlowExecutions('test-create')).toHaveLength(1);

    const badUpdate = await failure(
      admin.updateAuthenticationFlowExecutions({ required: 'yes' } as never, 'test-create'),
    );
    expect(badUpdate).toBeInstanceOf(KeycloakPutError);
    expect(JSON.stringify(badUpdate.responseBody)).toMatch(/Unrecognized field/);
    const [current] = await admin.getAuthenticationFlowExecutions('test-create');
    expect(
      await admin.updateAuthenticationFlowExecutions({ ...current, displayName: 'test' }, 'test-create'),
    ).toBeUndefined();

    const execId = (await admin.getAuthenticationFlowExecutions('test-create'))[0]?.id ?? '';
    expect(await admin.deleteAuthenticationFlowExecution(execId)).toBeUndefined();
    const deletedTwice = await failure(admin.deleteAuthenticationFlowExecution(execId));
    expect(deletedTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deletedTwice.serverMessage).toMatch(/Illegal execution/);

    const subflow = {
      alias: 'test-subflow',
      provider: 'basic-flow',
      type: 'something',
      description: 'something',
    };
    expect(await admin.createAuthenticationFlowSubflow(subflow, 'test-browser')).toMatch(/^[0-9a-f-]{36}$/);
    const duplicateSubflow = await failure(
      admin.createAuthenticationFlowSubflow(
        { alias: 'test-subflow', providerId: 'basic-flow' } as never,
        'test-browser',
      ),
    );
    expect(duplicateSubflow).toBeInstanceOf(KeycloakPostError);
    expect(duplicateSubflow.responseCode).toBe(409);
    expect(duplicateSubflow.serverMessage).toBe('New flow alias name already exists');
    // python answers {"msg": "Already exists"} for an alias taken anywhere in the realm; here
    // `skipExists` returns an existing sub-flow of the same parent, and a sub-flow of another
    // parent stays a conflict.
    expect(
      await admin.createAuthenticationFlowSubflow(subflow, 'test-browser', { skipExists: true }),
    ).toMatch(/^[0-9a-f-]{36}$/);
    const elsewhere = await failure(
      admin.createAuthenticationFlowSubflow(subflow, 'test-create', { skipExists: true }),
    );
    expect(elsewhere).toBeInstanceOf(KeycloakPostError);
    expect(elsewhere.responseCode).toBe(409);

    const copyId =
      (await admin.getAuthenticationFlows()).find((flow) => flow.alias === 'test-browser')?.id ?? '';
    expect(await admin.deleteAuthenticationFlow(copyId)).toBeUndefined();
    const deleteTwice = await failure(admin.deleteAuthenticationFlow(copyId));
    expect(deleteTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteTwice.serverMessage).toMatch(/Could not find flow with id|Flow not found/);
  });

  it('admin/test_auth_flow_execution_priority: moving an execution down and back', async () => {
    const admin = scenario.admin;
    await admin.createAuthenticationFlow({ alias: 'test-create', providerId: 'basic-flow' });
    await admin.createAuthenticationFlowExecution({ provider: 'auth-cookie' }, 'test-create');
    await admin.createAuthenticationFlowExecution({ provider: 'auth-cookie' }, 'test-create');
    const order = (list: AuthenticationExecutionInfoRepresentation[]) => list.map((entry) => entry.id);
    const executions = await admin.getAuthenticationFlowExecutions('test-create');
    const second = executions[1]?.id ?? '';
    await admin.changeExecutionPriority(second, 1);
    expect(order(await admin.getAuthenticationFlowExecutions('test-create'))).not.toEqual(order(executions));
    await admin.changeExecutionPriority(second, -1);
    expect(order(await admin.getAuthenticationFlowExecutions('test-create'))).toEqual(order(executions));
  });

  it('admin/test_authentication_configs: providers, config descriptions and configs', async () => {
    const admin = scenario.admin;
    expect((await admin.getAuthenticatorProviders()).length).toBeLessThanOrEqual(42);
    expect(await admin.getAuthenticatorProviderConfigDescription('auth-cookie')).toEqual({
      helpText: 'Validates the SSO cookie set by the auth server.',
      name: 'Cookie',
      properties: [],
      providerId: 'auth-cookie',
    });
    const executions = await admin.getAuthenticationFlowExecutions('browser');
    const configurable = executions.find((entry) => entry.configurable);
    if (!configurable?.id) throw new Error('no configurable execution in the browser flow');
    const configId = await admin.createExecutionConfig(configurable.id, {
      alias: 'test.provisioning.property',
      config: { 'test.provisioning.property': 'value2' },
    });
    const pointed = (await admin.getAuthenticationFlowExecutions('browser')).find(
      (entry) => entry.id === configurable.id,
    )?.authenticationConfig;
    expect(pointed).toBe(configId);
    // Keycloak 26.7 masks config values the authenticator does not declare (python expects the
    // value itself and fails on 26.7.3); older servers return it.
    expect(['value2', '**********']).toContain(
      (await admin.getAuthenticatorConfig(configId)).config?.['test.provisioning.property'],
    );
    const badGet = await failure(admin.getAuthenticatorConfig('bad'));
    expect(badGet).toBeInstanceOf(KeycloakGetError);
    expect(badGet.serverMessage).toMatch(/Could not find authenticator config/);
    const badPut = await failure(admin.updateAuthenticatorConfig({}, 'bad'));
    expect(badPut).toBeInstanceOf(KeycloakPutError);
    expect(badPut.serverMessage).toMatch(/Could not find authenticator config/);
    expect(await admin.updateAuthenticatorConfig({}, configId)).toBeUndefined();
    const badDelete = await failure(admin.deleteAuthenticatorConfig('bad'));
    expect(badDelete).toBeInstanceOf(KeycloakDeleteError);
    expect(badDelete.serverMessage).toMatch(/Could not find authenticator config/);
    expect(await admin.deleteAuthenticatorConfig(configId)).toBeUndefined();
  });

  it('admin/test_sync_users: syncing an unknown storage provider is a 404', async () => {
    const error = await failure(scenario.admin.syncUsers('does-not-exist', 'triggerFullSync'));
    expect(error).toBeInstanceOf(KeycloakPostError);
    expect(error.responseCode).toBe(404);
    expect(error.serverMessage).toMatch(/Could not find component/);
  });

  it('admin/test_get_required_actions: every action has its fields', async () => {
    const actions = await scenario.admin.getRequiredActions();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      for (const key of ['alias', 'name', 'providerId', 'enabled', 'defaultAction', 'priority', 'config']) {
        expect(action, `${action.alias}.${key}`).toHaveProperty(key);
      }
    }
  });

  it('admin/test_get_required_action_by_alias: one action, or undefined', async () => {
    const actions = await scenario.admin.getRequiredActions();
    const action = await scenario.admin.getRequiredActionByAlias('UPDATE_PASSWORD');
    expect(action?.alias).toBe('UPDATE_PASSWORD');
    expect(actions).toContainEqual(action);
    expect(await scenario.admin.getRequiredActionByAlias('does-not-exist')).toBeUndefined();
  });

  it('admin/test_update_required_action: disables an action', async () => {
    const admin = scenario.admin;
    const action = await admin.getRequiredActionByAlias('UPDATE_PASSWORD');
    if (!action) throw new Error('no UPDATE_PASSWORD action');
    expect(
      await admin.updateRequiredAction('UPDATE_PASSWORD', { ...action, enabled: false }),
    ).toBeUndefined();
    const updated = await admin.getRequiredActionByAlias('UPDATE_PASSWORD');
    expect(updated).not.toEqual(action);
    expect(updated?.enabled).toBe(false);
  });

  it('admin/test_client_scopes: scopes, their mappers and the realm’s default scopes', async () => {
    const admin = scenario.admin;
    const scopes = await admin.getClientScopes();
    // python expects 10–14 built-in scopes; 26.7 creates 15 (python's scenario fails there).
    expect(scopes.length).toBeGreaterThanOrEqual(10);
    expect(scopes.map((scope) => scope.name)).toEqual(
      expect.arrayContaining(['email', 'profile', 'offline_access']),
    );
    const missing = await failure(admin.getClientScope('does-not-exist'));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect(missing.serverMessage).toMatch(/Could not find client scope/);
    expect(await admin.getClientScope(scopes[0]?.id ?? '')).toEqual(scopes[0]);
    expect(await admin.getClientScopeByName(scopes[0]?.name ?? '')).toEqual(scopes[0]);

    const id = await admin.createClientScope(
      { name: 'test-scope', protocol: 'openid-connect' },
      { skipExists: true },
    );
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      await admin.createClientScope({ name: 'test-scope', protocol: 'openid-connect' }, { skipExists: true }),
    ).toBe(id);
    const duplicate = await failure(
      admin.createClientScope({ name: 'test-scope', protocol: 'openid-connect' }, { skipExists: false }),
    );
    expect(duplicate).toBeInstanceOf(KeycloakPostError);
    expect(duplicate.serverMessage).toBe('Client Scope test-scope already exists');

    const badUpdate = await failure(admin.updateClientScope('does-not-exist', {}));
    expect(badUpdate).toBeInstanceOf(KeycloakPutError);
    expect(badUpdate.serverMessage).toMatch(/Could not find client scope/);
    expect(await admin.updateClientScope(id, { name: 'test-scope-update' })).toBeUndefined();
    expect((await admin.getClientScope(id)).name).toBe('test-scope-update');

    expect(await admin.getMappersFromClientScope(id)).toEqual([]);
    const badMapper = await failure(admin.addMapperToClientScope(id, {}));
    expect(badMapper).toBeInstanceOf(KeycloakPostError);
    expect(badMapper.serverMessage).toMatch(/ProtocolMapper provider not found/);
    await admin.addMapperToClientScope(id, {
      name: 'test-mapper',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-usermodel-attribute-mapper',
    });
    const [mapper] = await admin.getMappersFromClientScope(id);
    if (!mapper?.id) throw new Error('mapper not created');
    const mapperOfNothing = await failure(admin.updateMapperInClientScope('does-not-exist', mapper.id, {}));
    expect(mapperOfNothing).toBeInstanceOf(KeycloakPutError);
    expect(mapperOfNothing.serverMessage).toMatch(/Could not find client scope/);
    expect(
      await admin.updateMapperInClientScope(id, mapper.id, {
        ...mapper,
        config: { ...mapper.config, 'user.attribute': 'test' },
      }),
    ).toBeUndefined();
    expect((await admin.getMappersFromClientScope(id))[0]?.config?.['user.attribute']).toBe('test');
    expect(await admin.deleteMapperFromClientScope(id, mapper.id)).toBeUndefined();
    const deletedTwice = await failure(admin.deleteMapperFromClientScope(id, mapper.id));
    expect(deletedTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deletedTwice.serverMessage).toMatch(/Model not found/);

    // python expects 6–8 realm default scopes; 26.7 has 9 (python's scenario fails there).
    const defaults = (await admin.getDefaultDefaultClientScopes()).length;
    expect(defaults).toBeGreaterThanOrEqual(6);
    const badDefault = await failure(admin.addDefaultDefaultClientScope('does-not-exist'));
    expect(badDefault).toBeInstanceOf(KeycloakPutError);
    expect(badDefault.serverMessage).toMatch(/Client scope not found/);
    expect(await admin.addDefaultDefaultClientScope(id)).toBeUndefined();
    expect(await admin.getDefaultDefaultClientScopes()).toHaveLength(defaults + 1);
    const badDefaultDelete = await failure(admin.deleteDefaultDefaultClientScope('does-not-exist'));
    expect(badDefaultDelete).toBeInstanceOf(KeycloakDeleteError);
    expect(badDefaultDelete.serverMessage).toMatch(/Client scope not found/);
    expect(await admin.deleteDefaultDefaultClientScope(id)).toBeUndefined();
    expect(await admin.getDefaultDefaultClientScopes()).toHaveLength(defaults);

    const optional = (await admin.getDefaultOptionalClientScopes()).length;
    expect(optional).toBeGreaterThanOrEqual(4);
    const badOptional = await failure(admin.addDefaultOptionalClientScope('does-not-exist'));
    expect(badOptional).toBeInstanceOf(KeycloakPutError);
    expect(badOptional.serverMessage).toMatch(/Client scope not found/);
    expect(await admin.addDefaultOptionalClientScope(id)).toBeUndefined();
    expect(await admin.getDefaultOptionalClientScopes()).toHaveLength(optional + 1);
    const badOptionalDelete = await failure(admin.deleteDefaultOptionalClientScope('does-not-exist'));
    expect(badOptionalDelete).toBeInstanceOf(KeycloakDeleteError);
    expect(badOptionalDelete.serverMessage).toMatch(/Client scope not found/);
    expect(await admin.deleteDefaultOptionalClientScope(id)).toBeUndefined();
    expect(await admin.getDefaultOptionalClientScopes()).toHaveLength(optional);

    expect(await admin.deleteClientScope(id)).toBeUndefined();
    const deleteTwice = await failure(admin.deleteClientScope(id));
    expect(deleteTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteTwice.serverMessage).toMatch(/Could not find client scope/);
  });

  it('admin/test_components: components, with python’s error class for a bad update', async () => {
    const admin = scenario.admin;
    const components = await admin.getComponents();
    expect([12, 14]).toContain(components.length);
    const missing = await failure(admin.getComponent('does-not-exist'));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect(missing.serverMessage).toMatch(/Could not find component/);
    expect(await admin.getComponent(components[0]?.id ?? '')).toEqual(components[0]);

    const bad = await failure(admin.createComponent({ bad: 'dict' } as never));
    expect(bad).toBeInstanceOf(KeycloakPostError);
    expect(JSON.stringify(bad.responseBody)).toMatch(/Unrecognized field/);
    const id = await admin.createComponent({
      name: 'Test Component',
      providerId: 'max-clients',
      providerType: 'org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy',
      config: { 'max-clients': ['1000'] },
    });
    expect((await admin.getComponent(id)).name).toBe('Test Component');

    const component = await admin.getComponent(id);
    const unknown = await failure(admin.updateComponent('does-not-exist', {}));
    expect(unknown).toBeInstanceOf(KeycloakPutError);
    expect(unknown.responseCode).toBe(404);
    expect(unknown.serverMessage).toMatch(/Could not find component/);
    expect(await admin.updateComponent(id, { ...component, name: 'Test Component Update' })).toBeUndefined();
    expect((await admin.getComponent(id)).name).toBe('Test Component Update');

    expect(await admin.deleteComponent(id)).toBeUndefined();
    const deleteTwice = await failure(admin.deleteComponent(id));
    expect(deleteTwice).toBeInstanceOf(KeycloakDeleteError);
    expect(deleteTwice.serverMessage).toMatch(/Could not find component/);
  });

  async function roleTestingClient(): Promise<string> {
    return scenario.admin.createClient({ name: 'role-testing-client', clientId: 'role-testing-client' });
  }

  it('admin/test_client_default_client_scopes: a client’s default scopes', async () => {
    const admin = scenario.admin;
    const client = await roleTestingClient();
    const before = (await admin.getClientDefaultClientScopes(client)).length;
    expect([5, 6]).toContain(before);
    const name = 'test-client-default-scope';
    const scopeId = await admin.createClientScope(
      { name, description: `Test Client Scope: ${name}`, protocol: 'openid-connect', attributes: {} },
      { skipExists: false },
    );
    expect(
      await admin.addClientDefaultClientScope(client, scopeId, {
        realm: scenario.realm,
        client,
        clientScopeId: scopeId,
      }),
    ).toBeUndefined();
    expect(await admin.getClientDefaultClientScopes(client)).toHaveLength(before + 1);
    expect(await admin.deleteClientDefaultClientScope(client, scopeId)).toBeUndefined();
    expect(await admin.getClientDefaultClientScopes(client)).toHaveLength(before);
  });

  it('admin/test_client_optional_client_scopes: a client’s optional scopes', async () => {
    const admin = scenario.admin;
    const client = await roleTestingClient();
    const before = (await admin.getClientOptionalClientScopes(client)).length;
    expect([4, 5]).toContain(before);
    const name = `test-client-optional-scope-${randomUUID().slice(0, 4)}`;
    const scopeId = await admin.createClientScope(
      { name, description: `Test Client Scope: ${name}`, protocol: 'openid-connect', attributes: {} },
      { skipExists: false },
    );
    expect(
      await admin.addClientOptionalClientScope(client, scopeId, {
        realm: scenario.realm,
        client,
        clientScopeId: scopeId,
      }),
    ).toBeUndefined();
    expect(await admin.getClientOptionalClientScopes(client)).toHaveLength(before + 1);
    expect(await admin.deleteClientOptionalClientScope(client, scopeId)).toBeUndefined();
    expect(await admin.getClientOptionalClientScopes(client)).toHaveLength(before);
  });
});
