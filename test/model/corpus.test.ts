// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${env:…}` here is manifest syntax, not a template.
/**
 * The keycloak-config-cli corpus (../shared/corpus beside the clone; realm files written by another
 * team for another tool): every file must load and validate, except those meant to fail. Each file
 * is loaded on its own, because a scenario's files are successive states of one realm, not parts
 * of it. Skipped, saying so, where the corpus is absent (never in CI).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareManifestPaths, formatDiagnostic, hasErrors, loadManifests } from '../../src/model/index.js';
import { CORPUS_DIR as CORPUS, CORPUS_MISSING, corpusPresent } from '../support/corpus.js';
import { CORPUS_VARIABLES } from '../support/corpus-variables.js';

/** Names of files meant to fail (the corpus README's rule). */
const MEANT_TO_FAIL = /try-to|try_to|raise_error|cannot|invalid|syntax-error/;

/**
 * Corpus files, not meant to fail by their names, that do not validate here, and why.
 */
const EXCEPTIONS: Record<string, string> = {
  // keycloak-config-cli's own test (ImportRealmSubstitutionIT, order 3) expects this file to fail:
  // `$(sys:kcc.junit.missingVariable)` is never set. realmform fails it the same way, before any request.
  'realm-substitution/3_update_realm.json': 'variable `sys:kcc.junit.missingVariable` is not set',
  // Runs with keycloak-config-cli's `import.var-substitution.undefined-is-error=false`, which leaves
  // unset variables as written; with the defaults an unset variable is an error. Loaded with that
  // setting below.
  'realm-substitution/extended/0_update_realm.json': 'variable `sys:kcc.junit.missingVariable` is not set',
};

/**
 * Files meant to fail whose fault is visible in the file itself (schema or syntax): the loader must
 * report it. Every other file meant to fail is wrong only against a server (a missing role, a
 * built-in flow, a bad reference) and must load cleanly here; the planner/server reports it.
 */
const SCHEMA_FAILURES: Record<string, RegExp> = {
  'auth-flows/08_try_to_update_realm__change_requirement_flow_with_execution_flow_with_defective_execution.json':
    /expected one of REQUIRED, CONDITIONAL, ALTERNATIVE, DISABLED; got the string "DEFECTIVE"/,
  'auth-flows/09_try_to_update_realm__change_requirement_flow_with_defective_execution_flow.json':
    /expected one of REQUIRED, CONDITIONAL, ALTERNATIVE, DISABLED; got the string "DEFECTIVE"/,
  // Also fails on the server (a basic-flow sub-flow with a form authenticator); its unused config is visible here.
  'auth-flows/63_update-realm__try-to-set-authenticator-basic-flow.json':
    /authenticator config "create unique user config" is not named by any execution/,
  'clients/90_update_realm__try-to-create-client.json': /too long: at most 255 characters/,
  'clients/91.1_update_realm__try-to-update-client.json': /too long: at most 255 characters/,
  'clients/92_update_realm__invalid-client.json': /missing required key `clientId`/,
  'realm-file-type/json/99_invalid_realm.json': /unknown key `unknown-property`/,
  'realm-file-type/yaml/99_invalid_realm.yaml': /unknown key `unknown-property`/,
  'realm-file-type/syntax-error/0_create_realm': /syntax error/,
  'users/50.3_update_realm_with_email_as_username_with_invalid_username.json':
    /registrationEmailAsUsername on, so Keycloak makes the username the email/,
  'simple-realm/04_create_simple-realm_with_invalid_name.json': /too long: at most 255 characters/,
  'simple-realm/09_update_simple-realm_with_invalid_property.json': /too long: at most 255 characters/,
  'simple-realm/80_invalid_import_property.json': /missing required key `realm`|unknown key `invalid`/,
  'simple-realm/81_invalid_json.json': /syntax error/,
};

function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/^(LICENSE|README)/.test(entry)) files.push(relative(CORPUS, path));
    }
  };
  walk(CORPUS);
  return files.sort(compareManifestPaths);
}

const present = corpusPresent;
if (!present) it.skip(`corpus: skipped, ${CORPUS_MISSING}`, () => {});
const files = present ? corpusFiles() : [];

describe.skipIf(!present)('keycloak-config-cli corpus', () => {
  const shouldValidate = files.filter((f) => !MEANT_TO_FAIL.test(f) && !(f in EXCEPTIONS));
  const meantToFail = files.filter((f) => MEANT_TO_FAIL.test(f));

  it('has the expected size (so that a lost folder does not pass silently)', () => {
    expect(files.length).toBeGreaterThan(400);
    expect(shouldValidate.length).toBeGreaterThan(350);
  });

  it.each(shouldValidate)('%s validates', async (file) => {
    const result = await loadManifests([file], { cwd: CORPUS, env: CORPUS_VARIABLES });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(result.realms.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(EXCEPTIONS))('%s fails as explained: %s', async (file, reason) => {
    const result = await loadManifests([file], { cwd: CORPUS, env: CORPUS_VARIABLES });
    expect(result.diagnostics.map((d) => d.summary).join('\n')).toContain(reason);
  });

  it.each(meantToFail)('%s (meant to fail)', async (file) => {
    const result = await loadManifests([file], { cwd: CORPUS, env: CORPUS_VARIABLES });
    const expected = SCHEMA_FAILURES[file];
    if (!expected) {
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
      return;
    }
    expect(hasErrors(result.diagnostics)).toBe(true);
    for (const diagnostic of result.diagnostics) {
      expect(diagnostic).toMatchObject({ file, line: expect.any(Number) });
      expect(diagnostic.summary).toMatch(expected);
    }
  });

  it('resolves the YAML anchors and merge keys of realm-file-type/yaml/3', async () => {
    const result = await loadManifests(['realm-file-type/yaml/3_update_realm_anchors.yaml'], {
      cwd: CORPUS,
      env: CORPUS_VARIABLES,
    });
    expect(result.realms[0]!.representation.users?.map((user) => user.attributes)).toEqual([
      { attr1: ['val1'], attr2: ['val2'], attr3: ['val3'] },
      { attr1: ['val1'], attr2: ['val2'], attr3: ['val3'], attr4: ['val4'] },
    ]);
  });

  it('loads realm-substitution/extended with the settings keycloak-config-cli runs it with', async () => {
    const result = await loadManifests(['realm-substitution/extended/0_update_realm.json'], {
      cwd: CORPUS,
      env: { ...CORPUS_VARIABLES, JAVA_HOME: '/opt/java' },
      substitution: { enabled: true, prefix: '$(', suffix: ')', nested: false, undefinedIsError: false },
      // ImportRealmSubstitutionIT sets one by a Spring property and one by a config tree.
      property: (name) =>
        ({
          'kcc.junit.from.spring-boot.property': 'value from property',
          'kcc.junit.from.spring-boot.configtree': 'value from configtree',
        })[name],
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(
        /warning: variable `sys:kcc.junit.missingVariable` is not set; .* kept as written/,
      ),
    ]);
    expect(result.realms[0]!.representation).toMatchObject({
      displayNameHtml: '/opt/java - value from property - value from configtree',
      verifyEmail: true,
      notBefore: 1200,
      browserSecurityHeaders: { xRobotsTag: 'noindex' },
      webAuthnPolicyRpEntityName: '$(sys:kcc.junit.missingVariable)',
    });
  });

  it('substitutes the realm-substitution variables into typed values', async () => {
    const result = await loadManifests(['realm-substitution/custom-pre-suffix/0_create_realm.json'], {
      cwd: CORPUS,
      env: CORPUS_VARIABLES,
    });
    expect(result.realms[0]!.representation).toEqual({
      realm: 'realm-substitution-custom-pre-suffix',
      enabled: true,
      displayName: '<div class="kc-logo-text"><span>Keycloak</span></div>',
      displayNameHtml: '<div class="kc-logo-text"><span>Keycloak - ${role_uma_authorization}</span></div>',
      verifyEmail: true,
      notBefore: 1200,
      browserSecurityHeaders: { xRobotsTag: 'noindex' },
    });
  });
});
