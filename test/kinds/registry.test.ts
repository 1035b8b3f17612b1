import { describe, expect, expectTypeOf, it } from 'vitest';
import { clientRoleKind } from '../../src/kinds/client-role.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import type { KindDefinition } from '../../src/kinds/kind.js';
import type { roleCompositeKind } from '../../src/kinds/role-composite.js';
import type { RoleValue } from '../../src/kinds/shared/identities/roles.js';
import {
  fieldsOwnedBy,
  ignoredFieldWarnings,
  NOT_REALM_SETTINGS,
  REALM_FIELDS,
} from '../../src/model/realm-fields.js';
import { orderKinds } from '../../src/planner/order.js';

describe('kind registry', () => {
  it('has a handler for every kind another kind depends on, and no duplicates', () => {
    const names = ALL_KINDS.map((kind) => kind.kind);
    expect(new Set(names).size).toBe(names.length);
    const missing = ALL_KINDS.flatMap((kind) =>
      kind.dependsOn.filter((dependency) => !names.includes(dependency)).map((d) => `${kind.kind} → ${d}`),
    );
    expect(missing).toEqual([]);
  });

  it('orders roles before role mappings and objects before their links', () => {
    const order = orderKinds(ALL_KINDS).map((kind) => kind.kind);
    const comesBefore = (a: string, b: string) =>
      expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    comesBefore('realm', 'client');
    comesBefore('client-scope', 'client');
    comesBefore('client', 'client-role');
    comesBefore('realm-role', 'role-composite');
    comesBefore('client-role', 'role-composite');
    comesBefore('group', 'group-role-mapping');
    comesBefore('realm-role', 'group-role-mapping');
    comesBefore('user', 'user-role-mapping');
    comesBefore('group', 'user-group');
  });

  it('names only registered kinds as owners of realm fields, and every kind but a few owns one', () => {
    const names = new Set(ALL_KINDS.map((kind) => kind.kind));
    const owners = Object.values(REALM_FIELDS).flatMap((field) =>
      'kinds' in field.owner ? field.owner.kinds : [],
    );
    expect(owners.filter((owner) => !names.has(owner))).toEqual([]);
    // Kinds that own no field of their own live inside another kind's objects.
    const fieldless = [...names].filter((kind) => fieldsOwnedBy(kind).length === 0);
    expect(fieldless.sort()).toEqual(['admin-permission']);
  });

  it('leaves the realm kind only its settings', () => {
    for (const field of ['clients', 'roles', 'browserFlow', 'eventsEnabled', 'workflows', 'id'])
      expect(NOT_REALM_SETTINGS).toContain(field);
    for (const field of ['attributes', 'smtpServer', 'accessTokenLifespan', 'displayName'])
      expect(NOT_REALM_SETTINGS).not.toContain(field);
  });

  it('warns about each ignored field a manifest declares, and not about empty ones', () => {
    expect(ignoredFieldWarnings({ workflows: [{ name: 'w' }], federatedUsers: [], clients: [{}] })).toEqual([
      '`workflows` (workflows) is not managed by this realmform version and is ignored',
    ]);
  });

  // Checked by the compiler (tsc includes the tests): a kind's handlers see its own types, and
  // the registry still takes it as the erased view.
  it('types handlers by their kind: key tuple, value, live state and facts', () => {
    type Create = Parameters<typeof clientRoleKind.create>[1];
    expectTypeOf<Create['key']>().toEqualTypeOf<readonly [clientId: string, name: string]>();
    expectTypeOf<Create['value']>().toEqualTypeOf<RoleValue>();
    type Live = Parameters<typeof clientRoleKind.update>[2];
    expectTypeOf<Live['state']>().toEqualTypeOf<{ clientUuid?: string } | undefined>();
    type Diagnose = NonNullable<typeof clientRoleKind.diagnose>;
    expectTypeOf<Parameters<Diagnose>[2]>().toEqualTypeOf<string[] | undefined>();
    type CompositeKey = Parameters<typeof roleCompositeKind.create>[1]['key'];
    expectTypeOf<CompositeKey>().toEqualTypeOf<
      readonly ['realm', name: string] | readonly ['client', clientId: string, name: string]
    >();
    expectTypeOf(clientRoleKind).toExtend<KindDefinition>();
    expect(ALL_KINDS.map((kind) => kind.kind)).toContain(clientRoleKind.kind);
  });
});
