/**
 * Protocol mappers of clients and client scopes. A declared `protocolMappers` list is
 * authoritative for its owner: mappers are matched by name, missing ones are added, changed ones
 * updated in place (PUT accepts a new mapper type too), undeclared ones removed.
 */

import type { ProtocolMapperRepresentation, StringMap } from '../../../client/types/index.js';
import { compareDeclared } from '../../../core/compare.js';
import type { PlanDiagnostic } from '../../../core/diagnostics.js';
import type { DesiredObject, KindContext } from '../../kind.js';
import { defineRead } from '../../shared-read.js';
import { readServerInfo, serverName } from '../server/server-info.js';

export type Mapper = ProtocolMapperRepresentation;

/**
 * Mapper settings Keycloak drops when they are written (`consentRequired` reads back false,
 * `consentText` not at all; 22.0 to 26.7 alike); exports of old versions carry them. For the
 * owners' `ignored`.
 */
export const IGNORED_MAPPER_FIELDS: Readonly<Record<string, string>> = {
  'protocolMappers[].consentRequired':
    'Keycloak does not store consent settings of protocol mappers (it reads back false)',
  'protocolMappers[].consentText': 'Keycloak does not store consent settings of protocol mappers',
};

/** The comparable shape: mapper ids are server-made (kcc files even carry made-up ones). */
export function mapperValue(mapper: Mapper): Mapper {
  const { id: _id, ...rest } = mapper;
  return rest;
}

/** Keycloak keeps attributes and config as strings; YAML gives booleans and numbers. */
export function stringMap(map: Record<string, unknown> | undefined): StringMap | undefined {
  if (!map) return undefined;
  const out: StringMap = {};
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

/**
 * Ready to POST: a mapper without `protocol` gets its owner's (Keycloak answers a misleading 409
 * "Duplicate resource" without one).
 */
export function mapperPayload(mapper: Mapper, protocol: string): Mapper {
  const payload: Mapper = { ...mapperValue(mapper), protocol: mapper.protocol ?? protocol };
  const config = stringMap(mapper.config);
  if (config) payload.config = config;
  return payload;
}

export interface MapperEndpoints {
  list(): Promise<Mapper[]>;
  add(mapper: Mapper): Promise<unknown>;
  update(id: string, mapper: Mapper): Promise<void>;
  remove(id: string): Promise<void>;
}

export async function syncMappers(
  wanted: readonly Mapper[],
  endpoints: MapperEndpoints,
  protocol: string,
  /** Undeclared mappers to keep (the ones the server added by itself). */
  keep: (mapper: Mapper) => boolean = () => false,
): Promise<void> {
  const current = await endpoints.list();
  const wantedNames = new Set(wanted.map((mapper) => mapper.name));
  // Removals first, so a re-declared mapper never collides with the one it replaces.
  for (const mapper of current) {
    if (!wantedNames.has(mapper.name) && !keep(mapper) && mapper.id) await endpoints.remove(mapper.id);
  }
  const byName = new Map(current.map((mapper) => [mapper.name, mapper]));
  for (const mapper of wanted) {
    const live = byName.get(mapper.name);
    if (!live?.id) {
      await endpoints.add(mapperPayload(mapper, protocol));
      continue;
    }
    if (compareDeclared(mapperValue(mapper), mapperValue(live)).length === 0) continue;
    // Undeclared config keys are "don't care": keep them. The PUT needs the id (500 without).
    const payload = mapperPayload(mapper, live.protocol ?? protocol);
    await endpoints.update(live.id, {
      ...live,
      ...payload,
      id: live.id,
      config: { ...live.config, ...payload.config },
    });
  }
}

/** Mapper type ids by protocol, as this server provides them, and the server's version. */
export interface MapperTypes {
  byProtocol: Record<string, string[]>;
  /** `Keycloak 26.0.8` (errors name it: newer exports use types older servers lack). */
  server: string;
}

/**
 * The server's protocol mapper types (from `GET /admin/serverinfo`, one request shared by the
 * client and client-scope kinds), or undefined when the manifest declares no mapper.
 */
export async function readMapperTypes(
  ctx: KindContext,
  owners: readonly { protocolMappers?: readonly Mapper[] }[] | undefined,
): Promise<MapperTypes | undefined> {
  if (!owners?.some((owner) => (owner.protocolMappers?.length ?? 0) > 0)) return undefined;
  return ctx.read(mapperTypesRead);
}

/**
 * A mapper whose type the server does not provide is refused with a 404 ("ProtocolMapper
 * provider not found") halfway through apply: an error at plan time instead.
 */
export function unknownMapperTypes(
  addr: string,
  object: DesiredObject<{ protocolMappers?: readonly Mapper[] }>,
  ownerProtocol: string,
  types: MapperTypes | undefined,
): PlanDiagnostic[] {
  if (!types) return [];
  const mappers = object.value.protocolMappers ?? [];
  return mappers.flatMap((mapper, index) => {
    const protocol = mapper.protocol ?? ownerProtocol;
    const type = mapper.protocolMapper;
    if (type === undefined || types.byProtocol[protocol]?.includes(type)) return [];
    return [
      {
        severity: 'error' as const,
        summary: `${addr}: protocol mapper "${mapper.name}" has type "${type}", which ${types.server} does not provide for ${protocol} (it would answer 404 "ProtocolMapper provider not found")`,
        address: addr,
        ...(object.origin.file ? { file: object.origin.file } : {}),
        ...(object.origin.line ? { line: object.origin.line } : {}),
        path: `${object.origin.path}.protocolMappers[${index}].protocolMapper`,
      },
    ];
  });
}

const mapperTypesRead = defineRead({
  name: 'protocol mapper types',
  load: async (ctx) => {
    // One server-info read per plan, shared with the other kinds that check against it.
    const info = await readServerInfo(ctx);
    const byProtocol = Object.fromEntries(
      Object.entries(info.protocolMapperTypes ?? {}).map(([protocol, types]) => [
        protocol,
        types.map((type) => String(type.id)),
      ]),
    );
    return { byProtocol, server: serverName(info) };
  },
  staleAfter: [],
});
