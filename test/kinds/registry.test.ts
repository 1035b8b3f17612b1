import { describe, expect, it } from 'vitest';
import { ALL_KINDS } from '../../src/kinds/index.js';
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
});
