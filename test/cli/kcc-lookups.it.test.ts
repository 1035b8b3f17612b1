// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
/**
 * Every lookup of keycloak-config-cli's substitution language that kcc.it.test.ts does not already
 * apply, through the CLI to the real server: each one becomes a realm role's description, read back
 * from Keycloak. Then the substitution settings (enabled, undefined-is-error, nested, prefix and
 * suffix), each changing what reaches the server, and the errors that stop a run before any request.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import { describeWithKeycloak, masterAdmin, randomName, serverInfo } from '../support/keycloak.js';
import { runCli } from './run-cli.js';

/** `yyyy-MM-dd` in this machine's time zone, as Java's date lookup writes it. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describeWithKeycloak(
  'keycloak-config-cli lookups and substitution settings, applied to the real server',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'realmform-kcc-lookups-'));
    const realm = randomName('kcc-lookups');
    const motto = `motto-${randomName('m')}`;
    let admin: KeycloakAdmin;

    const env = (extra: Record<string, string> = {}) => ({
      KEYCLOAK_URL: serverInfo().url,
      KEYCLOAK_USER: serverInfo().username,
      KEYCLOAK_PASSWORD: serverInfo().password,
      KEYCLOAK_CLIENT_ID: '',
      KEYCLOAK_CLIENT_SECRET: '',
      KEYCLOAK_CLIENTID: '',
      KEYCLOAK_CLIENTSECRET: '',
      IMPORT_FILES_LOCATIONS: '',
      KCC_IT_REALM: realm,
      KCC_IT_MOTTO: motto,
      KCC_IT_OUTER: '$(env:KCC_IT_MOTTO)!',
      KCC_IT_EMPTY: '',
      SPRING_CONFIG_IMPORT: `configtree:${join(dir, 'tree')}`,
      ...extra,
    });

    async function descriptions(): Promise<Record<string, string | undefined>> {
      const roles = await admin.withRealm(realm).getRealmRoles();
      return Object.fromEntries(roles.map((role) => [role.name ?? '', role.description]));
    }

    /** A realm file whose roles' descriptions are the given texts (YAML, quoted as written). */
    function realmFile(
      name: string,
      roles: Record<string, string>,
      realmName = '$(env:KCC_IT_REALM)',
    ): string {
      const file = join(dir, name);
      const lines = [`realm: "${realmName}"`, 'enabled: true', 'roles:', '  realm:'];
      for (const [role, description] of Object.entries(roles))
        lines.push(`    - name: ${role}`, `      description: '${description.replaceAll("'", "''")}'`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    }

    beforeAll(() => {
      admin = masterAdmin();
      mkdirSync(join(dir, 'tree'));
      mkdirSync(join(dir, 'secrets'));
      writeFileSync(join(dir, 'tree', 'kcc.it.tree-value'), 'from the config tree\n');
      writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Grüße aus Köln', 'latin1'));
      writeFileSync(
        join(dir, 'utf16.txt'),
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ünïcödé 16', 'utf16le')]),
      );
      writeFileSync(join(dir, 'secrets', 'relative.txt'), 'next to the manifest\n');
      writeFileSync(
        join(dir, 'app.properties'),
        '# a comment\nsmtp.host = mail.example.com\nsmtp.greeting=Gr\\u00fc\\u00dfe \\\n    from Java\n',
      );
    });

    afterAll(async () => {
      if (!admin) return;
      await admin.deleteRealm(realm).catch(() => undefined);
      await admin.close();
    });

    it('applies every lookup, each value read back from Keycloak', async () => {
      const before = localDate(new Date());
      const file = realmFile('lookups.yaml', {
        'sys-home': '$(sys:user.home)',
        'sys-os': '$(sys:os.name)',
        'sys-from-env': '$(sys:kcc.it.motto)',
        'file-latin1': `$(file:ISO-8859-1:${join(dir, 'latin1.txt')})`,
        'file-utf16': `$(file:UTF-16:${join(dir, 'utf16.txt')})`,
        properties: `$(properties:${join(dir, 'app.properties')}::smtp.host) / $(properties:${join(dir, 'app.properties')}::smtp.greeting)`,
        'base64-encoder': '$(base64Encoder:Hello shop)',
        'base64-alias': '$(base64:SGVsbG8gc2hvcA==)',
        'url-decoder': '$(urlDecoder:a+b%26c%3D%C3%BC)',
        'xml-encoder': '$(xmlEncoder:<b>Tom & "Jerry"</b>)',
        'xml-decoder': '$(xmlDecoder:&lt;i&gt;x &amp; y&lt;/i&gt;)',
        date: '$(date:yyyy-MM-dd)',
        localhost: '$(localhost:name)',
        'spring-env': '$(kcc.it.motto)',
        'spring-tree': '$(kcc.it.tree-value)',
        'env-falls-back-to-spring': '$(env:kcc.it.motto)',
        'lookup-case': '$(ENV:KCC_IT_MOTTO)',
        'substituted-again': '$(env:KCC_IT_OUTER)',
        'empty-stays-empty': '[$(env:KCC_IT_EMPTY:-fallback)]',
        'realmform-env': '${env:KCC_IT_MOTTO} ${env:KCC_IT_EMPTY:-shell default}',
        'realmform-file': '${file:secrets/relative.txt}',
        'realmform-not-again': '${env:KCC_IT_OUTER}',
        'keycloak-key': '${role_offline-access}',
        escapes: '$$(env:KCC_IT_MOTTO) $${env:KCC_IT_MOTTO}',
      });
      const result = await runCli(['apply', '--auto-approve', file], env());
      expect(result.code, result.stderr).toBe(0);
      const after = localDate(new Date());

      const live = await descriptions();
      expect(live).toMatchObject({
        'sys-home': homedir(),
        'sys-os': 'Linux',
        'sys-from-env': motto,
        'file-latin1': 'Grüße aus Köln',
        'file-utf16': 'Ünïcödé 16',
        properties: 'mail.example.com / Grüße from Java',
        'base64-encoder': Buffer.from('Hello shop', 'latin1').toString('base64'),
        'base64-alias': 'Hello shop',
        'url-decoder': 'a b&c=ü',
        'xml-encoder': '&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;',
        'xml-decoder': '<i>x & y</i>',
        localhost: hostname(),
        'spring-env': motto,
        'spring-tree': 'from the config tree',
        'env-falls-back-to-spring': motto,
        'lookup-case': motto,
        'substituted-again': `${motto}!`,
        'empty-stays-empty': '[]',
        'realmform-env': `${motto} shell default`,
        'realmform-file': 'next to the manifest',
        'realmform-not-again': '$(env:KCC_IT_MOTTO)!',
        'keycloak-key': '${role_offline-access}',
        escapes: '$(env:KCC_IT_MOTTO) ${env:KCC_IT_MOTTO}',
      });
      expect([before, after]).toContain(live.date);

      // The same files plan no changes: every lookup gives the same value again.
      const plan = await runCli(['plan', '--detailed-exitcode', file], env());
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    });

    it('IMPORT_VARSUBSTITUTION_ENABLED=false writes every variable as text, with a warning each', async () => {
      const file = realmFile('off.yaml', { 'kept-off': '$(env:KCC_IT_MOTTO) ${env:KCC_IT_MOTTO}' }, realm);
      const result = await runCli(
        ['apply', '--auto-approve', file],
        env({ IMPORT_VARSUBSTITUTION_ENABLED: 'false' }),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        '`$(env:KCC_IT_MOTTO)` is kept as written: variable substitution is off (IMPORT_VARSUBSTITUTION_ENABLED=false)',
      );
      expect((await descriptions())['kept-off']).toBe('$(env:KCC_IT_MOTTO) ${env:KCC_IT_MOTTO}');
    });

    it('IMPORT_VARSUBSTITUTION_UNDEFINEDISERROR=false keeps an unset variable as written, with a warning', async () => {
      const file = realmFile('undefined.yaml', { 'kept-unset': 'a $(env:KCC_IT_UNSET) b' }, realm);
      const refused = await runCli(['plan', file], env());
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${file}:6: error:`);
      expect(refused.stderr).toContain('KCC_IT_UNSET');

      const result = await runCli(
        ['apply', '--auto-approve', file],
        env({ IMPORT_VARSUBSTITUTION_UNDEFINEDISERROR: 'false' }),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('`$(env:KCC_IT_UNSET)` is kept as written (undefined-is-error is off)');
      expect((await descriptions())['kept-unset']).toBe('a $(env:KCC_IT_UNSET) b');
    });

    it('IMPORT_VARSUBSTITUTION_NESTED=false ends a variable at the first suffix', async () => {
      const secret = join(dir, 'secrets', 'relative.txt');
      const file = realmFile('nested.yaml', { nested: '$(file:UTF-8:$(env:KCC_IT_SECRET_FILE))' }, realm);
      const nested = await runCli(
        ['apply', '--auto-approve', file],
        env({ KCC_IT_SECRET_FILE: secret, IMPORT_VARSUBSTITUTION_NESTED: 'true' }),
      );
      expect(nested.code, nested.stderr).toBe(0);
      expect((await descriptions()).nested).toBe('next to the manifest');

      const flat = await runCli(
        ['plan', file],
        env({ KCC_IT_SECRET_FILE: secret, IMPORT_VARSUBSTITUTION_NESTED: 'false' }),
      );
      expect(flat.code).toBe(1);
      expect(flat.stderr).toContain(
        `${file}:6: error: \`$(file:UTF-8:$(env:KCC_IT_SECRET_FILE)\`: cannot read`,
      );
    });

    it('IMPORT_VARSUBSTITUTION_PREFIX/SUFFIX=${ } hands `${…}` to keycloak-config-cli rules; `$(` is text', async () => {
      const file = realmFile(
        'prefix.yaml',
        { 'prefix-kcc': '${env:KCC_IT_OUTER} $${role_offline-access} $(env:KCC_IT_MOTTO)' },
        realm,
      );
      const result = await runCli(
        ['apply', '--auto-approve', file],
        env({ IMPORT_VARSUBSTITUTION_PREFIX: '${', IMPORT_VARSUBSTITUTION_SUFFIX: '}' }),
      );
      expect(result.code, result.stderr).toBe(0);
      // KCC_IT_OUTER holds `$(…)`, plain text under this prefix, so it is not substituted again.
      expect((await descriptions())['prefix-kcc']).toBe(
        '$(env:KCC_IT_MOTTO)! ${role_offline-access} $(env:KCC_IT_MOTTO)',
      );
    });

    it('stops before any request on a typo, a cycle or a refused lookup, naming file and line', async () => {
      const other = randomName('kcc-never');
      const file = realmFile(
        'errors.yaml',
        {
          typo: '$(evn:KCC_IT_MOTTO)',
          cycle: '$(env:KCC_IT_LOOP_A)',
          refused: '$(localhost:address)',
          script: '$${javascript: 1 + 1}',
        },
        other,
      );
      const result = await runCli(
        ['apply', '--auto-approve', file],
        env({ KCC_IT_LOOP_A: '$(env:KCC_IT_LOOP_B)', KCC_IT_LOOP_B: '$(env:KCC_IT_LOOP_A)' }),
      );
      expect(result.code).toBe(1);
      const errors = result.stderr.split('\n').filter((line) => line.includes(': error: '));
      expect(errors).toEqual([
        expect.stringMatching(new RegExp(`^${file}:6: error: \`\\$\\(evn:KCC_IT_MOTTO\\)\`: .*evn`)),
        expect.stringMatching(new RegExp(`^${file}:8: error: .*cycle`)),
        expect.stringMatching(new RegExp(`^${file}:10: error: \`\\$\\(localhost:address\\)\`: .*DNS`)),
        expect.stringMatching(new RegExp(`^${file}:12: error: .*JavaScript`)),
      ]);
      expect((await admin.getRealms()).some((r) => r.realm === other)).toBe(false);
    });
  },
);
