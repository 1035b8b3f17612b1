/**
 * The shared corpus: realm files from keycloak-config-cli's own test suite (Apache-2.0), applied
 * here in order, one folder per scenario. After each file that should succeed: apply succeeds
 * and the next plan is empty. Files meant to fail must fail before anything changes. Cases
 * realmform deliberately does not support are listed with their reason (see UNSUPPORTED).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { applyRealm } from '../../src/engine/apply-realm.js';
import { planRealm } from '../../src/engine/plan-realm.js';
import { ALL_KINDS } from '../../src/kinds/index.js';
import { formatDiagnostic, hasErrors, loadManifests } from '../../src/model/index.js';
import { hasChanges, hasErrors as planHasErrors } from '../../src/planner/plan.js';
import { renderPlan } from '../../src/planner/render.js';
import { CORPUS_VARIABLES } from '../support/corpus-variables.js';
import { describeWithKeycloak, masterAdmin } from '../support/keycloak.js';
import {
  CORPUS_FOLDERS,
  EXPECTED_TO_FAIL,
  EXPECTED_TO_SUCCEED,
  expectedFailure,
  UNSUPPORTED,
  unsupportedReason,
} from './corpus-cases.js';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/keycloak-config-cli');
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

const corpusPresent = existsSync(CORPUS);
if (!corpusPresent && process.env.CI === 'true') throw new Error(`corpus missing at ${CORPUS}`);

it.skipIf(!corpusPresent)('lists only corpus files and folders that exist', () => {
  const listed = [
    ...Object.keys(UNSUPPORTED),
    ...Object.keys(EXPECTED_TO_FAIL),
    ...Object.keys(EXPECTED_TO_SUCCEED),
  ];
  expect(listed.filter((entry) => !existsSync(join(CORPUS, entry)))).toEqual([]);
});

describeWithKeycloak.each(corpusPresent ? CORPUS_FOLDERS : [])('corpus %s', (folder) => {
  const admin = masterAdmin();
  const realmsTouched = new Set<string>();
  const env = { ...process.env, ...CORPUS_VARIABLES };

  for (const file of corpusPresent ? filesOf(folder) : []) {
    const name = relative(join(CORPUS, folder), file);
    const reason = unsupportedReason(folder, name);
    if (reason) {
      it.skip(`${name} — not supported: ${reason}`, () => {});
      continue;
    }
    it(name, async () => {
      const loaded = await loadManifests([file], { env });
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
        const report = await applyRealm(admin, manifest, planning, ALL_KINDS);
        if (failing) {
          expect(report.ok, `${name} should have failed before changing anything`).toBe(false);
          expect(report.applied, 'an expected failure must not change anything').toEqual([]);
          continue;
        }
        expect(report.failed).toEqual([]);
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
