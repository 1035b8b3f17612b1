import { beforeAll, expect, it } from 'vitest';
import {
  collect,
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakPostError,
  KeycloakPutError,
} from '../../src/client/index.js';
import type { ClientRepresentation, RoleRepresentation } from '../../src/client/types/index.js';
import { failure } from '../support/failure.js';
import { byVersion, describeWithKeycloak, serverAtLeast, useTestRealm } from '../support/keycloak.js';

describeWithKeycloak('authorization services', () => {
  const realm = useTestRealm('authz', {
    roles: { realm: [{ name: 'reader' }, { name: 'writer' }] },
    clients: [
      {
        clientId: 'resource-server',
        publicClient: false,
        secret: 'rs-secret',
        serviceAccountsEnabled: true,
        authorizationServicesEnabled: true,
      },
      { clientId: 'other-app', publicClient: true },
    ],
  });
  const ids = { rs: '', other: '', reader: '', writer: '' };

  beforeAll(async () => {
    const base = `/admin/realms/${realm.name}`;
    const clients = (await realm.admin.rawGet(`${base}/clients`)).json<ClientRepresentation[]>();
    ids.rs = clients.find((c) => c.clientId === 'resource-server')?.id ?? '';
    ids.other = clients.find((c) => c.clientId === 'other-app')?.id ?? '';
    ids.reader = (await realm.admin.rawGet(`${base}/roles/reader`)).json<RoleRepresentation>().id ?? '';
    ids.writer = (await realm.admin.rawGet(`${base}/roles/writer`)).json<RoleRepresentation>().id ?? '';
    expect(ids.rs && ids.other && ids.reader && ids.writer).toBeTruthy();
  });

  it('reads and updates the resource server settings', async () => {
    const admin = realm.admin;
    const settings = await admin.getClientAuthzSettings(ids.rs);
    expect(settings.policyEnforcementMode).toBe('ENFORCING');
    expect(settings.decisionStrategy).toBe('UNANIMOUS');

    await admin.updateClientAuthzSettings(ids.rs, {
      ...settings,
      policyEnforcementMode: 'PERMISSIVE',
      decisionStrategy: 'AFFIRMATIVE',
    });
    const updated = await admin.getClientAuthzSettings(ids.rs);
    expect(updated.policyEnforcementMode).toBe('PERMISSIVE');
    expect(updated.decisionStrategy).toBe('AFFIRMATIVE');
    await admin.updateClientAuthzSettings(ids.rs, {
      policyEnforcementMode: 'ENFORCING',
      decisionStrategy: 'UNANIMOUS',
    });
    expect((await admin.getClientAuthzSettings(ids.rs)).policyEnforcementMode).toBe('ENFORCING');
  });

  it('creates, upserts, reads, updates and deletes scopes', async () => {
    const admin = realm.admin;
    const read = await admin.createClientAuthzScopes(ids.rs, { name: 'scope-read' });
    expect(read.id).toBeTruthy();
    expect(read.name).toBe('scope-read');

    // Keycloak treats a scope POST as an upsert by name.
    const again = await admin.createClientAuthzScopes(ids.rs, { name: 'scope-read', displayName: 'Read' });
    expect(again.id).toBe(read.id);
    expect((await admin.getClientAuthzScope(ids.rs, read.id ?? '')).displayName).toBe('Read');

    await admin.updateClientAuthzScope(ids.rs, read.id ?? '', { name: 'scope-read', displayName: 'Read it' });
    expect((await admin.getClientAuthzScopeByName(ids.rs, 'scope-read'))?.displayName).toBe('Read it');
    expect(await admin.getClientAuthzScopeByName(ids.rs, 'scope-none')).toBeUndefined();

    const doomed = await admin.createClientAuthzScopes(ids.rs, { name: 'scope-doomed' });
    expect((await admin.getClientAuthzScopes(ids.rs)).map((s) => s.name)).toEqual(
      expect.arrayContaining(['scope-read', 'scope-doomed']),
    );
    await admin.deleteClientAuthzScope(ids.rs, doomed.id ?? '');
    const missing = await failure(admin.getClientAuthzScope(ids.rs, doomed.id ?? ''));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    // The scope 404 has an empty body.
    expect((missing as KeycloakGetError).serverMessage).toBeUndefined();
    const gone = await failure(admin.deleteClientAuthzScope(ids.rs, doomed.id ?? ''));
    expect(gone).toBeInstanceOf(KeycloakDeleteError);
    expect((gone as KeycloakDeleteError).responseCode).toBe(404);
  });

  it('pages through more than the 100 scopes the server returns per request', async () => {
    const admin = realm.admin;
    const names = Array.from({ length: 101 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(
        names.slice(i, i + 10).map((name) => admin.createClientAuthzScopes(ids.rs, { name })),
      );
    }
    const raw = await admin.rawGet(
      `/admin/realms/${realm.name}/clients/${ids.rs}/authz/resource-server/scope?name=bulk-`,
    );
    expect(raw.json<unknown[]>()).toHaveLength(100);

    const all = await admin.getClientAuthzScopes(ids.rs, { name: 'bulk-' });
    expect(all.map((s) => s.name).sort()).toEqual(names);
    const page = await admin.getClientAuthzScopes(ids.rs, { name: 'bulk-', first: 100, max: 10 });
    expect(page).toHaveLength(1);
    const iterated = await collect(admin.iterClientAuthzScopes(ids.rs, { name: 'bulk-', pageSize: 40 }));
    expect(new Set(iterated.map((s) => s.id)).size).toBe(101);
  });

  it('creates, lists, updates and deletes resources', async () => {
    const admin = realm.admin;
    await admin.createClientAuthzScopes(ids.rs, { name: 'res-scope' });
    const created = await admin.createClientAuthzResource(ids.rs, {
      name: 'documents',
      uris: ['/documents/*'],
      type: 'urn:test:documents',
      scopes: [{ name: 'res-scope' }],
    });
    expect(created._id).toBeTruthy();
    expect(created.scopes?.map((s) => s.name)).toEqual(['res-scope']);

    const conflict = await failure(admin.createClientAuthzResource(ids.rs, { name: 'documents' }));
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect((conflict as KeycloakPostError).responseCode).toBe(409);
    expect((conflict as KeycloakPostError).serverMessage).toContain(
      'Resource with name [documents] already exists.',
    );
    const existing = await admin.createClientAuthzResource(
      ids.rs,
      { name: 'documents' },
      { skipExists: true },
    );
    expect(existing._id).toBe(created._id);

    const fetched = await admin.getClientAuthzResource(ids.rs, created._id ?? '');
    expect(fetched.uris).toEqual(['/documents/*']);
    expect(fetched.type).toBe('urn:test:documents');

    await admin.updateClientAuthzResource(ids.rs, created._id ?? '', {
      ...fetched,
      displayName: 'Documents',
      uris: ['/docs/*'],
    });
    const updated = await admin.getClientAuthzResourceByName(ids.rs, 'documents');
    expect(updated?.displayName).toBe('Documents');
    expect(updated?.uris).toEqual(['/docs/*']);
    expect(updated?.scopes?.map((s) => s.name)).toEqual(['res-scope']);

    for (const name of ['pics-1', 'pics-2', 'pics-3'])
      await admin.createClientAuthzResource(ids.rs, { name });
    const pics = await admin.getClientAuthzResources(ids.rs, { name: 'pics-' });
    expect(pics.map((r) => r.name).sort()).toEqual(['pics-1', 'pics-2', 'pics-3']);
    expect(await admin.getClientAuthzResources(ids.rs, { name: 'pics-', first: 0, max: 2 })).toHaveLength(2);
    const iterated = await collect(admin.iterClientAuthzResources(ids.rs, { name: 'pics-', pageSize: 2 }));
    expect(iterated.map((r) => r.name).sort()).toEqual(['pics-1', 'pics-2', 'pics-3']);
    expect((await admin.getClientAuthzResources(ids.rs)).map((r) => r.name)).toContain('documents');

    await admin.deleteClientAuthzResource(ids.rs, iterated[0]?._id ?? '');
    const missing = await failure(admin.getClientAuthzResource(ids.rs, iterated[0]?._id ?? ''));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    // Up to 26.4 there is no body.
    expect((missing as KeycloakGetError).serverMessage).toBe(
      serverAtLeast('26.5') ? 'HTTP 404 Not Found' : undefined,
    );
  });

  it('creates role, client, time and aggregate policies and reads them in both shapes', async () => {
    const admin = realm.admin;
    const role = await admin.createClientAuthzRoleBasedPolicy(ids.rs, {
      name: 'readers',
      logic: 'POSITIVE',
      decisionStrategy: 'UNANIMOUS',
      roles: [{ id: ids.reader }],
    });
    expect(role.id).toBeTruthy();
    expect(role.type).toBe('role');
    expect(role.roles).toEqual([{ id: ids.reader, required: false }]);

    const conflict = await failure(
      admin.createClientAuthzRoleBasedPolicy(ids.rs, { name: 'readers', roles: [] }),
    );
    expect(conflict).toBeInstanceOf(KeycloakPostError);
    expect((conflict as KeycloakPostError).responseCode).toBe(409);
    expect((conflict as KeycloakPostError).responseBody).toMatchObject({
      error: 'Policy with name [readers] already exists',
    });
    const existing = await admin.createClientAuthzRoleBasedPolicy(
      ids.rs,
      { name: 'readers', roles: [{ id: ids.writer }] },
      { skipExists: true },
    );
    expect(existing.id).toBe(role.id);
    expect(existing.roles?.map((r) => r.id)).toEqual([ids.reader]);

    // Generic shape: type settings as strings in config.
    const generic = await admin.getClientAuthzPolicy(ids.rs, role.id ?? '');
    expect(generic.roles).toBeUndefined();
    expect(JSON.parse(generic.config?.roles ?? '[]')).toEqual([{ id: ids.reader, required: false }]);
    const typed = await admin.getClientAuthzPolicy(ids.rs, role.id ?? '', { type: 'role' });
    expect(typed.roles).toEqual([{ id: ids.reader, required: false }]);

    // Client policy: clientIds are accepted and stored as uuids.
    const clientPolicy = await admin.createClientAuthzClientPolicy(
      { name: 'from-other-app', clients: ['other-app'] },
      ids.rs,
    );
    expect(clientPolicy.type).toBe('client');
    const clientPolicies = await admin.getClientAuthzClientPolicies(ids.rs);
    expect(clientPolicies.map((p) => [p.name, p.clients])).toEqual([['from-other-app', [ids.other]]]);
    expect(
      (await collect(admin.iterClientAuthzClientPolicies(ids.rs, { pageSize: 1 }))).map((p) => p.id),
    ).toEqual([clientPolicy.id]);

    // Generic create (python-keycloak's form) and typed create through the same method.
    const office = await admin.createClientAuthzPolicy(ids.rs, {
      name: 'office-hours',
      type: 'time',
      config: { hour: '9', hourEnd: '17' },
    });
    expect(office.config).toEqual({ hour: '9', hourEnd: '17' });
    const weekend = await admin.createClientAuthzPolicy(ids.rs, {
      name: 'weekend',
      type: 'time',
      hour: '10',
    });
    expect(weekend.hour).toBe('10');
    expect(weekend.config).toBeUndefined();
    const aggregate = await admin.createClientAuthzPolicy(ids.rs, {
      name: 'readers-in-office',
      type: 'aggregate',
      decisionStrategy: 'UNANIMOUS',
      policies: [role.id ?? '', office.id ?? ''],
    });
    expect(aggregate.policies?.sort()).toEqual([role.id, office.id].sort());
    expect(
      (await admin.getClientAuthzPermissionAssociatedPolicies(ids.rs, aggregate.id ?? ''))
        .map((p) => p.name)
        .sort(),
    ).toEqual(['office-hours', 'readers']);
    const sameAggregate = await admin.createClientAuthzPolicy(
      ids.rs,
      { name: 'readers-in-office', type: 'aggregate', policies: [] },
      { skipExists: true },
    );
    expect(sameAggregate.id).toBe(aggregate.id);

    // Updates in both shapes.
    await admin.updateClientAuthzPolicy(ids.rs, role.id ?? '', {
      ...typed,
      description: 'typed update',
      roles: [{ id: ids.writer, required: true }],
    });
    const afterTyped = await admin.getClientAuthzPolicy(ids.rs, role.id ?? '', { type: 'role' });
    expect(afterTyped.description).toBe('typed update');
    expect(afterTyped.roles).toEqual([{ id: ids.writer, required: true }]);
    await admin.updateClientAuthzPolicy(ids.rs, office.id ?? '', {
      ...office,
      config: { hour: '8', hourEnd: '18' },
    });
    expect((await admin.getClientAuthzPolicy(ids.rs, office.id ?? '')).config).toEqual({
      hour: '8',
      hourEnd: '18',
    });

    const policies = await admin.getClientAuthzPolicies(ids.rs, { permission: false });
    expect(policies.map((p) => p.name).sort()).toEqual([
      'from-other-app',
      'office-hours',
      'readers',
      'readers-in-office',
      'weekend',
    ]);
    const iterated = await collect(admin.iterClientAuthzPolicies(ids.rs, { permission: false, pageSize: 2 }));
    expect(iterated.map((p) => p.id).sort()).toEqual(policies.map((p) => p.id).sort());
    expect((await admin.getClientAuthzPolicyByName(ids.rs, 'weekend'))?.id).toBe(weekend.id);
    expect(await admin.getClientAuthzPolicyByName(ids.rs, 'no-such-policy')).toBeUndefined();

    await admin.deleteClientAuthzPolicy(ids.rs, weekend.id ?? '');
    const missing = await failure(admin.getClientAuthzPolicy(ids.rs, weekend.id ?? ''));
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    expect((missing as KeycloakGetError).serverMessage).toBe(
      serverAtLeast('26.5') ? 'HTTP 404 Not Found' : undefined,
    );
  });

  it('creates, reads and updates resource and scope permissions', async () => {
    const admin = realm.admin;
    const view = await admin.createClientAuthzScopes(ids.rs, { name: 'perm-view' });
    const edit = await admin.createClientAuthzScopes(ids.rs, { name: 'perm-edit' });
    const resource = await admin.createClientAuthzResource(ids.rs, {
      name: 'reports',
      scopes: [{ name: 'perm-view' }, { name: 'perm-edit' }],
    });
    const policy = await admin.createClientAuthzRoleBasedPolicy(ids.rs, {
      name: 'writers',
      roles: [{ id: ids.writer }],
    });

    const resourcePermission = await admin.createClientAuthzResourceBasedPermission(ids.rs, {
      name: 'reports-permission',
      type: 'resource',
      logic: 'POSITIVE',
      decisionStrategy: 'UNANIMOUS',
      resources: [resource._id ?? ''],
      policies: [policy.id ?? ''],
    });
    expect(resourcePermission.type).toBe('resource');
    expect(resourcePermission.resources).toEqual([resource._id]);
    const same = await admin.createClientAuthzResourceBasedPermission(
      ids.rs,
      { name: 'reports-permission', resources: [] },
      { skipExists: true },
    );
    expect(same.id).toBe(resourcePermission.id);
    // Policies and permissions share one namespace of names.
    const clash = await failure(admin.createClientAuthzResourceBasedPermission(ids.rs, { name: 'writers' }));
    expect(clash).toBeInstanceOf(KeycloakPostError);
    expect((clash as KeycloakPostError).responseCode).toBe(409);

    const scopePermission = await admin.createClientAuthzScopePermission(
      {
        name: 'reports-view',
        resources: [resource._id ?? ''],
        scopes: [view.id ?? ''],
        policies: [policy.id ?? ''],
      },
      ids.rs,
    );
    expect(scopePermission.type).toBe('scope');

    const permissions = await admin.getClientAuthzPermissions(ids.rs);
    expect(permissions.map((p) => p.name).sort()).toEqual(['reports-permission', 'reports-view']);
    expect((await collect(admin.iterClientAuthzPermissions(ids.rs, { pageSize: 1 }))).length).toBe(2);
    expect(await admin.getClientAuthzPermissions(ids.rs, { first: 1, max: 1 })).toHaveLength(1);

    const fetched = await admin.getClientAuthzScopePermission(ids.rs, scopePermission.id ?? '');
    expect(fetched.name).toBe('reports-view');
    expect(fetched.decisionStrategy).toBe('UNANIMOUS');
    await admin.updateClientAuthzScopePermission(
      {
        id: scopePermission.id,
        name: 'reports-view',
        type: 'scope',
        description: 'view and edit',
        decisionStrategy: 'AFFIRMATIVE',
        resources: [resource._id ?? ''],
        scopes: [view.id ?? '', edit.id ?? ''],
        policies: [policy.id ?? ''],
      },
      ids.rs,
      scopePermission.id ?? '',
    );
    const updated = await admin.getClientAuthzScopePermission(ids.rs, scopePermission.id ?? '');
    expect(updated.description).toBe('view and edit');
    expect(updated.decisionStrategy).toBe('AFFIRMATIVE');
    const scopes = await admin.getClientAuthzPolicyScopes(ids.rs, scopePermission.id ?? '');
    expect(scopes.map((s) => s.name).sort()).toEqual(['perm-edit', 'perm-view']);
    const resources = await admin.getClientAuthzPolicyResources(ids.rs, scopePermission.id ?? '');
    expect(resources.map((r) => [r._id, r.name])).toEqual([[resource._id, 'reports']]);
    expect(
      (await admin.getClientAuthzPermissionAssociatedPolicies(ids.rs, scopePermission.id ?? '')).map(
        (p) => p.name,
      ),
    ).toEqual(['writers']);

    await admin.updateClientAuthzResourcePermission(
      { ...resourcePermission, description: 'all of reports', policies: [policy.id ?? ''] },
      ids.rs,
      resourcePermission.id ?? '',
    );
    const resourceUpdated = await admin.getClientAuthzPolicy(ids.rs, resourcePermission.id ?? '', {
      type: 'resource',
    });
    expect(resourceUpdated.description).toBe('all of reports');

    const missing = await failure(
      admin.getClientAuthzScopePermission(ids.rs, '00000000-0000-0000-0000-000000000000'),
    );
    expect(missing).toBeInstanceOf(KeycloakGetError);
    expect((missing as KeycloakGetError).responseCode).toBe(404);
    const unknown = await failure(
      admin.updateClientAuthzScopePermission({ name: 'x' }, ids.rs, '00000000-0000-0000-0000-000000000000'),
    );
    expect(unknown).toBeInstanceOf(KeycloakPutError);
    expect((unknown as KeycloakPutError).responseCode).toBe(byVersion({ '24.0': 500, '26.5': 404 }));
  });

  it('imports settings in export form', async () => {
    const admin = realm.admin;
    await admin.importClientAuthzConfig(ids.rs, {
      policyEnforcementMode: 'ENFORCING',
      scopes: [{ name: 'imported-scope' }],
      resources: [{ name: 'imported-resource', scopes: [{ name: 'imported-scope' }] }],
    });
    const imported = await admin.getClientAuthzResourceByName(ids.rs, 'imported-resource');
    expect(imported?.scopes?.map((s) => s.name)).toEqual(['imported-scope']);
    const exported = await admin.getClientAuthzSettings(ids.rs);
    expect(exported.resources?.map((r) => r.name)).toContain('imported-resource');
    expect(exported.scopes?.map((s) => s.name)).toContain('imported-scope');
    expect(exported.policies?.map((p) => p.name)).toContain('readers');
  });

  it('reports unknown clients, clients without authorization and unsupported policy types', async () => {
    const admin = realm.admin;
    const unknownClient = await failure(admin.getClientAuthzSettings('00000000-0000-0000-0000-000000000000'));
    expect(unknownClient).toBeInstanceOf(KeycloakGetError);
    expect((unknownClient as KeycloakGetError).responseCode).toBe(404);
    expect((unknownClient as KeycloakGetError).serverMessage).toBe('Could not find client');

    const noAuthz = await failure(admin.getClientAuthzResources(ids.other));
    expect(noAuthz).toBeInstanceOf(KeycloakGetError);
    expect((noAuthz as KeycloakGetError).responseCode).toBe(404);

    // JavaScript policies can only be deployed, not uploaded: the typed endpoint does not exist.
    const js = await failure(
      admin.createClientAuthzPolicy(ids.rs, { name: 'js', type: 'js', code: '$evaluation.grant();' }),
    );
    expect(js).toBeInstanceOf(KeycloakPostError);
    expect((js as KeycloakPostError).responseCode).toBe(byVersion({ '24.0': 500, '26.7': 404 }));

    const noArg = await failure(admin.getClientAuthzResource(ids.rs, ''));
    expect(noArg).toBeInstanceOf(KeycloakGetError);
    expect((noArg as Error).message).toContain("Missing required argument 'resourceId'");
  });
});
