import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/planner/planner.js';
import { renderPlan } from '../../src/planner/render.js';
import { have, state, testKind, want } from './fixtures.js';

const client = testKind('client', { dependsOn: ['realm'], writeOnly: ['secret'], sets: ['redirectUris'] });
const role = testKind('realm-role', { dependsOn: ['realm'] });
const group = testKind('group', { replaceOn: ['parent'] });

function samplePlan() {
  return computePlan({
    realm: 'shop',
    server: 'http://keycloak.test',
    sources: ['examples/realms/shop.yaml'],
    liveFingerprint: 'sha256:live',
    desiredFingerprint: 'sha256:desired',
    kinds: [
      state(
        client,
        [
          want(
            'web',
            { clientId: 'web', publicClient: true, redirectUris: ['https://shop.test/*'] },
            'clients[0]',
          ),
          want(
            'api',
            {
              clientId: 'api',
              description: 'Orders API',
              secret: 'do-not-print',
              enabled: true,
              attributes: { 'pkce.code.challenge.method': 'S256' },
            },
            'clients[1]',
          ),
        ],
        [
          have('api', {
            clientId: 'api',
            description: 'Old',
            enabled: true,
            attributes: { 'pkce.code.challenge.method': 'plain' },
          }),
          have('legacy', { clientId: 'legacy' }),
        ],
      ),
      state(role, [want('viewer', { name: 'viewer' })], [have('viewer', { name: 'viewer' })]),
      state(
        group,
        [want('/ops', { name: 'ops', parent: '' })],
        [have('/ops', { name: 'ops', parent: 'old' })],
      ),
    ],
  }).plan;
}

describe('plan rendering', () => {
  it('renders the human view (golden)', async () => {
    await expect(renderPlan(samplePlan(), { color: false })).toMatchFileSnapshot('__golden__/plan.txt');
  });

  it('renders the JSON plan (golden)', async () => {
    await expect(`${JSON.stringify(samplePlan(), null, 2)}\n`).toMatchFileSnapshot('__golden__/plan.json');
  });

  it('says "No changes." for an empty plan and uses colour only when asked', () => {
    const plan = { ...samplePlan(), changes: [], summary: { add: 0, change: 0, destroy: 0, replace: 0 } };
    expect(renderPlan(plan, { color: false })).toBe('No changes. Realm "shop" matches the manifests.\n');
    expect(renderPlan(samplePlan(), { color: false })).not.toContain('\u001b[');
    expect(renderPlan(samplePlan(), { color: true })).toContain('\u001b[');
  });

  it('never prints a secret', () => {
    expect(renderPlan(samplePlan(), { color: false })).not.toContain('do-not-print');
    expect(JSON.stringify(samplePlan())).not.toContain('do-not-print');
  });
});
