import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import type { AuthenticationFlowRepresentation, RealmRepresentation } from '../../src/client/types/index.js';
import { applyManifest } from '../../src/engine/converge.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { type AuthFlowFacts, authFlowKind } from '../../src/kinds/auth-flow.js';
import { FLOW_BINDING_FIELDS, flowBindingKind } from '../../src/kinds/flow-binding.js';
import type { KindContext, KindDefinition } from '../../src/kinds/kind.js';
import { realmKind } from '../../src/kinds/realm.js';
import {
  flowOverrideReferences,
  liveFlowOverrides,
  resolveFlowOverrides,
} from '../../src/kinds/shared/flows/flow-overrides.js';
import { fixOrder } from '../../src/kinds/shared/flows/flow-writes.js';
import { type ExecutionNode, type FlowValue, liveFlows } from '../../src/kinds/shared/flows/flows.js';
import { withoutKeys } from '../../src/kinds/shared/server/reads.js';
import { corpusPath, describeWithKeycloakAndCorpus } from '../support/corpus.js';
import {
  describeWithKeycloak,
  masterAdmin,
  randomName,
  serverAtLeast,
  serverInfo,
  type TestRealm,
  useTestRealm,
} from '../support/keycloak.js';
import { actionsOf, manifestOf } from '../support/realmform.js';

/** The realm kind without the binding fields (the lead moves them out of realm.ts). */
const realmWithoutBindings: KindDefinition = {
  ...(realmKind as KindDefinition),
  desired: (manifest) =>
    realmKind.desired({
      ...manifest,
      representation: withoutKeys(manifest.representation, FLOW_BINDING_FIELDS),
    }),
};
const KINDS = [realmWithoutBindings, authFlowKind, flowBindingKind] as KindDefinition[];

function runner(realm: TestRealm) {
  return async (representation: RealmRepresentation) => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({ ...representation, realm: realm.name }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    return result;
  };
}

async function planOf(realm: TestRealm, representation: RealmRepresentation) {
  return (
    await planRealm(realm.admin, manifestOf({ ...representation, realm: realm.name }), KINDS, { sources: [] })
  ).work.plan;
}

/** The server's flows, read back independently of the plan. */
async function serverFlows(realm: TestRealm) {
  const exported = await realm.admin.exportRealm({ exportClients: true });
  return { exported, flows: liveFlows(exported) };
}

/** `["auth-cookie ALTERNATIVE", "my forms ALTERNATIVE", "  auth-username-password-form REQUIRED"]` */
function outline(value: FlowValue | undefined): string[] {
  const lines: string[] = [];
  const walk = (nodes: readonly ExecutionNode[] | undefined, depth: number) => {
    for (const node of nodes ?? []) {
      const config = node.authenticatorConfig
        ? ` [${node.authenticatorConfig} ${JSON.stringify(node.config)}]`
        : '';
      lines.push(`${'  '.repeat(depth)}${node.execution} ${node.requirement}${config}`);
      walk(node.executions, depth + 1);
    }
  };
  walk(value?.executions, 0);
  return lines;
}

async function flowOf(realm: TestRealm, alias: string) {
  const { flows } = await serverFlows(realm);
  const flow = flows.find((candidate) => candidate.alias === alias);
  if (!flow) throw new Error(`no flow ${alias}`);
  return flow;
}

const sub = (flowAlias: string, requirement: string, priority: number) => ({
  authenticatorFlow: true,
  flowAlias,
  requirement,
  priority,
});
const exec = (
  authenticator: string,
  requirement: string,
  priority: number,
  authenticatorConfig?: string,
) => ({
  authenticator,
  authenticatorFlow: false,
  requirement,
  priority,
  userSetupAllowed: false,
  ...(authenticatorConfig ? { authenticatorConfig } : {}),
});

interface BrowserOptions {
  topLevel?: ReturnType<typeof exec | typeof sub>[];
  forms?: ReturnType<typeof exec | typeof sub>[];
  otp?: ReturnType<typeof exec | typeof sub>[];
  description?: string;
  redirector?: string;
}

/** A copy of the browser flow with a conditional OTP sub-flow (the example realm's shape). */
function browserCopy(options: BrowserOptions = {}): RealmRepresentation {
  return {
    authenticationFlows: [
      {
        alias: 'my browser',
        description: options.description ?? 'browser with conditional OTP',
        providerId: 'basic-flow',
        topLevel: true,
        builtIn: false,
        authenticationExecutions: options.topLevel ?? [
          exec('auth-cookie', 'ALTERNATIVE', 10),
          exec('identity-provider-redirector', 'ALTERNATIVE', 20, 'my redirector'),
          sub('my forms', 'ALTERNATIVE', 30),
        ],
      },
      {
        alias: 'my forms',
        description: 'username, password and OTP',
        providerId: 'basic-flow',
        topLevel: false,
        builtIn: false,
        authenticationExecutions: options.forms ?? [
          exec('auth-username-password-form', 'REQUIRED', 10),
          sub('my conditional otp', 'CONDITIONAL', 20),
        ],
      },
      {
        alias: 'my conditional otp',
        providerId: 'basic-flow',
        topLevel: false,
        builtIn: false,
        authenticationExecutions: options.otp ?? [
          exec('conditional-user-configured', 'REQUIRED', 10),
          exec('auth-otp-form', 'REQUIRED', 20),
        ],
      },
    ],
    authenticatorConfig: [
      { alias: 'my redirector', config: { defaultProvider: options.redirector ?? 'corp' } },
    ],
    browserFlow: 'my browser',
  };
}

const FULL_OUTLINE = [
  'auth-cookie ALTERNATIVE',
  'identity-provider-redirector ALTERNATIVE [my redirector {"defaultProvider":"corp"}]',
  'my forms ALTERNATIVE',
  '  auth-username-password-form REQUIRED',
  '  my conditional otp CONDITIONAL',
  '    conditional-user-configured REQUIRED',
  '    auth-otp-form REQUIRED',
];

/** Gives the account client an override to a flow (by id, as Keycloak stores it). */
async function overrideAccount(realm: TestRealm, flowId: string): Promise<void> {
  const account = await realm.admin.getClientByClientId('account');
  const current = await realm.admin.getClient(account?.id as string);
  await realm.admin.updateClient(account?.id as string, {
    ...current,
    authenticationFlowBindingOverrides: { browser: flowId },
  });
}

async function accountOverride(realm: TestRealm): Promise<string | undefined> {
  return (await realm.admin.getClientByClientId('account'))?.authenticationFlowBindingOverrides?.browser;
}

describeWithKeycloak('auth-flow and flow-binding kinds', () => {
  const realm = useTestRealm('kflows');
  const run = runner(realm);

  it('creates a browser copy with a conditional OTP sub-flow and a config, binds it, and converges', async () => {
    const result = await run(browserCopy());
    expect(actionsOf(result.plan)).toEqual([
      'create auth-flow["my browser"]',
      'update flow-binding["browserFlow"]',
    ]);
    const { exported, flows } = await serverFlows(realm);
    const flow = flows.find((candidate) => candidate.alias === 'my browser');
    expect(outline(flow?.value)).toEqual(FULL_OUTLINE);
    expect(flow?.value.description).toBe('browser with conditional OTP');
    expect(exported.browserFlow).toBe('my browser');
    // No temporary flow or parked alias is left behind.
    expect(exported.authenticationFlows?.map((f) => f.alias).filter((a) => a?.includes('realmform'))).toEqual(
      [],
    );
  });

  it('shows the plan as a tree: changed paths name the execution, not a wall of JSON', async () => {
    const plan = await planOf(
      realm,
      browserCopy({
        otp: [exec('conditional-user-configured', 'REQUIRED', 10), exec('auth-otp-form', 'ALTERNATIVE', 20)],
      }),
    );
    const change = plan.changes.find((candidate) => candidate.address === 'auth-flow["my browser"]');
    expect(change?.changedPaths).toEqual([
      'executions["my forms"].executions["my conditional otp"].executions["auth-otp-form"].requirement',
    ]);
  });

  it('changes requirements, descriptions and config values in place (same flow id)', async () => {
    const before = await flowOf(realm, 'my browser');
    const result = await run(
      browserCopy({
        description: 'changed description',
        redirector: 'other-idp',
        otp: [exec('conditional-user-configured', 'REQUIRED', 10), exec('auth-otp-form', 'ALTERNATIVE', 20)],
      }),
    );
    expect(actionsOf(result.plan)).toEqual(['update auth-flow["my browser"]']);
    const after = await flowOf(realm, 'my browser');
    expect(after.id).toBe(before.id);
    expect(after.value.description).toBe('changed description');
    expect(outline(after.value)).toContain('    auth-otp-form ALTERNATIVE');
    expect(outline(after.value)).toContain(
      'identity-provider-redirector ALTERNATIVE [my redirector {"defaultProvider":"other-idp"}]',
    );
  });

  it('leaves undeclared fields alone (an execution without requirement, a flow without description)', async () => {
    const manifest = browserCopy({
      redirector: 'other-idp',
      otp: [exec('conditional-user-configured', 'REQUIRED', 10), exec('auth-otp-form', 'ALTERNATIVE', 20)],
    });
    const top = manifest.authenticationFlows?.[0] as AuthenticationFlowRepresentation;
    delete top.description;
    const cookie = top.authenticationExecutions?.[0] as { requirement?: string };
    delete cookie.requirement;
    const result = await run(manifest);
    expect(actionsOf(result.plan)).toEqual([]);
    const after = await flowOf(realm, 'my browser');
    expect(after.value.description).toBe('changed description');
    expect(outline(after.value)[0]).toBe('auth-cookie ALTERNATIVE');
  });

  it('reorders executions of a flow bound to the realm and overridden by a client, without unbinding it', async () => {
    const before = await flowOf(realm, 'my browser');
    await overrideAccount(realm, before.id);
    const reordered = browserCopy({
      topLevel: [
        exec('identity-provider-redirector', 'ALTERNATIVE', 10, 'my redirector'),
        exec('auth-cookie', 'ALTERNATIVE', 20),
        sub('my forms', 'ALTERNATIVE', 30),
      ],
    });
    // Watch the binding while the flow is rebuilt: it always names a complete flow.
    const seen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const bound = (await realm.admin.getRealm(realm.name)).browserFlow ?? '';
        const listing = await realm.admin.getAuthenticationFlowExecutions(bound).catch(() => undefined);
        if (listing) seen.add(listing.map((entry) => `${entry.level}:${entry.displayName}`).join('|'));
      }
    })();
    const result = await run(reordered);
    watching = false;
    await watcher;
    expect(actionsOf(result.plan)).toEqual(['update auth-flow["my browser"]']);
    const change = result.plan.changes.find((candidate) => candidate.address === 'auth-flow["my browser"]');
    expect(change?.changedPaths).toContain('order');
    const after = await flowOf(realm, 'my browser');
    expect(after.id).not.toBe(before.id);
    expect(outline(after.value).slice(0, 2)).toEqual([
      'identity-provider-redirector ALTERNATIVE [my redirector {"defaultProvider":"corp"}]',
      'auth-cookie ALTERNATIVE',
    ]);
    const { exported } = await serverFlows(realm);
    expect(exported.browserFlow).toBe('my browser');
    expect(await accountOverride(realm)).toBe(after.id);
    expect(exported.authenticationFlows?.some((flow) => flow.id === before.id)).toBe(false);
    expect(exported.authenticationFlows?.map((f) => f.alias).filter((a) => a?.includes('realmform'))).toEqual(
      [],
    );
    // Every state the realm was bound to was a whole flow (7 entries: old or new order).
    expect(seen.size).toBeGreaterThan(0);
    for (const state of seen) expect(state.split('|')).toHaveLength(7);
  });

  it('moves an execution into a sub-flow (rebuild) and keeps the bindings', async () => {
    const result = await run(
      browserCopy({
        topLevel: [exec('auth-cookie', 'ALTERNATIVE', 10), sub('my forms', 'ALTERNATIVE', 30)],
        forms: [
          exec('identity-provider-redirector', 'ALTERNATIVE', 5, 'my redirector'),
          exec('auth-username-password-form', 'REQUIRED', 10),
          sub('my conditional otp', 'CONDITIONAL', 20),
        ],
      }),
    );
    expect(actionsOf(result.plan)).toEqual(['update auth-flow["my browser"]']);
    const change = result.plan.changes.find((candidate) => candidate.address === 'auth-flow["my browser"]');
    expect(change?.changedPaths).toEqual(
      expect.arrayContaining([
        'executions["identity-provider-redirector"]',
        'executions["my forms"].executions["identity-provider-redirector"]',
      ]),
    );
    const after = await flowOf(realm, 'my browser');
    expect(outline(after.value)).toEqual([
      'auth-cookie ALTERNATIVE',
      'my forms ALTERNATIVE',
      '  identity-provider-redirector ALTERNATIVE [my redirector {"defaultProvider":"corp"}]',
      '  auth-username-password-form REQUIRED',
      '  my conditional otp CONDITIONAL',
      '    conditional-user-configured REQUIRED',
      '    auth-otp-form REQUIRED',
    ]);
    expect((await serverFlows(realm)).exported.browserFlow).toBe('my browser');
    expect(await accountOverride(realm)).toBe(after.id);
  });

  it('changes a requirement, a description and a config of built-in flows, declared in part', async () => {
    const manifest = browserCopy();
    manifest.authenticationFlows?.push(
      {
        alias: 'browser',
        description: 'built-in browser, changed',
        providerId: 'basic-flow',
        topLevel: true,
        builtIn: true,
        authenticationExecutions: [exec('auth-spnego', 'ALTERNATIVE', 20), sub('forms', 'ALTERNATIVE', 30)],
      },
      {
        alias: 'first broker login',
        providerId: 'basic-flow',
        topLevel: true,
        builtIn: true,
        authenticationExecutions: [exec('idp-review-profile', 'REQUIRED', 10, 'review profile config')],
      },
    );
    manifest.authenticatorConfig?.push({
      alias: 'review profile config',
      config: { 'update.profile.on.first.login': 'on' },
    });
    const builtInBefore = await flowOf(realm, 'browser');
    const result = await run(manifest);
    expect(actionsOf(result.plan)).toEqual(
      expect.arrayContaining(['update auth-flow["browser"]', 'update auth-flow["first broker login"]']),
    );
    expect(outline((await flowOf(realm, 'first broker login')).value)[0]).toBe(
      'idp-review-profile REQUIRED [review profile config {"update.profile.on.first.login":"on"}]',
    );
    const after = await flowOf(realm, 'browser');
    expect(after.id).toBe(builtInBefore.id);
    expect(after.value.description).toBe('built-in browser, changed');
    expect(outline(after.value)).toContain('auth-spnego ALTERNATIVE');
    expect(outline(after.value)).toHaveLength(outline(builtInBefore.value).length);
  });

  it('refuses a structural change of a built-in flow at plan time, with the address and path', async () => {
    const manifest = browserCopy();
    manifest.authenticationFlows?.push({
      alias: 'browser',
      builtIn: true,
      topLevel: true,
      providerId: 'basic-flow',
      authenticationExecutions: [exec('auth-otp-form', 'REQUIRED', 5)],
    });
    const before = await flowOf(realm, 'browser');
    const result = await applyManifest(realm.admin, manifestOf({ ...manifest, realm: realm.name }), KINDS);
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        address: 'auth-flow["browser"]',
        path: 'authenticationFlows[3].authenticationExecutions',
        summary: expect.stringContaining('executions["auth-otp-form"]'),
      }),
    ]);
    expect(result.report.applied).toEqual([]);
    expect(outline((await flowOf(realm, 'browser')).value)).toEqual(outline(before.value));
  });

  it('reports a binding to an unknown flow at plan time, with the address', async () => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({ realm: realm.name, ...browserCopy(), directGrantFlow: 'no such flow' }),
      KINDS,
    );
    expect(result.plan.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', address: 'flow-binding["directGrantFlow"]' }),
    );
    expect(result.report.applied).toEqual([]);
    expect((await serverFlows(realm)).exported.directGrantFlow).toBe('direct grant');
  });

  it('refuses to delete a flow that stays bound, at plan time', async () => {
    const result = await applyManifest(
      realm.admin,
      manifestOf({ realm: realm.name, authenticationFlows: [] }),
      KINDS,
    );
    const errors = result.plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        address: 'auth-flow["my browser"]',
        summary: expect.stringContaining("the realm's browserFlow"),
      }),
    ]);
    expect(errors[0]?.summary).toContain('the browser override of client "account"');
    expect(result.report.applied).toEqual([]);
  });

  it('deletes an undeclared custom flow once nothing uses it, and never a built-in one', async () => {
    const account = await realm.admin.getClientByClientId('account');
    const current = await realm.admin.getClient(account?.id as string);
    // "" removes an override ({} would keep it).
    await realm.admin.updateClient(account?.id as string, {
      ...current,
      authenticationFlowBindingOverrides: { browser: '' },
    });
    const result = await run({ authenticationFlows: [], browserFlow: 'browser' });
    // Applied in this order: the binding moves away first, then the flow goes.
    expect(result.report.applied).toEqual(['flow-binding["browserFlow"]', 'auth-flow["my browser"]']);
    const { exported, flows } = await serverFlows(realm);
    expect(flows.map((flow) => flow.alias).sort()).toEqual([
      'browser',
      'clients',
      'direct grant',
      'docker auth',
      'first broker login',
      'registration',
      'reset credentials',
      'saml ecp',
    ]);
    expect(exported.authenticatorConfig?.some((config) => config.alias === 'my redirector')).toBe(false);
  });

  it('recovers from a rebuild that failed after rebinding (a bound leftover flow)', async () => {
    await run(browserCopy());
    const admin = realm.admin;
    // What a rebuild that stopped after moving the binding leaves: a bound temporary flow.
    const leftover = 'my browser ~realmform-new-0badf00d';
    const id = await admin.createAuthenticationFlow({
      alias: leftover,
      providerId: 'basic-flow',
      topLevel: true,
    });
    await admin.createAuthenticationFlowExecution({ provider: 'auth-cookie' }, leftover);
    const realmRep = await admin.getRealm(realm.name);
    await admin.updateRealm(realm.name, { ...realmRep, browserFlow: leftover });
    await overrideAccount(realm, id);
    const result = await run(
      browserCopy({ topLevel: [exec('auth-cookie', 'ALTERNATIVE', 10), sub('my forms', 'ALTERNATIVE', 30)] }),
    );
    // (Listed by address; the leftover is deleted last, after the rebuild moved its users.)
    expect(actionsOf(result.plan)).toEqual([
      `delete auth-flow[${JSON.stringify(leftover)}]`,
      'update auth-flow["my browser"]',
      'update flow-binding["browserFlow"]',
    ]);
    const after = await flowOf(realm, 'my browser');
    const { exported } = await serverFlows(realm);
    expect(exported.browserFlow).toBe('my browser');
    expect(await accountOverride(realm)).toBe(after.id);
    expect(exported.authenticationFlows?.some((flow) => flow.alias === leftover)).toBe(false);
  });

  it('renames a flow that keeps its sub-flow and config aliases, moving the binding to it', async () => {
    const renamed = browserCopy({
      topLevel: [exec('auth-cookie', 'ALTERNATIVE', 10), sub('my forms', 'ALTERNATIVE', 30)],
    });
    const top = renamed.authenticationFlows?.[0] as AuthenticationFlowRepresentation;
    top.alias = 'renamed browser';
    top.authenticationExecutions?.push(
      exec('identity-provider-redirector', 'ALTERNATIVE', 40, 'my redirector'),
    );
    renamed.browserFlow = 'renamed browser';
    const account = await realm.admin.getClientByClientId('account');
    const current = await realm.admin.getClient(account?.id as string);
    await realm.admin.updateClient(account?.id as string, {
      ...current,
      authenticationFlowBindingOverrides: { browser: '' },
    });
    const result = await run(renamed);
    expect(result.report.applied).toEqual([
      'auth-flow["renamed browser"]',
      'flow-binding["browserFlow"]',
      'auth-flow["my browser"]',
    ]);
    const { exported, flows } = await serverFlows(realm);
    expect(flows.some((flow) => flow.alias === 'my browser')).toBe(false);
    expect(outline(flows.find((flow) => flow.alias === 'renamed browser')?.value)).toEqual([
      'auth-cookie ALTERNATIVE',
      'my forms ALTERNATIVE',
      '  auth-username-password-form REQUIRED',
      '  my conditional otp CONDITIONAL',
      '    conditional-user-configured REQUIRED',
      '    auth-otp-form REQUIRED',
      'identity-provider-redirector ALTERNATIVE [my redirector {"defaultProvider":"corp"}]',
    ]);
    expect(exported.browserFlow).toBe('renamed browser');
    // The old tree's parked sub-flows and config went with it.
    expect(exported.authenticationFlows?.map((f) => f.alias).filter((a) => a?.includes('realmform'))).toEqual(
      [],
    );
    expect(exported.authenticatorConfig?.map((c) => c.alias).filter((a) => a?.includes('realmform'))).toEqual(
      [],
    );
  });

  it('compares a secret config value Keycloak masks with the declared one (write-only)', async () => {
    const registration = (siteKey: string): RealmRepresentation => ({
      authenticationFlows: [
        {
          alias: 'my registration',
          providerId: 'basic-flow',
          topLevel: true,
          authenticationExecutions: [
            {
              authenticator: 'registration-page-form',
              authenticatorFlow: true,
              flowAlias: 'my registration form',
              requirement: 'REQUIRED',
            },
          ],
        },
        {
          alias: 'my registration form',
          providerId: 'form-flow',
          topLevel: false,
          authenticationExecutions: [
            exec('registration-user-creation', 'REQUIRED', 10),
            exec('registration-recaptcha-action', 'REQUIRED', 20, 'my captcha'),
          ],
        },
      ],
      authenticatorConfig: [
        {
          alias: 'my captcha',
          config: {
            'site.key': siteKey,
            'secret.key': 'captcha-secret',
            useRecaptchaNet: false as unknown as string,
          },
        },
      ],
    });
    // With the browser copy: the renamed flow of the previous test is still bound, and goes.
    const withBrowser = (siteKey: string): RealmRepresentation => ({
      authenticationFlows: [
        ...(registration(siteKey).authenticationFlows ?? []),
        ...(browserCopy().authenticationFlows ?? []),
      ],
      authenticatorConfig: [
        ...(registration(siteKey).authenticatorConfig ?? []),
        ...(browserCopy().authenticatorConfig ?? []),
      ],
      browserFlow: 'my browser',
    });
    await run(withBrowser('site-1'));
    const { exported } = await serverFlows(realm);
    // Masked on 26.7 (up to 26.5 exported in clear); compared as write-only either way.
    if (serverAtLeast('26.7'))
      expect(
        exported.authenticatorConfig?.find((c) => c.alias === 'my captcha')?.config?.['secret.key'],
      ).toBe('**********');
    const result = await run(withBrowser('site-2'));
    expect(
      result.plan.changes.find((c) => c.address === 'auth-flow["my registration"]')?.changedPaths,
    ).toEqual([
      'executions["my registration form"].executions["registration-recaptcha-action"].config["site.key"]',
    ]);
    const form = await flowOf(realm, 'my registration');
    expect(outline(form.value)[2]).toContain('"site.key":"site-2"');
  });

  it("rejects a custom flow that takes a built-in flow's sub-flow or config alias", async () => {
    const manifest = browserCopy();
    manifest.authenticationFlows?.push({
      alias: 'thief',
      providerId: 'basic-flow',
      topLevel: true,
      authenticationExecutions: [
        sub('forms', 'REQUIRED', 10),
        exec('idp-review-profile', 'REQUIRED', 20, 'review profile config'),
      ],
    });
    manifest.authenticationFlows?.push({
      alias: 'forms',
      providerId: 'basic-flow',
      topLevel: false,
      authenticationExecutions: [],
    });
    manifest.authenticatorConfig?.push({ alias: 'review profile config', config: {} });
    const result = await applyManifest(realm.admin, manifestOf({ ...manifest, realm: realm.name }), KINDS);
    const summaries = result.plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);
    expect(summaries).toEqual([
      'auth-flow["thief"] uses sub-flow alias "forms", which is a built-in flow',
      expect.stringContaining('auth-flow["thief"] uses authenticator config alias "review profile config"'),
    ]);
    expect(result.report.applied).toEqual([]);
  });

  it('falls back to raise/lower priority when executions are out of order (servers before 25)', async () => {
    const alias = 'misordered';
    await realm.admin.createAuthenticationFlow({ alias, providerId: 'basic-flow', topLevel: true });
    for (const [provider, priority] of [
      ['auth-otp-form', 30],
      ['auth-cookie', 20],
      ['auth-spnego', 10],
    ] as const)
      await realm.admin.createAuthenticationFlowExecution({ provider, priority }, alias);
    const ctx = { admin: realm.admin, realm: realm.name } as KindContext;
    const wanted = ['auth-cookie', 'auth-otp-form', 'auth-spnego'];
    await fixOrder(
      ctx,
      alias,
      wanted.map((execution) => ({ execution })),
    );
    const listing = await realm.admin.getAuthenticationFlowExecutions(alias);
    expect(listing.map((entry) => entry.providerId)).toEqual(wanted);
    await realm.admin.deleteAuthenticationFlow(
      (await realm.admin.getAuthenticationFlows()).find((flow) => flow.alias === alias)?.id as string,
    );
  });

  it('resolves client overrides by alias at write time and reads them back as aliases', async () => {
    const ctx = { admin: realm.admin, realm: realm.name } as KindContext;
    const flows = (await realm.admin.exportRealm({})).authenticationFlows ?? [];
    const mine = flows.find((flow) => flow.alias === 'my browser');
    const ecp = flows.find((flow) => flow.alias === 'saml ecp');
    expect(await resolveFlowOverrides(ctx, { browser: 'my browser', direct_grant: '' })).toEqual({
      browser: mine?.id,
      direct_grant: '',
    });
    // `saml ecp` is missing from GET /authentication/flows; the export has it.
    expect(await resolveFlowOverrides(ctx, { browser: 'saml ecp' })).toEqual({ browser: ecp?.id });
    await expect(resolveFlowOverrides(ctx, { browser: 'nope' })).rejects.toThrow(
      /no authentication flow "nope"/,
    );
    expect(liveFlowOverrides({ browser: mine?.id as string }, undefined, flows)).toEqual({
      browser: 'my browser',
    });
    expect(liveFlowOverrides({ browser: mine?.id as string }, { browser: mine?.id }, flows)).toEqual({
      browser: mine?.id,
    });
    expect(
      flowOverrideReferences({ browser: 'my browser', direct_grant: 'direct grant', x: mine?.id }),
    ).toEqual([
      { kind: 'auth-flow', key: ['my browser'], path: 'authenticationFlowBindingOverrides.browser' },
    ]);
  });
});

describeWithKeycloak('auth-flow in a realm the same apply creates', () => {
  const name = randomName('kflownew');
  const admin = masterAdmin(name);
  afterAll(async () => {
    await admin.deleteRealm(name).catch(() => undefined);
    await admin.close();
  });

  it('creates the realm, its custom flow and binding, and changes a built-in flow, converging', async () => {
    const manifest = browserCopy();
    manifest.authenticationFlows?.push({
      alias: 'direct grant',
      builtIn: true,
      topLevel: true,
      providerId: 'basic-flow',
      authenticationExecutions: [
        exec('direct-grant-validate-username', 'REQUIRED', 10),
        exec('direct-grant-validate-password', 'REQUIRED', 20),
      ],
    });
    manifest.directGrantFlow = 'direct grant';
    const result = await applyManifest(admin, manifestOf({ ...manifest, realm: name, enabled: true }), KINDS);
    expect(result.report.failed).toEqual([]);
    expect(actionsOf(result.replan)).toEqual([]);
    const exported = await admin.exportRealm({});
    expect(exported.browserFlow).toBe('my browser');
    expect(outline(liveFlows(exported).find((flow) => flow.alias === 'my browser')?.value)).toEqual(
      FULL_OUTLINE,
    );
  });
});

describeWithKeycloakAndCorpus('auth-flow with keycloak-config-cli realm files', () => {
  const realm = useTestRealm('kflowcorpus');
  const run = runner(realm);
  const corpus = (file: string): RealmRepresentation => {
    const rep = JSON.parse(readFileSync(corpusPath('auth-flows', file), 'utf8')) as RealmRepresentation;
    delete rep.realm;
    return rep;
  };

  it('applies custom registration, reset, browser, direct grant, client and docker flows and their bindings', async () => {
    await run(corpus('17.2_update_realm__change_custom_browser-flow_with_multiple_subflow.json'));
    const { exported, flows } = await serverFlows(realm);
    expect(exported.browserFlow).toBe('my browser');
    expect(exported.registrationFlow).toBe('my registration');
    const registration = flows.find((flow) => flow.alias === 'my registration');
    // Priorities decide the order, not the list: registration-password-action has 0.
    expect(outline(registration?.value)).toEqual([
      'my registration form REQUIRED',
      '  registration-password-action REQUIRED',
      '  registration-user-creation REQUIRED',
    ]);
    expect(registration?.value.executions?.[0]?.providerId).toBe('form-flow');
  });

  it('applies the later files of the scenario and converges after each', async () => {
    for (const file of [
      '18_update_realm__add_and_set_custom_direct-grant-flow.json',
      '20_update_realm__add_and_set_custom_client-authentication-flow.json',
      '22_update_realm__add_and_set_custom_docker-authentication-flow.json',
      '23_update_realm__change_custom_docker-authentication-flow.json',
      '30_update_realm__add_multiple_executions_with_same_authenticator.json',
      '43_update_realm__update_builtin-non-top-level-flow.json',
    ])
      await run(corpus(file));
    const registrationForm = await flowOf(realm, 'registration');
    expect(outline(registrationForm.value)).toContain('  registration-recaptcha-action REQUIRED');
  });

  it('rejects one config shared by two executions: the admin API cannot share a config', async () => {
    // Keycloak's import can share one config between executions; its admin API gives every
    // execution its own config and config aliases are unique (409), and creating an execution
    // that points at an existing config answers 500. So realmform cannot build this file.
    const file = '31_update_realm__update_multiple_executions_with_same_authenticator.json';
    const result = await applyManifest(
      realm.admin,
      manifestOf({ ...corpus(file), realm: realm.name }),
      KINDS,
    );
    expect(result.plan.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        address: 'auth-flow["with-two-ids"]',
        summary: expect.stringContaining('authenticator config "id1" is also used'),
      }),
    );
    expect(result.report.applied).toEqual([]);
  });

  it('refuses a sub-flow description longer than the 255-character column, before changing anything', async () => {
    // Keycloak answers a bare 500 for it, after the flows before it were already changed.
    const file = '27_update_realm__try-to-update-non-top-level-flow-with-pseudo-id.json';
    const before = await flowOf(realm, 'my auth flow');
    const result = await applyManifest(
      realm.admin,
      manifestOf({ ...corpus(file), realm: realm.name }),
      KINDS,
    );
    expect(result.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({
        address: 'auth-flow["my registration"]',
        path: 'authenticationFlows[2].description',
        summary: expect.stringContaining('has 256 characters; Keycloak stores at most 255'),
      }),
    ]);
    expect(result.report.applied).toEqual([]);
    expect((await flowOf(realm, 'my auth flow')).value.description).toBe(before.value.description);
  });

  it('rejects the files that must fail, before changing anything', async () => {
    for (const file of [
      '32_update_realm__update_multiple_executions_with_same_authenticator_with_config.json',
      '40_update_realm__try-to-update-built-in-flow.json',
      '44_update_realm__try-to-update-flow-set-builtin-false.json',
      '45_update_realm__try-to-update-flow-set-builtin-true.json',
      '63_update-realm__try-to-set-authenticator-basic-flow.json',
    ]) {
      const result = await applyManifest(
        realm.admin,
        manifestOf({ ...corpus(file), realm: realm.name }),
        KINDS,
      );
      expect(result.plan.diagnostics.filter((d) => d.severity === 'error').length, file).toBeGreaterThan(0);
      expect(result.report.applied, file).toEqual([]);
    }
  });
});

/** The auth-flow kind without the plan-time authenticator check (apply's own safety is tested). */
const uncheckedFlowKind: KindDefinition = {
  ...(authFlowKind as KindDefinition),
  async readFacts(ctx, situation) {
    const facts = (await authFlowKind.readFacts?.(ctx, situation)) as AuthFlowFacts;
    return { ...facts, authenticators: undefined };
  },
};

/** The same kind whose writes see `refuse` fail once (a server failing mid-rebuild). */
function refusingOnce(refuse: 'updateClient' | 'deleteAuthenticationFlow'): KindDefinition {
  let refused = false;
  const withAdmin = (ctx: KindContext): KindContext => ({
    ...ctx,
    admin: new Proxy(ctx.admin, {
      get(target, property, receiver) {
        if (property === refuse && !refused)
          return () => {
            refused = true;
            return Promise.reject(new Error('refused for the test'));
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  });
  return {
    ...uncheckedFlowKind,
    create: (ctx, desired) => uncheckedFlowKind.create(withAdmin(ctx), desired),
    update: (ctx, desired, live, paths) => uncheckedFlowKind.update(withAdmin(ctx), desired, live, paths),
  };
}

/** Every alias of the realm's flows and configs that a rebuild makes for the time being. */
async function temporaryAliases(realm: TestRealm): Promise<string[]> {
  const { exported } = await serverFlows(realm);
  return [
    ...(exported.authenticationFlows ?? []).map((flow) => flow.alias ?? ''),
    ...(exported.authenticatorConfig ?? []).map((config) => config.alias ?? ''),
  ].filter((alias) => alias.includes('~realmform-'));
}

describeWithKeycloak('auth-flow rebuild that fails', () => {
  const realm = useTestRealm('kflows-undo');
  const run = runner(realm);
  const moved = () =>
    browserCopy({
      topLevel: [exec('auth-cookie', 'ALTERNATIVE', 10), sub('my forms', 'ALTERNATIVE', 30)],
      forms: [
        exec('identity-provider-redirector', 'ALTERNATIVE', 5, 'my redirector'),
        exec('auth-username-password-form', 'REQUIRED', 10),
        sub('my conditional otp', 'CONDITIONAL', 20),
      ],
    });

  async function expectUnchanged(flowId: string): Promise<void> {
    expect(await temporaryAliases(realm)).toEqual([]);
    const after = await flowOf(realm, 'my browser');
    expect(after.id).toBe(flowId);
    expect(outline(after.value)).toEqual(FULL_OUTLINE);
    expect((await serverFlows(realm)).exported.browserFlow).toBe('my browser');
    expect(await accountOverride(realm)).toBe(flowId);
  }

  it('reports an authenticator or form action the server does not have at plan time', async () => {
    const plan = await planOf(
      realm,
      browserCopy({
        forms: [
          exec('auth-username-password-form', 'REQUIRED', 10),
          exec('no-such-authenticator', 'REQUIRED', 15),
          sub('my conditional otp', 'CONDITIONAL', 20),
        ],
      }),
    );
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.address, d.path])).toEqual([
      ['auth-flow["my browser"]', 'authenticationFlows[0].authenticationExecutions'],
    ]);
    expect(errors[0]?.summary).toContain(
      `execution my forms / no-such-authenticator names the authenticator "no-such-authenticator", which Keycloak ${serverInfo().version} does not have`,
    );
    // Every authenticator of the server's own flows is on its list (no false alarm).
    const builtIns = (await serverFlows(realm)).exported.authenticationFlows ?? [];
    const copies = builtIns
      .filter((flow) => flow.topLevel && flow.builtIn)
      .map((flow) => ({ ...flow, alias: `copy of ${flow.alias}`, builtIn: false }));
    const subFlows = builtIns.filter((flow) => !flow.topLevel);
    const copied = await planOf(realm, {
      authenticationFlows: [...copies, ...subFlows],
    });
    expect(copied.diagnostics.filter((d) => d.summary.includes('does not have'))).toEqual([]);
  });

  it('removes the temporary flow and renames parked sub-flows and configs back when an execution is refused', async () => {
    await run(browserCopy());
    const before = await flowOf(realm, 'my browser');
    await overrideAccount(realm, before.id as string);
    const failing = browserCopy({
      forms: [
        exec('auth-username-password-form', 'REQUIRED', 10),
        exec('no-such-authenticator', 'REQUIRED', 15),
        sub('my conditional otp', 'CONDITIONAL', 20),
      ],
    });
    const result = await applyManifest(realm.admin, manifestOf({ ...failing, realm: realm.name }), [
      realmWithoutBindings,
      uncheckedFlowKind,
      flowBindingKind,
    ] as KindDefinition[]);
    const failure = result.report.failed.find((entry) => entry.address === 'auth-flow["my browser"]');
    expect(failure?.undone).toBe(true);
    expect(failure?.writes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^renamed the sub-flow "my forms" to "my forms ~realmform-old-[0-9a-f]{8}"$/),
        expect.stringMatching(/^created the temporary flow "my browser ~realmform-new-[0-9a-f]{8}"$/),
        expect.stringMatching(/^deleted the temporary flow/),
        expect.stringMatching(
          /^renamed the sub-flow "my forms ~realmform-old-[0-9a-f]{8}" back to "my forms"$/,
        ),
        expect.stringMatching(
          /^renamed the authenticator config "my redirector ~realmform-old-[0-9a-f]{8}" back/,
        ),
      ]),
    );
    await expectUnchanged(before.id as string);
    // Nothing is left for the next apply to clean: the declared tree converges from here.
    expect(actionsOf((await run(browserCopy())).plan)).toEqual([]);
  });

  it('moves the realm binding back when moving a client override fails (after the realm was rebound)', async () => {
    const before = await flowOf(realm, 'my browser');
    const result = await applyManifest(realm.admin, manifestOf({ ...moved(), realm: realm.name }), [
      realmWithoutBindings,
      refusingOnce('updateClient'),
      flowBindingKind,
    ] as KindDefinition[]);
    const failure = result.report.failed.find((entry) => entry.address === 'auth-flow["my browser"]');
    expect(failure?.error).toContain('refused for the test');
    expect(failure?.undone).toBe(true);
    expect(failure?.writes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bound the realm's browserFlow to "my browser ~realmform-new-/),
        "bound the realm's browserFlow back to the old flow",
        expect.stringMatching(/^deleted the temporary flow/),
      ]),
    );
    await expectUnchanged(before.id as string);
  });

  it('goes forward once the old flow is being deleted: the next apply finishes the rebuild', async () => {
    const result = await applyManifest(realm.admin, manifestOf({ ...moved(), realm: realm.name }), [
      realmWithoutBindings,
      refusingOnce('deleteAuthenticationFlow'),
      flowBindingKind,
    ] as KindDefinition[]);
    const failure = result.report.failed.find((entry) => entry.address === 'auth-flow["my browser"]');
    expect(failure?.undone).toBe(false);
    expect(failure?.error).toContain('Partly applied');
    // The new tree is complete and in use under its temporary alias; a rerun finishes the swap.
    await run(moved());
    expect(await temporaryAliases(realm)).toEqual([]);
    const after = await flowOf(realm, 'my browser');
    expect((await serverFlows(realm)).exported.browserFlow).toBe('my browser');
    expect(await accountOverride(realm)).toBe(after.id);
  });
});
