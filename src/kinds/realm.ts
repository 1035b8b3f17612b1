/**
 * Realm settings: every scalar field of the realm representation plus attributes, SMTP and the
 * other settings maps. Collections (clients, roles, users …) belong to their own kinds.
 * The realm itself is created here (first in every plan) and never deleted by realmform.
 */
import type { RealmRepresentation } from '../client/types/index.js';
import { NOT_REALM_SETTINGS } from '../model/realm-fields.js';
import { defineKind, type ValueObject } from './kind.js';
import { readLiveRealm, withoutKeys } from './shared/reads.js';

/** Fields owned by other kinds or by the server (src/model/realm-fields.ts). */
export const REALM_COLLECTION_FIELDS = NOT_REALM_SETTINGS;

export const realmKind = defineKind<ValueObject>({
  kind: 'realm',
  dependsOn: [],
  // Writes the realm representation (read-modify-write): never at the same time as its other writers.
  exclusive: 'realm-representation',
  writeOnly: ['smtpServer.password'],
  sets: [
    'supportedLocales',
    'eventsListeners',
    'enabledEventTypes',
    'otpSupportedApplications',
    'requiredCredentials',
  ],
  desired(manifest) {
    const settings = withoutKeys(manifest.representation, REALM_COLLECTION_FIELDS) as ValueObject;
    return [{ key: [manifest.realm], value: settings, origin: { path: '', ...manifest.locate([]) } }];
  },
  authoritative: () => false,
  async read(ctx) {
    const realm = await readLiveRealm(ctx);
    if (!realm) return [];
    return [
      { key: [ctx.realm], value: withoutKeys(realm, REALM_COLLECTION_FIELDS) as ValueObject, id: realm.id },
    ];
  },
  async create(ctx, desired) {
    await ctx.admin.createRealm({ ...(desired.value as RealmRepresentation), realm: ctx.realm });
  },
  async update(ctx, desired) {
    // Read-modify-write: a realm PUT resets fields it leaves out.
    const current = await ctx.admin.getRealm(ctx.realm);
    const next = { ...current, ...(desired.value as RealmRepresentation), realm: ctx.realm };
    for (const mapField of ['attributes', 'smtpServer', 'browserSecurityHeaders'] as const) {
      const wanted = (desired.value as RealmRepresentation)[mapField];
      if (wanted) next[mapField] = { ...current[mapField], ...wanted };
    }
    await ctx.admin.updateRealm(ctx.realm, next);
  },
});
