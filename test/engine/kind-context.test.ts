import { describe, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import { createKindContext } from '../../src/engine/kind-context.js';
import { defineRead } from '../../src/kinds/shared-read.js';

const admin = { withRealm: () => admin } as unknown as KeycloakAdmin;

function counter() {
  let loads = 0;
  return {
    load: async () => ++loads,
    get loads() {
      return loads;
    },
  };
}

describe('the run’s read snapshot', () => {
  it('loads a shared read once, and again only after a write that makes it stale', async () => {
    const count = counter();
    const clients = defineRead({ name: 'clients', load: count.load, staleAfter: ['client'] });
    const ctx = createKindContext(admin, { realm: 'r', representation: {}, locate: () => undefined });
    expect(await Promise.all([ctx.read(clients), ctx.read(clients)])).toEqual([1, 1]);
    ctx.wrote('group');
    expect(await ctx.read(clients)).toBe(1);
    ctx.wrote('client');
    expect(await ctx.read(clients)).toBe(2);
    expect(count.loads).toBe(2);
  });

  it('drops an `allBut` read after any write but the excepted kinds', async () => {
    const count = counter();
    const exported = defineRead({ name: 'export', load: count.load, staleAfter: { allBut: ['user'] } });
    const ctx = createKindContext(admin, { realm: 'r', representation: {}, locate: () => undefined });
    await ctx.read(exported);
    ctx.wrote('user');
    expect(await ctx.read(exported)).toBe(1);
    ctx.wrote('auth-flow');
    expect(await ctx.read(exported)).toBe(2);
    ctx.refresh(exported);
    expect(await ctx.read(exported)).toBe(3);
  });

  it('forgets a failed read so the next caller tries again', async () => {
    let attempt = 0;
    const flaky = defineRead({
      name: 'flaky',
      load: async () => {
        attempt++;
        if (attempt === 1) throw new Error('503');
        return attempt;
      },
      staleAfter: [],
    });
    const ctx = createKindContext(admin, { realm: 'r', representation: {}, locate: () => undefined });
    await expect(ctx.read(flaky)).rejects.toThrow('503');
    expect(await ctx.read(flaky)).toBe(2);
  });

  it('answers a part from the whole when a kind asks for the whole in the same turn, else loads it', async () => {
    const whole = counter();
    const part = counter();
    const exported = defineRead({ name: 'export', load: whole.load, staleAfter: ['client'] });
    const slice = defineRead({ name: 'slice', load: part.load, staleAfter: ['client'], within: exported });
    const ctx = createKindContext(admin, { realm: 'r', representation: {}, locate: () => undefined });
    // The part is asked first, as a kind listed before another may do.
    expect(await Promise.all([ctx.read(slice), ctx.read(exported)])).toEqual([1, 1]);
    expect([whole.loads, part.loads]).toEqual([1, 0]);
    ctx.wrote('client');
    expect(await ctx.read(slice)).toBe(1);
    expect([whole.loads, part.loads]).toEqual([1, 1]);
    // Refreshing the whole drops a part loaded on its own too.
    ctx.refresh(exported);
    expect(await ctx.read(slice)).toBe(2);
  });
});
