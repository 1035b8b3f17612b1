/**
 * Organizations (Keycloak 26+). Every endpoint answers 404 "Organizations not enabled for this
 * realm." unless the realm's `organizationsEnabled` is on. A PUT replaces the organization:
 * `description`, `redirectUrl` and `domains` left out are removed, `enabled` left out becomes
 * true; the alias cannot change (400). The list is brief (no attributes) unless asked otherwise.
 */

import { type HttpResponse, makeResponse } from '../http-response.js';
import type {
  IdentityProviderRepresentation,
  OrganizationRepresentation,
  UserRepresentation,
} from '../types/representations.js';
import { AdminBase, type PageOptions } from './admin-base.js';

const ORGANIZATIONS = '/admin/realms/{realm}/organizations';
const ORGANIZATION = `${ORGANIZATIONS}/{id}`;
const MEMBERS = `${ORGANIZATION}/members`;
const MEMBER = `${MEMBERS}/{userId}`;
const IDPS = `${ORGANIZATION}/identity-providers`;
const IDP = `${IDPS}/{alias}`;

/** Query of `GET /organizations`. */
export interface OrganizationsQuery {
  /** Name or domain containing this text; with `exact`, the exact name. */
  search?: string;
  /** Attribute search, `key:value key2:value2`. */
  q?: string;
  exact?: boolean;
  /** Default true: no attributes. */
  briefRepresentation?: boolean;
  first?: number;
  max?: number;
}

/** A member: the user plus how it joined (`MANAGED` ones came through a linked identity provider). */
export interface OrganizationMemberRepresentation extends UserRepresentation {
  membershipType?: 'MANAGED' | 'UNMANAGED';
}

export interface OrganizationMembersQuery {
  search?: string;
  exact?: boolean;
  membershipType?: 'MANAGED' | 'UNMANAGED';
  first?: number;
  max?: number;
}

export class OrganizationsApi extends AdminBase {
  /** Organizations of the realm (every page unless `first`/`max` is given). */
  getOrganizations(options: OrganizationsQuery & PageOptions = {}): Promise<OrganizationRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<OrganizationRepresentation>(ORGANIZATIONS, { query: { ...query }, pageSize });
  }

  iterOrganizations(
    options: OrganizationsQuery & PageOptions = {},
  ): AsyncGenerator<OrganizationRepresentation, void, undefined> {
    const { pageSize, ...query } = options;
    return this.paginate<OrganizationRepresentation>(ORGANIZATIONS, { query: { ...query }, pageSize });
  }

  /** How many organizations the realm has. */
  getOrganizationsCount(): Promise<number> {
    return this.get<number>(`${ORGANIZATIONS}/count`);
  }

  /**
   * Creates an organization and returns its id. `name` is required; the alias defaults to the
   * name. A name already taken → 409; a domain linked to another organization → 400.
   */
  createOrganization(payload: OrganizationRepresentation): Promise<string> {
    return this.create(ORGANIZATIONS, payload, async () => {
      // An exact search matches the name (not the alias); names are unique.
      const name = payload.name;
      if (!name) return undefined;
      const found = await this.getOrganizations({ search: name, exact: true });
      return found.find((org) => org.name === name)?.id;
    });
  }

  /** One organization, with attributes and domains. */
  getOrganization(organizationId: string): Promise<OrganizationRepresentation> {
    return this.get<OrganizationRepresentation>(ORGANIZATION, { params: { id: organizationId } });
  }

  /** Replaces an organization (read, overlay, write back: see the module comment). */
  async updateOrganization(organizationId: string, payload: OrganizationRepresentation): Promise<void> {
    await this.put(ORGANIZATION, payload, { params: { id: organizationId } });
  }

  /** Deletes an organization; its unmanaged members stay users of the realm. */
  async deleteOrganization(organizationId: string): Promise<void> {
    await this.delete(ORGANIZATION, { params: { id: organizationId } });
  }

  /** Members of an organization (every page unless `first`/`max` is given). */
  getOrganizationMembers(
    organizationId: string,
    options: OrganizationMembersQuery & PageOptions = {},
  ): Promise<OrganizationMemberRepresentation[]> {
    const { pageSize, ...query } = options;
    return this.list<OrganizationMemberRepresentation>(MEMBERS, {
      params: { id: organizationId },
      query: { ...query },
      pageSize,
    });
  }

  /** Makes an existing user a member (409 when it already is). */
  async addOrganizationMember(organizationId: string, userId: string): Promise<void> {
    // The body is the user id as a JSON string. After a lost answer, the member list says
    // whether the first attempt landed (sending it again would answer 409).
    await this.post(MEMBERS, userId, {
      params: { id: organizationId },
      recover: () =>
        this.isRecorded(
          this.getUserOrganizations(userId),
          (organization) => organization.id === organizationId,
        ),
    });
  }

  /** Removes a member from the organization. */
  async removeOrganizationMember(organizationId: string, userId: string): Promise<void> {
    await this.delete(MEMBER, { params: { id: organizationId, userId } });
  }

  /** How many members the organization has. */
  getOrganizationMembersCount(organizationId: string): Promise<number> {
    return this.get<number>(`${MEMBERS}/count`, { params: { id: organizationId } });
  }

  /**
   * Makes an existing user a member (python's argument order: user first).
   * @alias addOrganizationMember
   */
  organizationUserAdd(userId: string, organizationId: string): Promise<void> {
    return this.addOrganizationMember(organizationId, userId);
  }

  /**
   * Removes a member (python's argument order: user first).
   * @alias removeOrganizationMember
   */
  organizationUserRemove(userId: string, organizationId: string): Promise<void> {
    return this.removeOrganizationMember(organizationId, userId);
  }

  /** The organizations a user is a member of. */
  getUserOrganizations(userId: string): Promise<OrganizationRepresentation[]> {
    return this.get<OrganizationRepresentation[]>(
      '/admin/realms/{realm}/organizations/members/{userId}/organizations',
      {
        params: { userId },
      },
    );
  }

  /** Identity providers linked to the organization. */
  getOrganizationIdps(organizationId: string): Promise<IdentityProviderRepresentation[]> {
    return this.get<IdentityProviderRepresentation[]>(IDPS, { params: { id: organizationId } });
  }

  /**
   * Links an existing identity provider (by alias) to the organization. A provider can belong to
   * one organization only (409 otherwise); Keycloak 26.0–26.2 also want a domain on the organization.
   */
  async organizationIdpAdd(organizationId: string, idpAlias: string): Promise<void> {
    await this.post(IDPS, idpAlias, {
      params: { id: organizationId },
      recover: () =>
        this.isRecorded(this.getOrganizationIdps(organizationId), (provider) => provider.alias === idpAlias),
    });
  }

  /** A link's recovery: a synthetic success when the lost attempt's link is there, else send again. */
  private async isRecorded<T>(
    read: Promise<readonly T[]>,
    matches: (item: T) => boolean,
  ): Promise<HttpResponse | undefined> {
    const items = await read.catch(() => []);
    return items.some(matches) ? makeResponse(204, {}, '') : undefined;
  }

  /** Unlinks an identity provider from the organization (the provider itself stays). */
  async organizationIdpRemove(organizationId: string, idpAlias: string): Promise<void> {
    await this.delete(IDP, { params: { id: organizationId, alias: idpAlias } });
  }
}
