/**
 * The realm's event settings (one object, key [realm]): eventsEnabled, eventsExpiration,
 * eventsListeners, enabledEventTypes, adminEventsEnabled, adminEventsDetailsEnabled, written
 * through `PUT /events/config` rather than the realm PUT, because:
 * - that endpoint checks the listeners (400 "Unknown event listener"); the realm PUT stores any
 *   name, and an unknown listener then breaks nothing visibly until events are lost;
 * - it needs only manage-events, not manage-realm.
 * Its own quirk: `eventsEnabled` and `eventsExpiration` left out are reset (false, none), the
 * other fields are kept; `enabledEventTypes: []` means every type. So the PUT always carries the
 * first two and sends the others only when declared (sending the listed "all types" back would
 * pin today's list and miss types a later Keycloak adds).
 *
 * A manifest declares this kind by writing any of the six fields (they sit at the top level of
 * the realm, as in an export). read(): the partial export (shared), where "every type" is `[]`
 * (`GET /events/config` lists every type instead) and an expiration of 0 is left out.
 * readFacts(): the server info (shared, one request) when listeners or types are declared: an
 * unknown listener or event type is a plan error (Keycloak stores an unknown type silently).
 */
import type { RealmEventsConfigRepresentation } from '../client/types/index.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { EVENTS_CONFIG_FIELDS } from '../model/realm-fields.js';
import { address, type DesiredObject, defineKind, type KindContext } from './kind.js';
import { definedFields, readPartialExport } from './shared/server/reads.js';
import { providerIds, readServerInfo } from './shared/server/server-info.js';

export { EVENTS_CONFIG_FIELDS } from '../model/realm-fields.js';

/** The realm's events settings, as the events config endpoint has them. */
type EventsValue = Partial<Pick<RealmEventsConfigRepresentation, (typeof EVENTS_CONFIG_FIELDS)[number]>>;
type RealmKey = readonly [realm: string];

export const eventsConfigKind = defineKind<EventsValue, RealmKey, unknown, Facts | undefined>({
  kind: 'events-config',
  dependsOn: ['realm'],
  exclusive: 'realm-representation',
  describe: 'realm',
  sets: ['eventsListeners', 'enabledEventTypes'],
  desired(manifest) {
    const value = pick(manifest.representation);
    const first = Object.keys(value)[0];
    if (first === undefined) return undefined;
    // The fields sit at the top level of the realm document: point at the first one.
    return [{ key: [manifest.realm], value, origin: { path: '', ...manifest.locate([first]) } }];
  },
  authoritative: () => false,
  async read(ctx) {
    const value = pick(await readPartialExport(ctx));
    // Keycloak leaves a zero expiration (never expire) out.
    value.eventsExpiration ??= 0;
    return [{ key: [ctx.realm], value }];
  },
  async readFacts(ctx): Promise<Facts | undefined> {
    const { eventsListeners, enabledEventTypes } = ctx.manifest.representation;
    if (!eventsListeners?.length && !enabledEventTypes?.length) return undefined;
    const info = await readServerInfo(ctx);
    return {
      eventsListeners: providerIds(info, 'eventsListener'),
      enabledEventTypes: info.enums?.eventType ?? [],
    };
  },
  diagnose(desired, _live, facts) {
    return facts ? desired.flatMap((object) => unknownNames(object, facts)) : [];
  },
  // The realm exists (the realm kind runs first): "create" is the first write of a new realm.
  async create(ctx, desired) {
    await write(ctx, desired.value);
  },
  async update(ctx, desired) {
    await write(ctx, desired.value);
  },
});

/** What the server provides, by the field that names it. */
type Facts = Record<'eventsListeners' | 'enabledEventTypes', string[]>;

function unknownNames(object: DesiredObject<EventsValue, RealmKey>, known: Facts): PlanDiagnostic[] {
  return (['eventsListeners', 'enabledEventTypes'] as const).flatMap((field) => {
    const names = object.value[field] ?? [];
    return names.flatMap((name, index) => {
      if (known[field].includes(name)) return [];
      const detail =
        field === 'eventsListeners'
          ? `event listener "${name}" (this server has: ${known[field].join(', ')})`
          : `event type "${name}" (not one of this server's ${known[field].length} event types)`;
      return [
        {
          severity: 'error' as const,
          summary: `${address('events-config', object.key)}: unknown ${detail}`,
          address: address('events-config', object.key),
          ...(object.origin.file ? { file: object.origin.file } : {}),
          ...(object.origin.line ? { line: object.origin.line } : {}),
          path: `${field}[${index}]`,
        },
      ];
    });
  });
}

function pick(source: RealmEventsConfigRepresentation): EventsValue {
  return definedFields(source, EVENTS_CONFIG_FIELDS);
}

async function write(ctx: KindContext, wanted: EventsValue): Promise<void> {
  const current = await ctx.admin.getEventsConfig();
  await ctx.admin.setEvents({
    ...wanted,
    eventsEnabled: wanted.eventsEnabled ?? current.eventsEnabled ?? false,
    eventsExpiration: wanted.eventsExpiration ?? current.eventsExpiration ?? 0,
  });
}
