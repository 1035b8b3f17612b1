/**
 * Organizations (Keycloak 26+). Every endpoint answers 404 "Organizations not enabled for this
 * realm." unless the realm's `organizationsEnabled` is on. A PUT replaces the organization:
 * `description`, `redirectUrl` and `domains` left out are removed, `enabled` left out becomes
 * true; the alias cannot change (400). The list is brief (no attributes) unless asked otherwise.
 */
import type { OrganizationRepresentation, UserRepresentation } from '../types/representations.js';
import { AdminBase, type PageOptions } from './admin-base.js';

const ORGANIZATIONS = '/admin/realms/{realm}/organizations';
const ORGANIZATION = `${ORGANIZATIONS}/{id}`;
const MEMBERS = `${ORGANIZATION}/members`;
const MEMBER = `${MEMBERS}/{userId}`;

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
    // The body is the user id as a JSON string.
    await this.post(MEMBERS, userId, { params: { id: organizationId } });
  }

  /** Removes a member from the organization. */
  async removeOrganizationMember(organizationId: string, userId: string): Promise<void> {
    await this.delete(MEMBER, { params: { id: organizationId, userId } });
  }
}
