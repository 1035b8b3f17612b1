/**
 * What a reviewer sees, end to end against a real Keycloak: the human plan of nested creates
 * (a flow with a sub-flow, a client with a mapper), a change inside a long string, the markdown
 * plan for pull requests, a plan with errors (only the errors), Terraform's spellings and
 * -target, and the progress events of an apply.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { runCli, runCliInTerminal } from './run-cli.js';

const LONG = (host: string) =>
  `https://shop.example.com/logged-out##https://admin.shop.example.com/logged-out##https://${host}.shop.example.com/bye`;

function manifest(realm: string, logoutHost: string, extra = ''): string {
  return `realm: ${realm}
clients:
  - clientId: shop-web
    publicClient: true
    redirectUris: [https://shop.example.com/*]
    attributes:
      pkce.code.challenge.method: S256
      post.logout.redirect.uris: ${LONG(logoutHost)}
    protocolMappers:
      - name: tenant
        protocol: openid-connect
        protocolMapper: oidc-hardcoded-claim-mapper
        config:
          claim.name: tenant
          claim.value: shop
          access.token.claim: "true"
authenticationFlows:
  - alias: browser-otp
    description: Cookie, or password then OTP
    providerId: basic-flow
    topLevel: true
    authenticationExecutions:
      - authenticator: auth-cookie
        requirement: ALTERNATIVE
      - flowAlias: browser-otp-forms
        requirement: ALTERNATIVE
        authenticatorFlow: true
  - alias: browser-otp-forms
    providerId: basic-flow
    topLevel: false
    authenticationExecutions:
      - authenticator: auth-username-password-form
        requirement: REQUIRED
      - authenticator: auth-otp-form
        requirement: REQUIRED
${extra}`;
}

/** Each case runs the CLI several times (a Node start each); a busy machine needs the room. */
const SLOW = 240_000;

describeWithKeycloak('plans as a reviewer reads them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-view-'));
  const realm = randomName('view');
  const file = join(dir, 'realm.yaml');
  const admin = masterAdmin();
  const env = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });
  /** The realm's random name out of the way, so snapshots are stable. */
  const stable = (text: string) => text.replaceAll(realm, '<realm>');

  beforeAll(async () => {
    await admin.createRealm({ realm, enabled: true });
  });
  afterAll(async () => {
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  }, SLOW);

  it(
    'shows every attribute of nested creates as indented blocks (snapshot)',
    async () => {
      writeFileSync(file, manifest(realm, 'old'));
      const plan = await runCli(['plan', file], env());
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).not.toContain('...');
      expect(plan.stdout).toContain('"auth-otp-form"');
      expect(plan.stdout).toContain('"claim.value"');
      await expect(stable(plan.stdout)).toMatchFileSnapshot('__snapshots__/plan-nested-create.txt');
    },
    SLOW,
  );

  it(
    'renders the markdown plan for pull requests (snapshot)',
    async () => {
      const plan = await runCli(['plan', file, '--format', 'markdown'], env());
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toMatch(/^## realmform plan\n/);
      await expect(stable(plan.stdout)).toMatchFileSnapshot('__snapshots__/plan-markdown.md');
    },
    SLOW,
  );

  it(
    'marks the part that changed inside a long string (snapshot)',
    async () => {
      const applied = await runCli(['apply', file, '-auto-approve'], env());
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      writeFileSync(file, manifest(realm, 'new'));
      const plan = await runCli(['plan', file, '-detailed-exitcode'], env());
      expect(plan.code, plan.stderr).toBe(2);
      expect(plan.stdout).toContain(LONG('old'));
      expect(plan.stdout).toContain(LONG('new'));
      const lines = plan.stdout.split('\n');
      const at = lines.findIndex((line) => line.includes(LONG('old')));
      const carets = lines[at + 1] ?? '';
      expect((lines[at] ?? '').slice(carets.indexOf('^'), carets.lastIndexOf('^') + 1)).toBe('old');
      await expect(stable(plan.stdout)).toMatchFileSnapshot('__snapshots__/plan-long-string.txt');
    },
    SLOW,
  );

  it(
    'prints only the errors of a plan that has some, in plan and in apply, and exits 1',
    async () => {
      const broken = join(dir, 'broken.yaml');
      writeFileSync(
        broken,
        manifest(
          realm,
          'new',
          `roles:
  realm:
    - name: auditor
      composites:
        realm: [no-such-role]
`,
        ),
      );
      for (const args of [
        ['plan', broken],
        ['apply', broken, '--auto-approve'],
      ]) {
        const result = await runCli(args, env());
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('no-such-role');
        expect(result.stderr).toMatch(/error\(s\) in the plan of realm/);
        expect(result.stdout).not.toContain('Plan:');
        expect(result.stdout).not.toContain('will be');
        expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
      }
      const roles = await admin.withRealm(realm).getRealmRoles();
      expect(roles.map((role) => role.name)).not.toContain('auditor');
    },
    SLOW,
  );

  it(
    'accepts Terraform spellings: -out, -target, -no-color, -detailed-exitcode, -auto-approve, -json',
    async () => {
      const planFile = join(dir, 'targeted.json');
      writeFileSync(
        file,
        manifest(
          realm,
          'new',
          `roles:
  realm:
    - name: viewer
    - name: editor
      composites:
        realm: [viewer]
`,
        ),
      );
      const plan = await runCli(
        [
          'plan',
          file,
          `-out=${planFile}`,
          '-target',
          'role-composite["realm"]["editor"]',
          '-no-color',
          '-detailed-exitcode',
        ],
        env(),
      );
      expect(plan.code, plan.stderr).toBe(2);
      // The composite brings the roles it needs along: its owner and its member.
      expect(plan.stdout).toContain('This plan is partial (-target role-composite["realm"]["editor"])');
      expect(plan.stdout).toContain('+ realm-role["editor"]');
      expect(plan.stdout).toContain('+ realm-role["viewer"]');
      // The long string's change is not part of the target.
      expect(plan.stdout).not.toContain('client["shop-web"]');
      expect(plan.stdout).toContain(`To apply exactly this plan, run:\n  realmform apply ${planFile}`);
      const saved = JSON.parse(readFileSync(planFile, 'utf8')) as { plans: { targets?: string[] }[] };
      expect(saved.plans[0]?.targets).toEqual(['role-composite["realm"]["editor"]']);

      const applied = await runCli(['apply', '-json', planFile], env());
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const view = admin.withRealm(realm);
      expect((await view.getRealmRoles()).map((role) => role.name)).toEqual(
        expect.arrayContaining(['editor', 'viewer']),
      );
      expect((await view.getRealmRole('editor')).composite).toBe(true);
      const client = await view.getClientByClientId('shop-web');
      expect(client?.attributes?.['post.logout.redirect.uris']).toBe(LONG('old'));

      const typo = await runCli(['plan', file, '-targt', 'x'], env());
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain('(Did you mean --target?)');
      expect(typo.stderr).not.toContain('Usage:');
    },
    SLOW,
  );

  it(
    'streams read, apply and convergence events with --json; counts run on through a new realm',
    async () => {
      const fresh = randomName('view-new');
      const freshFile = join(dir, 'fresh.yaml');
      writeFileSync(freshFile, manifest(fresh, 'old'));
      try {
        const planned = await runCli(['plan', freshFile, '-json'], env());
        const plan = (JSON.parse(planned.stdout) as { plans: { changes: { actions: string[] }[] }[] })
          .plans[0];
        const planned_changes = plan?.changes.filter((change) => change.actions[0] !== 'no-op').length ?? 0;

        const result = await runCli(['apply', freshFile, '-auto-approve', '-json'], env());
        expect(result.code, result.stderr).toBe(0);
        const events = result.stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string });
        const types = events.map((event) => event.type);
        expect(types[0]).toBe('read-start');
        expect(types).toContain('read-kind');
        expect(types.indexOf('read-done')).toBeLessThan(types.indexOf('apply-start'));
        expect(types.filter((type) => type === 'apply-start')).toHaveLength(1);
        expect(types.filter((type) => type === 'apply-done')).toHaveLength(1);
        expect(types.at(-1)).toBe('converge-done');
        expect(types.lastIndexOf('converge-start')).toBeGreaterThan(types.indexOf('apply-done'));
        expect(types.lastIndexOf('read-start')).toBeGreaterThan(types.lastIndexOf('converge-start'));
        expect(events.at(-1)).toMatchObject({ converged: true, changes: 0 });
        const start = events.find((event) => event.type === 'apply-start');
        expect(start?.total).toBe(planned_changes);
        const starts = events.filter((event) => event.type === 'change-start');
        expect(starts.map((event) => event.index)).toEqual(starts.map((_, i) => i + 1));
        const done = events.find((event) => event.type === 'apply-done');
        expect(done?.applied).toBe(starts.length);
        // The realm first, then the rest: never [1/1] followed by [1/12].
        expect(starts[0]).toMatchObject({
          address: `realm["${fresh}"]`,
          actions: ['create'],
          total: planned_changes,
        });
      } finally {
        await admin.deleteRealm(fresh).catch(() => undefined);
      }
    },
    SLOW,
  );

  it('shows a live progress line on a terminal, and nothing of it when piped', async () => {
    const inTerminal = await runCliInTerminal(['plan', file], env());
    expect(inTerminal.code).toBe(0);
    expect(inTerminal.stdout).toMatch(/Reading realm "[^"]+" · /);
    expect(inTerminal.stdout).toContain('\r\u001b[2K');
    const piped = await runCli(['plan', file], env());
    expect(piped.stdout + piped.stderr).not.toContain('\u001b[');
    expect(piped.stdout + piped.stderr).not.toContain('Reading realm');
  });
});
