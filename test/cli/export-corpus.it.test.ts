/**
 * `realmform export` on a realm with every kind realmform manages (test/cli/fixtures/every-kind.yaml,
 * shapes borrowed from the shared keycloak-config-cli corpus): applied under a random name,
 * exported as one file and split, each planned against the same realm ("No changes."); cloned
 * with --realm-name into a second realm, applied, planned ("No changes.") and exported again
 * (the same files); no planted secret in any output. The LDAP provider (a component with
 * sub-components) talks to a throwaway OpenLDAP server; its user, found through the federation,
 * is not exported.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { variableName } from '../../src/export/secrets.js';
import { describeWithFeature, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { useLdapServer } from '../support/ldap.js';
import { type CliResult, runCli } from './run-cli.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/every-kind.yaml');
const SECRETS = {
  EK_CLIENT_SECRET: 'every-kind-client-secret-1a2b3c',
  EK_IDP_SECRET: 'every-kind-idp-secret-4d5e6f',
  EK_SMTP_PASSWORD: 'every-kind-smtp-password-7a8b9c',
  EK_PASSWORD: 'Every-kind-password-2026-0d1e',
  EK_LDAP_BIND_PASSWORD: 'every-kind-ldap-bind-2f3a4b',
};

// The fixture uses every kind, fine-grained admin permissions v2 included: 26.2+ (older versions
// refuse it at plan time, see test/server/feature-plans.it.test.ts; test/cli/export.it.test.ts
// exports on every version).
describeWithFeature('adminPermissionsV2')('realmform export: a realm with every kind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realmform-export-every-'));
  const realm = randomName('every');
  const clone = randomName('every-clone');
  const admin = masterAdmin();
  // Its user (not alice: the realm has a local alice) is found through the federation.
  const ldap = useLdapServer({
    bindPassword: SECRETS.EK_LDAP_BIND_PASSWORD,
    users: [{ uid: 'dana', givenName: 'Dana', sn: 'Directory' }],
  });
  const ldapEnv = () => ({
    EK_LDAP_URL: ldap.server.url,
    EK_LDAP_USERS_DN: ldap.server.usersDn,
    EK_LDAP_BIND_DN: ldap.server.bindDn,
  });
  const connection = () => ({
    KEYCLOAK_URL: serverInfo().url,
    KEYCLOAK_USER: serverInfo().username,
    KEYCLOAK_PASSWORD: serverInfo().password,
  });
  /** The variables the export prints, set to the secrets planted in the fixture. */
  const secretsFor = (name: string) => ({
    [variableName(name, 'ek-api', 'secret')]: SECRETS.EK_CLIENT_SECRET,
    [variableName(name, 'corporate', 'clientSecret')]: SECRETS.EK_IDP_SECRET,
    [variableName(name, 'smtp', 'password')]: SECRETS.EK_SMTP_PASSWORD,
    [variableName(name, 'alice', 'password')]: SECRETS.EK_PASSWORD,
    [variableName(name, 'ek-ldap', 'bindCredential')]: SECRETS.EK_LDAP_BIND_PASSWORD,
  });
  const outputs: CliResult[] = [];
  const written: string[] = [];
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const result = await runCli(args, { ...connection(), ...env });
    outputs.push(result);
    return result;
  };
  const read = (file: string) => {
    const text = readFileSync(file, 'utf8');
    written.push(text);
    return text;
  };
  const expectNoChanges = (result: CliResult) => {
    expect(result.stdout, result.stdout + result.stderr).toContain('No changes.');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Nothing in the export is ignored (e.g. Keycloak-owned parts of admin-permissions).
    expect(result.stdout + result.stderr).not.toMatch(/warning/i);
  };

  beforeAll(async () => {
    const file = join(dir, 'every-kind.yaml');
    writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace(/^realm: every-kind$/m, `realm: ${realm}`));
    const applied = await runCli(['apply', file, '--auto-approve'], {
      ...connection(),
      ...SECRETS,
      ...ldapEnv(),
    });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  });

  afterAll(async () => {
    await admin.deleteRealm(realm).catch(() => undefined);
    await admin.deleteRealm(clone).catch(() => undefined);
    await admin.close();
  });

  it('exports every kind to one file, which plans as "No changes." against the same realm', async () => {
    const out = join(dir, 'single');
    const exported = await run(['export', '--realm', realm, '--out', out, '--include-users']);
    expect(exported.code, exported.stderr).toBe(0);
    const text = read(join(out, `${realm}.yaml`));
    for (const present of [
      'clientId: ek-api', // client, authz-*
      'authorizationSettings:',
      'name: viewers can view documents',
      'name: doc:view',
      'name: documents',
      'protocolMapper: oidc-audience-mapper',
      'browser: ek browser',
      'name: api:admin', // client-role, role-composite
      'name: editor', // realm-role
      'name: ek-profile', // client-scope, client-profile
      'defaultDefaultClientScopes:',
      'defaultOptionalClientScopes:',
      'clientScope: ek-profile', // scope-mapping
      'clientScopeMappings:',
      'name: editors', // group, group-role-mapping
      '- /customers', // default-group
      'username: alice', // user, user-group, user-role-mapping
      '- /staff/editors',
      'alias: ek browser forms', // auth-flow
      'alias: ek redirector',
      'browserFlow: ek browser', // flow-binding
      'alias: UPDATE_PASSWORD', // required-action
      'alias: corporate', // identity-provider
      'identityProviderMapper: oidc-advanced-group-idp-mapper',
      'name: ek-hmac', // component
      'name: ek-policy', // client-policy
      'userProfile:', // user-profile
      'unmanagedAttributePolicy: ENABLED',
      'loginTitle: Willkommen', // localization-text
      'eventsEnabled: true', // events-config
      'adminEventsEnabled: true',
      'organizations:', // organization, organization-member
      'name: acme.example.com',
      'clientId: admin-permissions', // admin-permission
      'name: ek-editors manage ek-web',
    ])
      expect(text).toContain(present);
    expect(text).toMatch(/organizations:[\s\S]*members:\s*\n\s*- username: alice/);
    expect(text).not.toContain('UserProfileProvider');
    expect(text).toContain('name: ek-ldap'); // component, sub-component
    expect(text).toContain('providerId: user-attribute-ldap-mapper');
    expect(text).not.toContain('username: dana'); // a user of the LDAP provider, not exported
    expect(text).not.toMatch(/^\s*(- )?(id|containerId|internalId|_id|organizationId):/m);

    expectNoChanges(
      await run(['plan', join(out, `${realm}.yaml`), '--detailed-exitcode'], secretsFor(realm)),
    );
  });

  it('exports every kind split into files, which plan as "No changes." against the same realm', async () => {
    const out = join(dir, 'split');
    const exported = await run(['export', '--realm', realm, '--out', out, '--split', '--include-users']);
    expect(exported.code, exported.stderr).toBe(0);
    const files = readdirSync(join(out, realm)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'realm.yaml',
        'roles.yaml',
        'clients.yaml',
        'client-scopes.yaml',
        'groups.yaml',
        'authentication.yaml',
        'identity-providers.yaml',
        'components.yaml',
        'client-policies.yaml',
        'localization.yaml',
        'user-profile.yaml',
        'users.yaml',
        'organizations.yaml',
      ]),
    );
    for (const file of files)
      expect(read(join(out, realm, file))).toMatch(new RegExp(`^realm: ${realm}$`, 'm'));

    expectNoChanges(await run(['plan', join(out, realm), '--detailed-exitcode'], secretsFor(realm)));
  });

  it('clones the realm with --realm-name: apply, then "No changes."', async () => {
    const out = join(dir, 'clone');
    const exported = await run([
      'export',
      '--realm',
      realm,
      '--realm-name',
      clone,
      '--out',
      out,
      '--split',
      '--include-users',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    for (const variable of Object.keys(secretsFor(clone))) expect(exported.stderr).toContain(variable);
    const all = readdirSync(join(out, clone))
      .map((file) => read(join(out, clone, file)))
      .join('\n');
    expect(all).not.toContain(realm);

    const applied = await run(['apply', join(out, clone), '--auto-approve'], secretsFor(clone));
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expectNoChanges(await run(['plan', join(out, clone), '--detailed-exitcode'], secretsFor(clone)));

    // The clone holds the same configuration: exporting it gives the files it was built from.
    const again = join(dir, 'clone-again');
    const reexported = await run(['export', '--realm', clone, '--out', again, '--split', '--include-users']);
    expect(reexported.code, reexported.stderr).toBe(0);
    const files = readdirSync(join(out, clone)).sort();
    expect(readdirSync(join(again, clone)).sort()).toEqual(files);
    for (const file of files) expect(read(join(again, clone, file)), file).toBe(read(join(out, clone, file)));
  });

  it('never writes or prints a planted secret', () => {
    expect(written.length).toBeGreaterThan(0);
    const everything = [...written, ...outputs.flatMap((output) => [output.stdout, output.stderr])].join(
      '\n',
    );
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
  });
});
