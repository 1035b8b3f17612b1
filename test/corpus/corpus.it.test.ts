/**
 * The shared corpus: realm files from keycloak-config-cli's own test suite (Apache-2.0), applied
 * here in order, one folder per scenario. After each file that should succeed: apply succeeds,
 * the next plan is empty, and nothing in the file was ignored as "not managed". Files meant to
 * fail must fail before anything changes. Cases realmform deliberately does not support are
 * listed with their reason (see UNSUPPORTED); cases that need a server feature or version the
 * server lacks are skipped with the reason (see REQUIREMENTS), never silently.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { KeycloakAdmin } from '../../src/client/index.js';
import { applyRealm } from '../../src/engine/apply-realm.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { formatDiagnostic, hasErrors, loadManifests } from '../../src/model/index.js';
import type { Plan } from '../../src/planner/plan.js';
import { hasChanges, hasErrors as planHasErrors } from '../../src/planner/plan.js';
import { renderPlan } from '../../src/planner/render.js';
import { CORPUS_DIR as CORPUS, CORPUS_MISSING, corpusPresent } from '../support/corpus.js';
import { CORPUS_VARIABLES } from '../support/corpus-variables.js';
import { describeWithKeycloak, masterAdmin } from '../support/keycloak.js';
import { useLdapServer } from '../support/ldap.js';
import {
  CORPUS_FOLDERS,
  EXPECTED_TO_FAIL,
  EXPECTED_TO_SUCCEED,
  expectedFailure,
  LDAP_SERVERS,
  REQUIREMENTS,
  type ServerFacts,
  UNSUPPORTED,
  unmetRequirement,
  unsupportedReason,
} from './corpus-cases.js';

const numeric = new Intl.Collator('en', { numeric: true });

function filesOf(folder: string): string[] {
  const dir = join(CORPUS, folder);
  const walk = (path: string): string[] =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .sort(numeric.compare)
          .flatMap((entry) => walk(join(path, entry)))
      : [path];
  return walk(dir).filter((file) => /\.(json|ya?ml)$/.test(file) || !/\.[a-z]+$/.test(file));
}

/** What the server offers, read once per run (serverinfo is large). */
let serverFacts: Promise<ServerFacts> | undefined;
function readServerFacts(admin: KeycloakAdmin): Promise<ServerFacts> {
  serverFacts ??= admin.getServerInfo().then((info) => ({
    version: info.systemInfo?.version ?? '',
    features: new Set(
      (info.features ?? []).filter((feature) => feature.enabled).map((feature) => feature.name ?? ''),
    ),
  }));
  return serverFacts;
}

/** A plan warning that part of the file was ignored: a pass would then prove nothing. */
function ignoredParts(plan: Plan): string[] {
  return plan.diagnostics
    .filter((d) => d.severity === 'warning' && d.summary.includes('not managed by this realmform version'))
    .map((d) => (d.path ? `${d.summary} (at ${d.path})` : d.summary));
}

/** The realms (but master) that files name; files that do not load name none. */
async function realmsNamedIn(files: string[]): Promise<Set<string>> {
  const realms = new Set<string>();
  for (const file of files) {
    const loaded = await loadManifests([file], { env: { ...process.env, ...CORPUS_VARIABLES } }).catch(
      () => undefined,
    );
    for (const manifest of loaded?.realms ?? []) if (manifest.realm !== 'master') realms.add(manifest.realm);
  }
  return realms;
}

if (!corpusPresent) it.skip(`corpus: skipped, ${CORPUS_MISSING}`, () => {});

it.skipIf(!corpusPresent)('lists only corpus files and folders that exist', () => {
  const listed = [
    ...Object.keys(UNSUPPORTED),
    ...Object.keys(EXPECTED_TO_FAIL),
    ...Object.keys(EXPECTED_TO_SUCCEED),
    ...Object.keys(REQUIREMENTS),
  ];
  expect(listed.filter((entry) => !existsSync(join(CORPUS, entry)))).toEqual([]);
});

describeWithKeycloak.each(corpusPresent ? CORPUS_FOLDERS : [])('corpus %s', (folder) => {
  const admin = masterAdmin();
  const realmsTouched = new Set<string>();
  let server: ServerFacts = { version: '', features: new Set() };
  beforeAll(async () => {
    server = await readServerFacts(admin);
    // A folder starts without its realms, whatever an earlier folder (clients/ and simple-realm/
    // both name "simple") or an aborted run against the same server left behind.
    for (const realm of await realmsNamedIn(filesOf(folder)))
      await admin.deleteRealm(realm).catch(() => undefined);
  });

  // Only folders that need one start an LDAP server, for that folder alone.
  const ldapOptions = LDAP_SERVERS[folder];
  const ldap = ldapOptions ? useLdapServer(ldapOptions) : undefined;
  const env = (): Record<string, string | undefined> => {
    if (!ldap) return { ...process.env, ...CORPUS_VARIABLES };
    const { hostname, port } = new URL(ldap.server.url);
    return { ...process.env, ...CORPUS_VARIABLES, JUNIT_LDAP_HOST: hostname, JUNIT_LDAP_PORT: port };
  };

  for (const file of corpusPresent ? filesOf(folder) : []) {
    const name = relative(join(CORPUS, folder), file);
    const reason = unsupportedReason(folder, name);
    if (reason) {
      it.skip(`${name} — not supported: ${reason}`, () => {});
      continue;
    }
    it(name, async (ctx) => {
      const unmet = unmetRequirement(folder, name, server);
      if (unmet) ctx.skip(unmet);
      const loaded = await loadManifests([file], { env: env() });
      const failing = expectedFailure(folder, name);
      if (hasErrors(loaded.diagnostics)) {
        expect(failing, loaded.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
        return;
      }
      for (const manifest of loaded.realms) {
        realmsTouched.add(manifest.realm);
        const planning = await planRealm(admin, manifest, ALL_KINDS, { sources: manifest.sources });
        const { work } = planning;
        if (planHasErrors(work.plan)) {
          expect(failing, renderPlan(work.plan)).toBe(true);
          continue;
        }
        if (!failing) expect(ignoredParts(work.plan), 'parts of the file were ignored').toEqual([]);
        const report = await applyRealm(admin, manifest, planning, ALL_KINDS);
        if (failing) {
          expect(report.ok, `${name} should have failed before changing anything`).toBe(false);
          expect(report.applied, 'an expected failure must not change anything').toEqual([]);
          continue;
        }
        expect(report.failed, JSON.stringify(report.failed, null, 2)).toEqual([]);
        const again = await planRealm(admin, manifest, ALL_KINDS, { sources: manifest.sources });
        expect(hasChanges(again.work.plan), renderPlan(again.work.plan)).toBe(false);
      }
    });
  }

  it.sequential('cleans up', async () => {
    for (const realm of realmsTouched)
      if (realm !== 'master') await admin.deleteRealm(realm).catch(() => undefined);
    await admin.close();
  });
});
