/**
 * Secrets whose variables are not set: compared as the stored secret, never shown, and needed
 * only by a change that writes them (a warning in a plan, an error in an apply).
 */
import { describe, expect, it } from 'vitest';
import { ROTATE_MARK, type UnsetSecret, unsetSecretPlaceholder } from '../../src/core/unset-secret.js';
import type { ValueObject } from '../../src/kinds/kind.js';
import { computePlan, type PlanInput } from '../../src/planner/planner.js';
import { renderPlan } from '../../src/planner/render.js';
import { renderPlansMarkdown } from '../../src/planner/render-markdown.js';
import { have, state, testKind, want } from './fixtures.js';

const MARKER = '\uE000';

function unset(name: string, path: string, line = 7): string {
  const secret: UnsetSecret = { variables: [`env:${name}`], file: 'realm.yaml', line, path };
  return unsetSecretPlaceholder(secret);
}

const realm = testKind('realm', { writeOnly: ['smtpServer.password'], delete: undefined });
const client = testKind('client', { dependsOn: ['realm'], writeOnly: ['secret'], sensitive: ['secret'] });
// A certificate in an attribute: masked by name nowhere, compared for real.
const saml = testKind('saml-client', { dependsOn: ['realm'] });

// A kind that keeps the declared secret aside (as identity providers and components do) and
// compares the mask; the live side is ROTATE_MARK when the run rotates secrets.
const SECRET = Symbol('secret');
const idp = testKind('identity-provider', { dependsOn: ['realm'], sensitive: ['config.clientSecret'] });
function idpValue(secret: string): ValueObject {
  const value: ValueObject & { [SECRET]?: string } = {
    alias: 'corp',
    config: { clientId: 'x', clientSecret: '**********' },
  };
  value[SECRET] = secret;
  return value;
}

function plan(kinds: PlanInput['kinds'], requireSecrets = false) {
  return computePlan({
    realm: 'shop',
    server: 'http://kc',
    sources: ['realm.yaml'],
    kinds,
    liveFingerprint: 'sha256:l',
    desiredFingerprint: 'sha256:d',
    ...(requireSecrets ? { requireSecrets } : {}),
  });
}

function everything(work: ReturnType<typeof plan>): string {
  return `${JSON.stringify(work.plan)}${renderPlan(work.plan)}${renderPlansMarkdown([work.plan])}`;
}

describe('unset secrets in plans', () => {
  it('plans an existing object without its secret: no change, no diagnostic', () => {
    const work = plan([
      state(
        client,
        [want('api', { clientId: 'api', secret: unset('API_SECRET', 'clients[0].secret') })],
        [have('api', { clientId: 'api' })],
      ),
      state(
        saml,
        [
          want('sp', {
            clientId: 'sp',
            attributes: { 'saml.signing.certificate': unset('SP_CERT', 'clients[1].attributes') },
          }),
        ],
        [have('sp', { clientId: 'sp', attributes: { 'saml.signing.certificate': 'MIIC-live' } })],
      ),
      state(
        idp,
        [want('corp', idpValue(unset('IDP_SECRET', 'identityProviders[0].config.clientSecret')))],
        [have('corp', { alias: 'corp', config: { clientId: 'x', clientSecret: '**********' } })],
      ),
    ]);
    expect(work.plan.changes.map((change) => change.actions[0])).toEqual(['no-op', 'no-op', 'no-op']);
    expect(work.plan.diagnostics).toEqual([]);
  });

  it('shows a new object without a value for the secret, and says apply needs the variable', () => {
    const work = plan([
      state(
        client,
        [want('api', { clientId: 'api', secret: unset('API_SECRET', 'clients[0].secret', 12) })],
        [],
      ),
    ]);
    expect(work.plan.changes[0]).toMatchObject({
      actions: ['create'],
      after: { clientId: 'api', secret: '(sensitive value)' },
    });
    expect(work.plan.diagnostics).toEqual([
      {
        severity: 'warning',
        summary:
          'client["api"] will be created with a secret from variable `env:API_SECRET`, which is not set: apply will need it',
        address: 'client["api"]',
        file: 'realm.yaml',
        line: 12,
        path: 'clients[0].secret',
      },
    ]);
    expect(everything(work)).not.toContain(MARKER);
    expect(renderPlan(work.plan)).toContain(
      'realm.yaml:12: Warning: client["api"] will be created with a secret from variable `env:API_SECRET`, which is not set: apply will need it (at clients[0].secret)',
    );
  });

  it('makes it an error when the plan is for an apply', () => {
    const work = plan(
      [
        state(
          client,
          [want('api', { clientId: 'api', secret: unset('API_SECRET', 'clients[0].secret') })],
          [],
        ),
      ],
      true,
    );
    expect(work.plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        summary:
          'client["api"] will be created with a secret from variable `env:API_SECRET`, which is not set: set it to apply (or give a default with `:-`)',
      }),
    ]);
    expect(work.steps[0]?.unsetSecrets).toEqual([
      { variables: ['env:API_SECRET'], file: 'realm.yaml', line: 7, path: 'clients[0].secret' },
    ]);
  });

  it('updates other fields without sending the placeholder: the stored value is kept', () => {
    const work = plan(
      [
        state(
          realm,
          [
            want('shop', {
              displayName: 'New',
              smtpServer: { host: 'smtp.test', password: unset('SMTP_PASSWORD', 'smtpServer.password') },
            }),
          ],
          [have('shop', { displayName: 'Old', smtpServer: { host: 'smtp.test', password: '**********' } })],
        ),
        state(
          saml,
          [
            want('sp', {
              description: 'new',
              attributes: { 'saml.signing.certificate': unset('SP_CERT', 'clients[1].attributes') },
            }),
          ],
          [have('sp', { description: 'old', attributes: { 'saml.signing.certificate': 'MIIC-live' } })],
        ),
      ],
      true,
    );
    expect(work.plan.diagnostics).toEqual([]);
    const [realmStep, samlStep] = work.steps;
    expect(realmStep?.change.changedPaths).toEqual(['displayName']);
    expect(realmStep?.desired?.value).toEqual({
      displayName: 'New',
      smtpServer: { host: 'smtp.test', password: '**********' },
    });
    expect(samlStep?.desired?.value).toEqual({
      description: 'new',
      attributes: { 'saml.signing.certificate': 'MIIC-live' },
    });
  });

  it('needs the variable when the server has no value to keep', () => {
    const work = plan([
      state(
        saml,
        [
          want('sp', {
            attributes: { 'saml.signing.certificate': unset('SP_CERT', 'clients[1].attributes') },
          }),
        ],
        [have('sp', { attributes: {} })],
      ),
    ]);
    expect(work.plan.changes[0]?.actions).toEqual(['update']);
    expect(work.plan.changes[0]?.diff).toEqual([
      { path: 'attributes["saml.signing.certificate"]', before: undefined, after: '(sensitive value)' },
    ]);
    expect(work.plan.diagnostics.map((d) => d.summary)).toEqual([
      'saml-client["sp"] will be updated and writes its secret from variable `env:SP_CERT`, which is not set: apply will need it',
    ]);
    expect(everything(work)).not.toContain(MARKER);
  });

  it('needs the variable of a secret kept aside when the run rotates it', () => {
    const rotating = [
      state(
        idp,
        [want('corp', idpValue(unset('IDP_SECRET', 'identityProviders[0].config.clientSecret')))],
        [have('corp', { alias: 'corp', config: { clientId: 'x', clientSecret: ROTATE_MARK } })],
      ),
    ];
    const work = plan(rotating, true);
    expect(work.plan.changes[0]?.actions).toEqual(['update']);
    expect(work.plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'identityProviders[0].config.clientSecret',
        summary: expect.stringContaining('variable `env:IDP_SECRET`, which is not set'),
      }),
    ]);
    // Another change to the same provider, without rotation, writes no secret.
    const renamed = plan([
      state(
        idp,
        [want('corp', { ...idpValue(unset('IDP_SECRET', 'x')), displayName: 'Corp' })],
        [
          have('corp', {
            alias: 'corp',
            displayName: 'Old',
            config: { clientId: 'x', clientSecret: '**********' },
          }),
        ],
      ),
    ]);
    expect(renamed.plan.changes[0]?.changedPaths).toEqual(['displayName']);
    expect(renamed.plan.diagnostics).toEqual([]);
  });

  it('names every variable of one value, once', () => {
    const secret: UnsetSecret = {
      variables: ['env:A', 'env:B'],
      file: 'realm.yaml',
      line: 4,
      path: 'clients[0].secret',
    };
    const work = plan([
      state(client, [want('api', { clientId: 'api', secret: unsetSecretPlaceholder(secret) })], []),
    ]);
    expect(work.plan.diagnostics.map((d) => d.summary)).toEqual([
      'client["api"] will be created with a secret from variables `env:A`, `env:B`, which are not set: apply will need it',
    ]);
  });

  it('says "empty" for a variable set to ""', () => {
    const secret: UnsetSecret = { variables: ['env:A'], empty: true, path: 'clients[0].secret' };
    const work = plan([
      state(client, [want('api', { clientId: 'api', secret: unsetSecretPlaceholder(secret) })], []),
    ]);
    expect(work.plan.diagnostics.map((d) => d.summary)).toEqual([
      'client["api"] will be created with a secret from variable `env:A`, which is empty: apply will need it',
    ]);
  });
});
