/**
 * Client policies and client profiles: two realm-level documents, each read and replaced whole
 * (`PUT` sends the complete list; what it leaves out is removed). Keycloak's global profiles and
 * policies are built into the server: listed only on request, never part of a PUT.
 *
 * Keycloak checks a policies PUT against the profiles that exist (400 "Policy X contains invalid
 * profile Y"), but not a profiles PUT against the policies: removing a profile still named by a
 * policy succeeds, and every later policies PUT that keeps that policy is rejected.
 */
import type { ClientPoliciesRepresentation, ClientProfilesRepresentation } from '../types/representations.js';
import { AdminBase } from './admin-base.js';

const POLICIES = '/admin/realms/{realm}/client-policies/policies';
const PROFILES = '/admin/realms/{realm}/client-policies/profiles';

export class ClientPoliciesApi extends AdminBase {
  /** The realm's client policies; with `includeGlobalPolicies` also the server's (`globalPolicies`). */
  getClientPolicies(
    options: { includeGlobalPolicies?: boolean } = {},
  ): Promise<ClientPoliciesRepresentation> {
    return this.get<ClientPoliciesRepresentation>(POLICIES, {
      query: { 'include-global-policies': options.includeGlobalPolicies ?? false },
    });
  }

  /** Replaces the realm's client policies with `payload.policies` (global policies are not sent). */
  async updateClientPolicies(payload: ClientPoliciesRepresentation): Promise<void> {
    await this.put(POLICIES, { policies: payload.policies ?? [] });
  }

  /** The realm's client profiles; with `includeGlobalProfiles` also the built-in ones (`globalProfiles`). */
  getClientProfiles(
    options: { includeGlobalProfiles?: boolean } = {},
  ): Promise<ClientProfilesRepresentation> {
    return this.get<ClientProfilesRepresentation>(PROFILES, {
      query: { 'include-global-profiles': options.includeGlobalProfiles ?? false },
    });
  }

  /** Replaces the realm's client profiles with `payload.profiles` (a global profile's name → 400). */
  async updateClientProfiles(payload: ClientProfilesRepresentation): Promise<void> {
    await this.put(PROFILES, { profiles: payload.profiles ?? [] });
  }
}
