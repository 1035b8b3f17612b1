/**
 * Counterparts of python-keycloak's KeycloakUMA scenarios (tests/test_keycloak_uma.py): the UMA
 * protection API of a resource server, used through a KeycloakOpenIDConnection logged in as that
 * client, each scenario in a fresh realm.
 */
import { expect, it } from 'vitest';
import {
  KeycloakDeleteError,
  KeycloakGetError,
  KeycloakOpenIDConnection,
  KeycloakPostError,
  KeycloakPutError,
  KeycloakUMA,
  UMAPermission,
} from '../../src/client/index.js';
import { failure } from '../support/failure.js';
import { describeWithKeycloak } from '../support/keycloak.js';
import { connectionOf, oidWithCredentialsAuthz, useScenarioRealm } from './support-python/fixtures.js';

describeWithKeycloak('python-keycloak UMA scenarios', () => {
  const scenario = useScenarioRealm('uma');

  /** python's `uma` fixture: a KeycloakUMA on a connection logged in as the authz client. */
  async function newUma(): Promise<{ uma: KeycloakUMA; close: () => Promise<void> }> {
    const { oid } = await oidWithCredentialsAuthz(scenario.admin);
    const connection = connectionOf(oid);
    await oid.close();
    return { uma: new KeycloakUMA(connection), close: () => connection.close() };
  }

  it('uma/test_keycloak_uma_init: a connection, and the discovery document read once', async () => {
    const { uma, close } = await newUma();
    try {
      expect(uma.connection).toBeInstanceOf(KeycloakOpenIDConnection);
      const before = uma.connection.requestCount;
      const first = await uma.umaWellKnown;
      expect(first.resource_registration_endpoint).toBeTypeOf('string');
      const afterFirst = uma.connection.requestCount;
      expect(afterFirst).toBeGreaterThan(before);
      // Cached after the first reference.
      expect(await uma.umaWellKnown).toBe(first);
      expect(uma.connection.requestCount).toBe(afterFirst);
    } finally {
      await close();
    }
  });

  it('uma/test_uma_well_known: the document names the resource registration endpoint', async () => {
    const { uma, close } = await newUma();
    try {
      const document = await uma.umaWellKnown;
      expect(document).not.toEqual({});
      expect(document).toHaveProperty('resource_registration_endpoint');
    } finally {
      await close();
    }
  });

  it('uma/test_uma_resource_sets: lists, filters, creates, reads, updates and deletes resources', async () => {
    const { uma, close } = await newUma();
    try {
      const all = [];
      for await (const resource of uma.resourceSetList()) all.push(resource);
      expect(all.map((resource) => resource.name)).toEqual(['Default Resource']);
      const ids = await uma.resourceSetListIds();
      expect(ids).toHaveLength(1);
      expect(await uma.resourceSetListIds({ name: 'Default' })).toEqual(ids);
      expect(await uma.resourceSetListIds({ name: 'Default Resource' })).toEqual(ids);
      expect(await uma.resourceSetListIds({ name: 'Default', exactName: true })).toEqual([]);
      expect(await uma.resourceSetListIds({ first: 1 })).toEqual([]);
      expect(await uma.resourceSetListIds({ scope: 'Invalid' })).toEqual([]);
      expect(await uma.resourceSetListIds({ owner: 'Invalid' })).toEqual([]);
      expect(await uma.resourceSetListIds({ resourceType: 'Invalid' })).toEqual([]);
      expect(await uma.resourceSetListIds({ name: 'Invalid' })).toEqual([]);
      expect(await uma.resourceSetListIds({ uri: 'Invalid' })).toEqual([]);
      expect(await uma.resourceSetListIds({ maximum: 0 })).toEqual([]);

      const payload = {
        name: 'mytest',
        scopes: ['test:read', 'test:write'],
        type: 'urn:test',
        uris: ['/some_resources/*'],
      };
      const created = await uma.resourceSetCreate(payload);
      expect(created._id).toBeTypeOf('string');
      for (const key of Object.keys(payload)) expect(created).toHaveProperty(key);
      const id = created._id ?? '';

      expect(await uma.resourceSetListIds({ uri: '/some_resources/resource' })).toEqual([]);
      expect(
        await uma.resourceSetListIds({ uri: '/some_resources/resource', matchingUri: true }),
      ).toHaveLength(1);

      const duplicate = await failure(uma.resourceSetCreate(payload));
      expect(duplicate).toBeInstanceOf(KeycloakPostError);
      expect(duplicate.responseCode).toBe(409);
      expect(duplicate.responseBody).toEqual({
        error: 'invalid_request',
        error_description: 'Resource with name [mytest] already exists.',
      });

      const latest = await uma.resourceSetRead(id);
      expect(latest.name).toBe(created.name);
      expect(await uma.resourceSetUpdate(id, { ...latest, name: 'New Resource Name' })).toBeUndefined();
      expect((await uma.resourceSetRead(id)).name).toBe('New Resource Name');
      const wrong = await failure(uma.resourceSetUpdate(id, { wrong: 'payload' }));
      expect(wrong).toBeInstanceOf(KeycloakPutError);
      expect(JSON.stringify(wrong.responseBody)).toMatch(/Unrecognized field/);

      expect(await uma.resourceSetDelete(id)).toBeUndefined();
      const readDeleted = await failure(uma.resourceSetRead(id));
      expect(readDeleted).toBeInstanceOf(KeycloakGetError);
      expect(readDeleted.responseCode).toBe(404);
      const deleteTwice = await failure(uma.resourceSetDelete(id));
      expect(deleteTwice).toBeInstanceOf(KeycloakDeleteError);
      expect(deleteTwice.responseCode).toBe(404);
    } finally {
      await close();
    }
  });

  it('uma/test_uma_policy: user-managed policies on a resource', async () => {
    const { uma, close } = await newUma();
    const admin = scenario.admin;
    try {
      const resource = await uma.resourceSetCreate({
        name: 'mytest',
        scopes: ['test:read', 'test:write'],
        type: 'urn:test',
        ownerManagedAccess: true,
      });
      const resourceId = resource._id ?? '';
      await admin.createGroup({ name: 'UMAPolicyGroup' });
      await admin.createRealmRole({ name: 'roleUMAPolicy' });
      const otherClient = await admin.createClient({ name: 'UMAOtherClient', clientId: 'UMAOtherClient' });
      const other = await admin.getClient(otherClient);

      const description = 'Test resource policy description';
      expect(
        await uma.policyResourceCreate(resourceId, {
          name: 'TestPolicyRole',
          description,
          scopes: ['test:read', 'test:write'],
          roles: ['roleUMAPolicy'],
        }),
      ).toHaveProperty('id');
      expect(
        await uma.policyResourceCreate(resourceId, {
          name: 'TestPolicyClient',
          description,
          scopes: ['test:read'],
          clients: [other.clientId ?? ''],
        }),
      ).toHaveProperty('id');
      const groupPolicy = await uma.policyResourceCreate(resourceId, {
        name: 'TestPolicyGroup',
        description,
        scopes: ['test:read'],
        groups: ['/UMAPolicyGroup'],
      });
      expect(groupPolicy.id).toBeTypeOf('string');

      expect(await uma.policyQuery()).toHaveLength(3);
      expect(await uma.policyQuery({ name: 'TestPolicyGroup' })).toHaveLength(1);
      expect(await uma.policyDelete(groupPolicy.id ?? '')).toBeUndefined();
      const deleteTwice = await failure(uma.policyDelete(groupPolicy.id ?? ''));
      expect(deleteTwice).toBeInstanceOf(KeycloakDeleteError);
      expect(deleteTwice.responseCode).toBe(404);
      expect((deleteTwice.responseBody as { error_description?: string }).error_description).toMatch(
        /Policy with .* does not exist/,
      );

      const policies = await uma.policyQuery();
      expect(policies).toHaveLength(2);
      const policy = policies[0];
      if (!policy?.id) throw new Error('no policy');
      expect(await uma.policyUpdate(policy.id, policy)).toBeUndefined();
      expect(await uma.policyQuery()).toHaveLength(2);
      expect(await uma.policyQuery({ name: 'Invalid' })).toEqual([]);
      expect(await uma.policyQuery({ scope: 'Invalid' })).toEqual([]);
      expect(await uma.policyQuery({ resource: 'Invalid' })).toEqual([]);
      expect(await uma.policyQuery({ first: 3 })).toEqual([]);
      expect(await uma.policyQuery({ maximum: 0 })).toEqual([]);
      expect(await uma.policyQuery({ name: policy.name })).toHaveLength(1);
      expect(await uma.policyQuery({ scope: policy.scopes?.[0] })).toHaveLength(2);
      expect(await uma.policyQuery({ resource: resourceId })).toHaveLength(2);

      await uma.resourceSetDelete(resourceId);
    } finally {
      await close();
    }
  });

  it('uma/test_uma_access: permission checks for the client itself', async () => {
    const { uma, close } = await newUma();
    try {
      const resource = await uma.resourceSetCreate({
        name: 'mytest',
        scopes: ['read', 'write'],
        type: 'urn:test',
        ownerManagedAccess: true,
      });
      await uma.policyResourceCreate(resource._id ?? '', {
        name: 'TestPolicy',
        description: 'Test resource policy description',
        scopes: ['read'],
        clients: [uma.connection.clientId],
      });
      const token = uma.connection.token?.access_token ?? '';
      expect(token).not.toBe('');
      const permissions: UMAPermission[] = [];
      expect(await uma.permissionsCheck(token, permissions)).toBe(true);
      permissions.push(new UMAPermission({ resource: 'mytest' }));
      expect(await uma.permissionsCheck(token, permissions)).toBe(true);
      permissions.push(new UMAPermission({ resource: 'not valid' }));
      expect(await uma.permissionsCheck(token, permissions)).toBe(false);
      await uma.resourceSetDelete(resource._id ?? '');
    } finally {
      await close();
    }
  });

  it('uma/test_uma_permission_ticket: a ticket the client exchanges for an RPT', async () => {
    const { uma, close } = await newUma();
    try {
      const resource = await uma.resourceSetCreate({
        name: 'mytest',
        scopes: ['read', 'write'],
        type: 'urn:test',
        ownerManagedAccess: true,
      });
      await uma.policyResourceCreate(resource._id ?? '', {
        name: 'TestPolicy',
        description: 'Test resource policy description',
        scopes: ['read'],
        clients: [uma.connection.clientId],
      });
      const ticket = await uma.permissionTicketCreate([
        new UMAPermission({ resource: 'mytest', scope: 'read' }),
      ]);
      expect(ticket.ticket).toBeTypeOf('string');
      const rpt = await uma.connection.keycloakOpenid.token('', '', {
        grantType: 'urn:ietf:params:oauth:grant-type:uma-ticket',
        extra: { ticket: ticket.ticket },
      });
      expect(rpt).toHaveProperty('access_token');

      const invalid = await failure(uma.permissionTicketCreate([new UMAPermission({ resource: 'invalid' })]));
      expect(invalid).toBeInstanceOf(KeycloakPostError);
      await uma.resourceSetDelete(resource._id ?? '');
    } finally {
      await close();
    }
  });

  it('formats URL templates as python’s format_url does', () => {
    expect(
      KeycloakUMA.formatUrl('https://myserver/{my_resource}/{id}', {
        my_resource: 'hello world',
        id: 'myid',
      }),
    ).toBe('https://myserver/hello+world/myid');
  });
});
