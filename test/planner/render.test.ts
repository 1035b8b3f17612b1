import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/planner/planner.js';
import { renderPlan, renderPlans } from '../../src/planner/render.js';
import { renderPlansMarkdown } from '../../src/planner/render-markdown.js';
import { have, state, testKind, want } from './fixtures.js';

const client = testKind('client', {
  dependsOn: ['realm'],
  writeOnly: ['secret'],
  sets: ['redirectUris'],
  keyedArrays: { protocolMappers: 'name' },
});
const flow = testKind('auth-flow', { dependsOn: ['realm'] });

const LONG_BEFORE =
  'https://shop.example.com/logout##https://admin.shop.example.com/logout##https://old.example.com/bye';
const LONG_AFTER =
  'https://shop.example.com/logout##https://admin.shop.example.com/logout##https://new.example.com/bye';

/** A new flow with nested executions, a client gaining a mapper, a long string edited, lists changed. */
function nestedPlan() {
  return computePlan({
    realm: 'shop',
    server: 'http://keycloak.test',
    sources: ['realm.yaml'],
    liveFingerprint: 'sha256:live',
    desiredFingerprint: 'sha256:desired',
    kinds: [
      state(
        client,
        [
          want('web', {
            clientId: 'web',
            redirectUris: ['https://shop.test/*', 'https://shop.test/cb'],
            attributes: { 'post.logout.redirect.uris': LONG_AFTER, 'pkce.code.challenge.method': 'S256' },
            protocolMappers: [
              {
                name: 'email',
                protocolMapper: 'oidc-usermodel-property-mapper',
                config: { 'claim.name': 'email' },
              },
            ],
            description: 'Line one\nLine two (new)\nLine three',
          }),
        ],
        [
          have('web', {
            clientId: 'web',
            redirectUris: ['https://shop.test/*', 'https://old.test/cb'],
            attributes: { 'post.logout.redirect.uris': LONG_BEFORE, 'pkce.code.challenge.method': 'S256' },
            protocolMappers: [],
            description: 'Line one\nLine two\nLine three',
          }),
        ],
      ),
      state(
        flow,
        [
          want('otp-browser', {
            alias: 'otp-browser',
            providerId: 'basic-flow',
            topLevel: true,
            executions: [
              { authenticator: 'auth-cookie', requirement: 'ALTERNATIVE' },
              {
                flowAlias: 'otp-forms',
                requirement: 'ALTERNATIVE',
                executions: [
                  { authenticator: 'auth-username-password-form', requirement: 'REQUIRED' },
                  {
                    authenticator: 'auth-otp-form',
                    requirement: 'REQUIRED',
                    config: { alias: 'otp', config: {} },
                  },
                ],
              },
            ],
          }),
        ],
        [],
      ),
    ],
  }).plan;
}
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

  it('renders nested creates as blocks and marks the edit inside a long string (golden)', async () => {
    const text = renderPlan(nestedPlan(), { color: false });
    await expect(text).toMatchFileSnapshot('__golden__/plan-nested.txt');
    expect(text).not.toContain('...');
    expect(text).toContain(LONG_BEFORE);
    expect(text).toContain(LONG_AFTER);
    expect(text).toContain('"auth-otp-form"');
    // The carets sit under "old" and "new", the only words that differ.
    const lines = text.split('\n');
    const before = lines.findIndex((line) => line.includes(LONG_BEFORE));
    const carets = lines[before + 1] ?? '';
    expect(carets.trim()).toBe('^^^');
    expect((lines[before] ?? '').slice(carets.indexOf('^'), carets.lastIndexOf('^') + 1)).toBe('old');
    const after = lines.findIndex((line) => line.includes(LONG_AFTER));
    expect((lines[after] ?? '').slice((lines[after + 1] ?? '').indexOf('^')).startsWith('new')).toBe(true);
  });

  it('renders the markdown plan (golden)', async () => {
    await expect(renderPlansMarkdown([samplePlan(), nestedPlan()])).toMatchFileSnapshot('__golden__/plan.md');
  });

  it('prints only the errors of a plan that has some', () => {
    const plan = samplePlan();
    const broken = {
      ...plan,
      diagnostics: [
        { severity: 'warning' as const, summary: 'a warning' },
        {
          severity: 'error' as const,
          summary: 'client["web"] refers to a missing role',
          file: 'realm.yaml',
          line: 7,
        },
      ],
    };
    for (const text of [
      renderPlan(broken),
      renderPlans([broken, samplePlan()]),
      renderPlansMarkdown([broken]),
    ]) {
      expect(text).toContain('refers to a missing role');
      expect(text).not.toContain('Plan:');
      expect(text).not.toContain('client["legacy"]');
      expect(text).not.toContain('a warning');
    }
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
