/**
 * Reads what a realm manifest needs from the live server and hands it to the pure planner.
 * Only declared kinds, and kinds that declared objects refer to, are read; reads run
 * concurrently and each kind uses list endpoints (see the kinds for the requests they make).
 */
import type { ReadEvent } from '../applier/events.js';
import type { KeycloakAdmin } from '../client/index.js';
import {
  address,
  type DesiredObject,
  type KindContext,
  type KindDefinition,
  type KindOptions,
  type LiveObject,
  type ManifestView,
} from '../kinds/kind.js';
import { readLiveRealm, readRealmExists } from '../kinds/shared/server/reads.js';
import { fetchServerVersion } from '../kinds/shared/server/server-info.js';
import { isRealmLockObject } from '../lock/realm-lock.js';
import { ignoredFieldWarnings, REALM_FIELDS } from '../model/realm-fields.js';
import { declaredFieldModes, kindModes } from '../ownership/modes.js';
import { ownedStateOf } from '../ownership/owned-state.js';
import type { PlanDiagnostic, PlannedWork } from '../planner/plan.js';
import { computePlan, type KindState } from '../planner/planner.js';
import { unknownFieldDiagnostics } from '../server/unknown-fields.js';
import {
  hasFeature,
  type KeycloakVersion,
  missingFeatureMessage,
  supportOf,
  switchedOffMissingFeatures,
} from '../server/versions.js';
import { fingerprint } from './fingerprint.js';
import { createKindContext } from './kind-context.js';

export interface RealmPlanning {
  work: PlannedWork;
  ctx: KindContext;
}

export interface PlanRealmOptions {
  sources: readonly string[];
  /** Run options (rotate secrets, allow federation deletes) the kinds see in their context. */
  kindOptions?: KindOptions;
  diagnostics?: readonly PlanDiagnostic[];
  /** `-target` addresses: a partial plan of these and what they need. */
  targets?: readonly string[];
  /** Progress of the reads (per kind, then done). */
  onEvent?: (event: ReadEvent) => void;
  /** An apply: a change that writes a secret whose variable is not set is a plan error. */
  requireSecrets?: boolean;
}

export async function planRealm(
  admin: KeycloakAdmin,
  declared: ManifestView,
  kinds: readonly KindDefinition[],
  options: PlanRealmOptions,
): Promise<RealmPlanning> {
  // First, before any realm read: a server outside the supported range is refused here.
  const version = await fetchServerVersion(admin);
  const manifest = asTheServerNeedsIt(declared, version);
  const ctx = createKindContext(admin, manifest, options.kindOptions);
  const desired = new Map(kinds.map((kind) => [kind.kind, kind.desired(manifest)]));
  const wanted = new Set<string>();
  for (const kind of kinds) {
    const objects = desired.get(kind.kind);
    if (objects === undefined) continue;
    wanted.add(kind.kind);
    for (const object of objects)
      for (const reference of kind.references?.(object) ?? []) wanted.add(reference.kind);
  }
  const emit = options.onEvent ?? (() => {});
  const started = performance.now();
  emit({ type: 'read-start', realm: manifest.realm });
  const realmExists = await readRealmExists(ctx);
  const overrides = options.kindOptions?.ownership ?? {};
  const modes = kindModes(manifest.ownership ?? {}, overrides);
  const owned =
    realmExists && [...modes.values()].includes('owned-only')
      ? ownedStateOf(await readLiveRealm(ctx))
      : new Map();
  const live = new Map<string, LiveObject[] | undefined>();
  const facts = new Map<string, unknown>();
  await Promise.all(
    kinds.map(async (kind) => {
      if (!wanted.has(kind.kind)) return;
      // A realm that does not exist yet has no objects; only the realm kind itself can read.
      const readable = realmExists || kind.kind === 'realm';
      const [objects, known] = await Promise.all([
        readable ? kind.read(ctx) : [],
        kind.readFacts?.(ctx, { realmExists }),
      ]);
      // The apply lock (a role of the broker client, see realm-lock.ts) is never planned or
      // fingerprinted: a plan made while a run holds it must not differ from one made without.
      live.set(
        kind.kind,
        objects.filter((object) => !isRealmLockObject(kind.kind, object.key)),
      );
      if (known !== undefined) facts.set(kind.kind, known);
      emit({ type: 'read-kind', realm: manifest.realm, kind: kind.kind, objects: objects.length });
    }),
  );
  emit({
    type: 'read-done',
    realm: manifest.realm,
    objects: [...live.values()].reduce((sum, objects) => sum + (objects?.length ?? 0), 0),
    durationMs: Math.round(performance.now() - started),
  });
  const versionDiagnostics = featureDiagnostics(kinds, desired, live, version);
  const flagged = new Set(versionDiagnostics.map((diagnostic) => diagnostic.path));
  const fieldDiagnostics = unknownFieldDiagnostics({
    representation: manifest.representation,
    version,
    fields: fieldsSentToKeycloak(manifest.representation, kinds),
    locate: (path) => manifest.locate(path),
  }).filter((diagnostic) => !flagged.has(diagnostic.path));
  const states: KindState[] = kinds.map((kind) => ({
    definition: kind,
    desired: desired.get(kind.kind),
    live: live.get(kind.kind),
    authoritative: kind.authoritative?.(manifest) ?? true,
    facts: facts.get(kind.kind),
    mode: modes.get(kind.kind) ?? 'authoritative',
    owned: owned.get(kind.kind) ?? new Set<string>(),
  }));
  // Facts are live state too: a saved plan is stale when they change.
  const factObjects = [...facts].map(([kind, value]): [string, LiveObject[]] => [
    `${kind}:facts`,
    [{ key: [], value: { facts: value } }],
  ]);
  const work = computePlan({
    realm: manifest.realm,
    server: admin.serverUrl,
    sources: options.sources,
    kinds: states,
    liveFingerprint: fingerprint([...live, ...factObjects]),
    desiredFingerprint: fingerprint(desired),
    ownership: declaredFieldModes(manifest.representation, manifest.ownership ?? {}, overrides),
    ...(options.targets?.length ? { targets: options.targets } : {}),
    ...(options.requireSecrets ? { requireSecrets: true } : {}),
    diagnostics: [
      ...(options.diagnostics ?? []),
      ...versionDiagnostics,
      ...fieldDiagnostics,
      ...untestedVersionWarning(version),
      ...ignoredFieldWarnings(manifest.representation as Record<string, unknown>).map((summary) => ({
        severity: 'warning' as const,
        summary,
      })),
    ],
  });
  return { work, ctx };
}

/**
 * The manifest without the realm switches (`organizationsEnabled: false` …) that turn off a
 * feature the server lacks: they ask for nothing, so the plan is the one without them.
 */
function asTheServerNeedsIt(manifest: ManifestView, version: KeycloakVersion): ManifestView {
  const left = switchedOffMissingFeatures(version, manifest.representation);
  if (left.length === 0) return manifest;
  return {
    ...manifest,
    representation: Object.fromEntries(
      Object.entries(manifest.representation).filter(([field]) => !left.includes(field)),
    ),
  };
}

/** One error per declared object and feature this server lacks. */
function featureDiagnostics(
  kinds: readonly KindDefinition[],
  desired: ReadonlyMap<string, readonly DesiredObject[] | undefined>,
  live: ReadonlyMap<string, readonly LiveObject[] | undefined>,
  version: KeycloakVersion,
): PlanDiagnostic[] {
  const diagnostics: PlanDiagnostic[] = [];
  for (const kind of kinds) {
    if (!kind.needs) continue;
    const current = new Map(
      (live.get(kind.kind) ?? []).map((object) => [JSON.stringify(object.key), object]),
    );
    for (const object of desired.get(kind.kind) ?? []) {
      for (const use of kind.needs(object, current.get(JSON.stringify(object.key)))) {
        if (hasFeature(version, use.feature)) continue;
        const path = [object.origin.path, use.path].filter(Boolean).join('.');
        diagnostics.push({
          severity: 'error',
          summary: `${address(kind.kind, object.key)}: ${missingFeatureMessage(version, use.feature)}`,
          address: address(kind.kind, object.key),
          ...(object.origin.file ? { file: object.origin.file } : {}),
          ...(object.origin.line ? { line: object.origin.line } : {}),
          path,
        });
      }
    }
  }
  return diagnostics;
}

/**
 * Top-level fields whose contents reach Keycloak, each with the paths (under one entry) its kinds
 * never send: realm settings, and the collections kinds write, minus what they compute or ignore.
 * Fields Keycloak fills in, ignored fields and realmform's own settings are never sent.
 */
function fieldsSentToKeycloak(
  representation: object,
  kinds: readonly KindDefinition[],
): Map<string, readonly string[]> {
  const fields = new Map<string, readonly string[]>();
  for (const field of Object.keys(representation)) {
    const owner = REALM_FIELDS[field]?.owner;
    if (!owner) fields.set(field, []);
    else if ('kinds' in owner)
      fields.set(
        field,
        kinds
          .filter((kind) => owner.kinds.includes(kind.kind))
          .flatMap((kind) => [...(kind.computed ?? []), ...Object.keys(kind.ignored ?? {})]),
      );
  }
  return fields;
}

function untestedVersionWarning(version: KeycloakVersion): PlanDiagnostic[] {
  const verdict = supportOf(version.text);
  return verdict.supported && verdict.untested ? [{ severity: 'warning', summary: verdict.untested }] : [];
}
