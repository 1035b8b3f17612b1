/** Spring's spellings: names, environment names, `--name=value` arguments, config trees. */
import { describe, expect, it } from 'vitest';
import {
  canonicalName,
  envNamesOf,
  readConfigTrees,
  takeSpringArguments,
} from '../../src/cli/spring-properties.js';
import { writeTree } from '../model/helpers.js';

describe('names', () => {
  it.each([
    ['keycloak.client-id', 'keycloak.clientid', ['KEYCLOAK_CLIENTID', 'KEYCLOAK_CLIENT_ID']],
    ['keycloak.url', 'keycloak.url', ['KEYCLOAK_URL']],
    [
      'import.var-substitution.undefined-is-error',
      'import.varsubstitution.undefinediserror',
      ['IMPORT_VARSUBSTITUTION_UNDEFINEDISERROR', 'IMPORT_VAR_SUBSTITUTION_UNDEFINED_IS_ERROR'],
    ],
  ])('%s', (property, canonical, env) => {
    expect(canonicalName(property)).toBe(canonical);
    expect(envNamesOf(property)).toEqual(env);
  });

  it('treats camelCase and kebab-case arguments alike', () => {
    expect(canonicalName('keycloak.clientId')).toBe(canonicalName('keycloak.client-id'));
  });
});

describe('takeSpringArguments', () => {
  it('takes keycloak-config-cli arguments off the command line and leaves the rest', () => {
    const { rest, properties } = takeSpringArguments([
      'apply',
      '--keycloak.url=https://kc',
      '--auto-approve',
      '--import.files.locations=/config/*',
      '--keycloak.password=a=b',
    ]);
    expect(rest).toEqual(['apply', '--auto-approve']);
    expect(Object.fromEntries(properties)).toEqual({
      'keycloak.url': { written: '--keycloak.url', value: 'https://kc' },
      'import.files.locations': { written: '--import.files.locations', value: '/config/*' },
      'keycloak.password': { written: '--keycloak.password', value: 'a=b' },
    });
  });
});

describe('config trees', () => {
  it('reads one property per file, trailing newline dropped, hidden entries skipped', async () => {
    const root = await writeTree({
      'keycloak.password': 's3cret\n',
      'keycloak/client-secret': 'cs',
      '..data/keycloak.user': 'ignored',
    });
    expect(Object.fromEntries(readConfigTrees(`configtree:${root}/`))).toEqual({
      'keycloak.password': 's3cret',
      'keycloak.clientsecret': 'cs',
    });
  });

  it('fails for a missing tree unless optional, and refuses other locations', () => {
    expect(() => readConfigTrees('configtree:/nonexistent/tree/')).toThrow(/cannot read the config tree/);
    expect(readConfigTrees('optional:configtree:/nonexistent/tree/').size).toBe(0);
    expect(() => readConfigTrees('classpath:application.yaml')).toThrow(/only `configtree:` locations/);
  });
});
