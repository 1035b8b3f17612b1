/**
 * Realm settings: every scalar field of the realm representation plus attributes, SMTP and the
 * other settings maps. Collections (clients, roles, users …) belong to their own kinds.
 * The realm itself is created here (first in every plan) and never deleted by realmform.
 */
import { NOT_REALM_SETTINGS } from '../model/realm-fields.js';
import type { RealmRepresentation } from '../representations/index.js';
import { defineKind, type ManifestView } from './kind.js';
import { readLiveRealm, withoutKeys } from './shared/server/reads.js';

/** Fields owned by other kinds or by the server (src/model/realm-fields.ts). */
export const REALM_COLLECTION_FIELDS = NOT_REALM_SETTINGS;

/**
 * The realm's settings: its representation without the fields above. Which fields those are is
 * data (src/model/realm-fields.ts), so the type keeps every field, all optional.
 */
type RealmSettings = Partial<RealmRepresentation>;

/**
 * The body of the realm's create (also the base of the one-request bulk create, which passes
 * the settings as a plan step holds them).
 */
export function realmCreateBody(manifest: ManifestView, value: object): RealmRepresentation {
  // The exporting version, as Keycloak's own import gets it: it migrates an old representation
  // (e.g. a realm from before 24 keeps unmanaged user attributes, see exportedBefore24).
  const { keycloakVersion } = manifest.representation;
  return {
    ...value,
    realm: manifest.realm,
    ...(keycloakVersion ? { keycloakVersion } : {}),
  };
}

/**
 * Realm keys as old realm files carry them. Keycloak uses them only when it creates the realm
 * (it makes its `rsa` and `rsa-enc` key providers of them; a realm PUT ignores them, and no read
 * returns them): sent on create, never compared.
 */
const REALM_KEYS = ['privateKey', 'publicKey', 'certificate'] as const;

export const realmKind = defineKind<RealmSettings, readonly [realm: string]>({
  kind: 'realm',
  dependsOn: [],
  // Writes the realm representation (read-modify-write): never at the same time as its other writers.
  exclusive: 'realm-representation',
  writeOnly: ['smtpServer.password', ...REALM_KEYS],
  sensitive: ['privateKey'],
  computed: ['adminPermissionsClient'],
  ignored: {
    // Old exports list display names ("FreeOTP"), newer ones message keys ("totpAppFreeOTPName").
    otpSupportedApplications: 'Keycloak computes it from the OTP policy and ignores a written value',
    // Keycloak 25 kept the setting as a realm attribute; 26 has the field `organizationsEnabled`.
    'attributes.organizationsEnabled':
      'Keycloak 26 drops this realm attribute of version 25 (the setting is `organizationsEnabled`)',
  },
  sets: [
    'supportedLocales',
    'eventsListeners',
    'enabledEventTypes',
    'otpSupportedApplications',
    'requiredCredentials',
  ],
  desired(manifest) {
    const settings: RealmSettings = withoutKeys(manifest.representation, REALM_COLLECTION_FIELDS);
    return [{ key: [manifest.realm], value: settings, origin: { path: '', ...manifest.locate([]) } }];
  },
  authoritative: () => false,
  needs(desired) {
    // Declared at all: the field itself is unknown where the feature is missing (24: 400).
    return [
      ...(desired.value.organizationsEnabled !== undefined
        ? [{ feature: 'organizations' as const, path: 'organizationsEnabled' }]
        : []),
      ...(desired.value.adminPermissionsEnabled === true
        ? [{ feature: 'adminPermissionsV2' as const, path: 'adminPermissionsEnabled' }]
        : []),
    ];
  },
  diagnose(desired, live) {
    const declared = desired[0];
    if (!declared || live.length === 0) return [];
    const keys = REALM_KEYS.filter((key) => declared.value[key] !== undefined);
    const [first] = keys;
    if (first === undefined) return [];
    return [
      {
        severity: 'warning',
        summary: `realm ${JSON.stringify(declared.key[0])}: ${keys.join(', ')} ${keys.length > 1 ? 'are' : 'is'} used only when the realm is created (Keycloak makes its rsa and rsa-enc key providers of them); the realm exists, so they are not applied: manage its keys as key providers under \`components\``,
        path: first,
      },
    ];
  },
  async read(ctx) {
    const realm = await readLiveRealm(ctx);
    if (!realm) return [];
    return [{ key: [ctx.realm], value: withoutKeys(realm, REALM_COLLECTION_FIELDS), id: realm.id }];
  },
  async create(ctx, desired) {
    await ctx.admin.createRealm(realmCreateBody(ctx.manifest, desired.value));
  },
  async update(ctx, desired) {
    // Read-modify-write: a realm PUT resets fields it leaves out.
    const current = await ctx.admin.getRealm(ctx.realm);
    const next = { ...current, ...desired.value, realm: ctx.realm };
    for (const mapField of ['attributes', 'smtpServer', 'browserSecurityHeaders'] as const) {
      const wanted = desired.value[mapField];
      if (wanted) next[mapField] = { ...current[mapField], ...wanted };
    }
    await ctx.admin.updateRealm(ctx.realm, next);
  },
});
