/**
 * Identity providers and their mappers. Since Keycloak 26.0 the realm representation no longer
 * carries identity providers: they are read and written only through
 * `/identity-provider/instances`. Secrets (`clientSecret`) come back masked as `**********`.
 */
import type {
  IdentityProviderInstanceRepresentation,
  IdentityProviderMapperTypeRepresentation,
  IdentityProviderQuery,
} from '../types/identity-providers.js';
import type {
  IdentityProviderMapperRepresentation,
  IdentityProviderRepresentation,
} from '../types/representations.js';
import { AdminBase, type PageOptions } from './admin-base.js';

const INSTANCES = '/admin/realms/{realm}/identity-provider/instances';
const INSTANCE = `${INSTANCES}/{alias}`;
const MAPPERS = `${INSTANCE}/mappers`;
const MAPPER = `${INSTANCE}/mappers/{mapperId}`;
const MAPPER_TYPES = `${INSTANCE}/mapper-types`;

export class IdentityProvidersApi extends AdminBase {
  /** Creates an identity provider and returns its alias (the last segment of `Location`). */
  createIdp(payload: IdentityProviderRepresentation): Promise<string> {
    const alias = payload.alias;
    return this.create(INSTANCES, payload, async () => {
      if (!alias) return undefined;
      const found = await this.getIdp(alias).catch(() => undefined);
      return found?.alias;
    });
  }

  /**
   * Replaces an identity provider (read, overlay, write back: config keys left out are
   * removed; sending back the mask `**********` is accepted and, per Keycloak's code, keeps the stored
   * secret, which the API never shows). `providerId` is required.
   * The alias cannot be changed (400). Keycloak 26 accepts a body without `alias` and then
   * stores the provider with no alias at all, unreachable afterwards; so a missing `alias` is
   * filled with `idpAlias` here.
   */
  async updateIdp(idpAlias: string, payload: IdentityProviderRepresentation): Promise<void> {
    await this.put(
      INSTANCE,
      { ...payload, alias: payload.alias ?? idpAlias },
      { params: { alias: idpAlias } },
    );
  }

  /** The identity provider with this alias. */
  getIdp(idpAlias: string): Promise<IdentityProviderInstanceRepresentation> {
    return this.get<IdentityProviderInstanceRepresentation>(INSTANCE, { params: { alias: idpAlias } });
  }

  /** All identity providers of the realm (every page unless `first`/`max` is given). */
  getIdps(
    options: IdentityProviderQuery & PageOptions = {},
  ): Promise<IdentityProviderInstanceRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<IdentityProviderInstanceRepresentation>(INSTANCES, { query: { ...query }, pageSize });
  }

  iterIdps(
    options: IdentityProviderQuery & PageOptions = {},
  ): AsyncGenerator<IdentityProviderInstanceRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<IdentityProviderInstanceRepresentation>(INSTANCES, {
      query: { ...query },
      pageSize,
    });
  }

  /** Deletes an identity provider with its mappers and its users' links to it. */
  async deleteIdp(idpAlias: string): Promise<void> {
    await this.delete(INSTANCE, { params: { alias: idpAlias } });
  }

  /**
   * Adds a mapper and returns its id. The mapper is attached to the provider named in the
   * body's `identityProviderAlias`, not to the one in the path, and a body without it fails
   * with a misleading 409 "Duplicate resource error": it is therefore set to `idpAlias` here.
   * Keycloak does not check `identityProviderMapper` against the known mapper types.
   */
  addMapperToIdp(idpAlias: string, payload: IdentityProviderMapperRepresentation): Promise<string> {
    return this.create(
      MAPPERS,
      { ...payload, identityProviderAlias: idpAlias },
      async () => {
        if (!payload.name) return undefined;
        const mappers = await this.getIdpMappers(idpAlias);
        return mappers.find((mapper) => mapper.name === payload.name)?.id;
      },
      { params: { alias: idpAlias } },
    );
  }

  /**
   * Replaces a mapper. Keycloak answers 500 when the body lacks `id` or
   * `identityProviderAlias`, so both are set from the arguments.
   */
  async updateMapperInIdp(
    idpAlias: string,
    mapperId: string,
    payload: IdentityProviderMapperRepresentation,
  ): Promise<void> {
    await this.put(
      MAPPER,
      { ...payload, id: mapperId, identityProviderAlias: idpAlias },
      { params: { alias: idpAlias, mapperId } },
    );
  }

  /** Mappers of an identity provider (the endpoint does not page). */
  getIdpMappers(idpAlias: string): Promise<IdentityProviderMapperRepresentation[]> {
    return this.get<IdentityProviderMapperRepresentation[]>(MAPPERS, { params: { alias: idpAlias } });
  }

  getIdpMapper(idpAlias: string, mapperId: string): Promise<IdentityProviderMapperRepresentation> {
    return this.get<IdentityProviderMapperRepresentation>(MAPPER, { params: { alias: idpAlias, mapperId } });
  }

  async deleteMapperFromIdp(idpAlias: string, mapperId: string): Promise<void> {
    await this.delete(MAPPER, { params: { alias: idpAlias, mapperId } });
  }

  /** Mapper types this provider accepts, keyed by mapper type id. */
  getIdpMapperTypes(idpAlias: string): Promise<Record<string, IdentityProviderMapperTypeRepresentation>> {
    return this.get<Record<string, IdentityProviderMapperTypeRepresentation>>(MAPPER_TYPES, {
      params: { alias: idpAlias },
    });
  }
}
