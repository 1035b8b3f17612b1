import type { ProtocolMapperRepresentation } from '../types/representations.js';

/**
 * The id of the mapper named like `payload` (a protocol mapper's name is unique within its client
 * or client scope, per protocol): how a create whose answer was lost finds what it made.
 */
export function mapperIdByName(
  mappers: readonly ProtocolMapperRepresentation[],
  payload: ProtocolMapperRepresentation,
): string | undefined {
  return mappers.find(
    (mapper) =>
      mapper.name === payload.name &&
      (payload.protocol === undefined || mapper.protocol === payload.protocol),
  )?.id;
}
