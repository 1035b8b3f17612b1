import { describe, expect, it } from 'vitest';
import { buildDriftReport, isDrifted, type LastChange, renderDrift } from '../../src/drift/report.js';
import { computePlan, type KindState } from '../../src/planner/planner.js';
import { have, state, testKind, want } from '../planner/fixtures.js';

const realmKind = testKind('realm', { sensitive: ['smtpServer.password'] });
const client = testKind('client', { dependsOn: ['realm'], writeOnly: ['secret'], sets: ['redirectUris'] });
const role = testKind('realm-role', { dependsOn: ['realm'] });
const group = testKind('group', { replaceOn: ['parent'] });

function planOf(realm: string, kinds: KindState[]) {
  return computePlan({
    realm,
    server: 'http://keycloak.test',
    sources: ['realms/shop.yaml'],
    liveFingerprint: 'sha256:live',
    desiredFingerprint: 'sha256:desired',
    kinds,
  }).plan;
}

function driftedPlan() {
  return planOf('shop', [
    state(
      realmKind,
      [want('shop', { realm: 'shop', displayName: 'Shop', smtpServer: { password: 'declared-secret' } })],
      [have('shop', { realm: 'shop', displayName: 'Shop', smtpServer: { password: 'live-secret' } })],
    ),
    state(
      client,
      [
        want('web', {
          clientId: 'web',
          secret: 'never-printed',
          redirectUris: ['https://shop.test/*'],
          description: 'Storefront',
        }),
        want('api', { clientId: 'api', enabled: true }),
      ],
      [
        have('web', {
          clientId: 'web',
          redirectUris: ['https://evil.test/*', 'https://shop.test/*'],
          description: 'Storefront',
          rootUrl: 'https://undeclared.test',
        }),
        have('api', { clientId: 'api', enabled: true }),
      ],
    ),
    state(role, [want('viewer', { name: 'viewer', description: 'Views' })], []),
    state(
      group,
      [want('/ops', { name: 'ops', parent: '' })],
      [have('/ops', { name: 'ops', parent: 'old' }), have('/y', { name: 'y' })],
    ),
  ]);
}

function inSyncPlan() {
  return planOf('staff', [
    state(client, [want('web', { clientId: 'web' })], [have('web', { clientId: 'web', rootUrl: 'x' })]),
  ]);
}

const lastChanges = new Map<string, LastChange>([
  ['client["web"]', { by: 'alice', at: '2025-03-01T09:30:00.000Z', operation: 'UPDATE' }],
  ['group["/y"]', { by: 'bob', at: '2025-03-02T10:00:00.000Z', operation: 'CREATE' }],
]);

function sampleReport() {
  return buildDriftReport([
    { plan: driftedPlan(), lastChanges, adminEventsEnabled: true },
    { plan: inSyncPlan(), adminEventsEnabled: false },
  ]);
}

describe('drift report', () => {
  it('renders the human view (golden)', async () => {
    await expect(renderDrift(sampleReport(), { color: false })).toMatchFileSnapshot('__golden__/drift.txt');
  });

  it('renders the JSON report (golden)', async () => {
    await expect(`${JSON.stringify(sampleReport(), null, 2)}\n`).toMatchFileSnapshot('__golden__/drift.json');
  });

  it('names every drifted object and field, and only declared fields', () => {
    const [shop, staff] = sampleReport().realms;
    expect(shop?.drifted).toBe(true);
    expect(staff).toEqual({ realm: 'staff', drifted: false, adminEventsEnabled: false, changes: [] });
    expect(shop?.changes.map((change) => `${change.action} ${change.address}`)).toEqual([
      'update client["web"]',
      'replace group["/ops"]',
      'delete group["/y"]',
      'create realm-role["viewer"]',
      'update realm["shop"]',
    ]);
    const web = shop?.changes.find((change) => change.address === 'client["web"]');
    expect(web?.fields).toEqual([
      {
        path: 'redirectUris',
        live: ['https://evil.test/*', 'https://shop.test/*'],
        declared: ['https://shop.test/*'],
      },
    ]);
    expect(web?.lastChange).toEqual({ by: 'alice', at: '2025-03-01T09:30:00.000Z', operation: 'UPDATE' });
    expect(JSON.stringify(shop)).not.toContain('rootUrl');
  });

  it('masks secrets exactly as plans do', () => {
    const report = sampleReport();
    const text = `${renderDrift(report)}${JSON.stringify(report)}`;
    for (const secret of ['declared-secret', 'live-secret', 'never-printed'])
      expect(text).not.toContain(secret);
    const realm = report.realms[0]?.changes.find((change) => change.kind === 'realm');
    expect(realm?.fields).toEqual([
      { path: 'smtpServer.password', live: '(sensitive value)', declared: '(sensitive value)' },
    ]);
  });

  it('says "No drift." when in sync, uses colour only when asked, and tells drift apart', () => {
    const clean = buildDriftReport([{ plan: inSyncPlan() }]);
    expect(isDrifted(clean)).toBe(false);
    expect(isDrifted(sampleReport())).toBe(true);
    expect(renderDrift(clean)).toBe('No drift. Realm "staff" matches the manifests.\n');
    expect(renderDrift(sampleReport(), { color: false })).not.toContain('\u001b[');
    expect(renderDrift(sampleReport(), { color: true })).toContain('\u001b[');
  });

  it('suggests enabling admin events only when they are off and the realm drifted', () => {
    const off = renderDrift(buildDriftReport([{ plan: driftedPlan(), adminEventsEnabled: false }]));
    expect(off).toContain('Admin events are off in realm "shop"');
    expect(renderDrift(sampleReport())).not.toContain('Admin events are off');
  });

  it('shows a change inside a long value whole, with the changed part marked (as plans do)', () => {
    const uris = (host: string) =>
      Array.from({ length: 8 }, (_, i) => `https://app-${i}.${host}.example.com/callback/oidc`).join('##');
    const plan = planOf('shop', [
      state(
        client,
        [want('web', { clientId: 'web', attributes: { 'post.logout.redirect.uris': uris('shop') } })],
        [have('web', { clientId: 'web', attributes: { 'post.logout.redirect.uris': uris('sh0p') } })],
      ),
    ]);
    const text = renderDrift(buildDriftReport([{ plan }]), { color: false });
    const lines = text.split('\n');
    // Both values whole, nothing cut.
    expect(lines).toContain(`          - ${JSON.stringify(uris('sh0p'))}`);
    expect(lines).toContain(`          + ${JSON.stringify(uris('shop'))}`);
    expect(text).not.toContain('...');
    // Each differing character marked under its line.
    const carets = lines.filter((line) => /^\s+\^[\s^]*$/.test(line));
    expect(carets).toHaveLength(2);
    expect(carets[0]?.match(/\^+/g)).toEqual(Array(8).fill('^^^^'));
    expect(lines[0]).toBe('Realm "shop" has drifted from the manifests:');
    expect(lines[2]).toBe('client["web"]: differs (live -> declared):');
    expect(lines[3]).toBe('      ~ attributes["post.logout.redirect.uris"] =');
  });
});
