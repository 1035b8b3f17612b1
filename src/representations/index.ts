/**
 * Keycloak's JSON representations, as the 26.x admin API sends and accepts them. Every field
 * is optional because Keycloak accepts partial objects and omits unset fields on the way out.
 * Source: Keycloak's own representation classes (generated.ts, `npm run generate:representations`);
 * what is defined here refines them where the admin API accepts more than the class says.
 */

import type * as Generated from './generated.js';

export type Attributes = Record<string, string[]>;
export type StringMap = Record<string, string>;

export type RealmRepresentation = Generated.RealmRepresentation;

export type RolesRepresentation = Generated.RolesRepresentation;

export type ScopeMappingRepresentation = Generated.ScopeMappingRepresentation;

export type CredentialRepresentation = Generated.CredentialRepresentation;

export type FederatedIdentityRepresentation = Generated.FederatedIdentityRepresentation;

export type UserConsentRepresentation = Generated.UserConsentRepresentation;

export type UserRepresentation = Generated.UserRepresentation;

export interface UserProfileMetadata extends Generated.UserProfileMetadata {
  attributes?: {
    name?: string;
    displayName?: string;
    required?: boolean;
    readOnly?: boolean;
    annotations?: Record<string, unknown>;
    validators?: Record<string, Record<string, unknown>>;
    group?: string;
    multivalued?: boolean;
  }[];
  groups?: {
    name?: string;
    displayHeader?: string;
    displayDescription?: string;
    annotations?: Record<string, unknown>;
  }[];
}

export type UserSessionRepresentation = Generated.UserSessionRepresentation;

export type GroupRepresentation = Generated.GroupRepresentation;

export interface RoleRepresentation extends Generated.RoleRepresentation {
  composites?: { realm?: string[]; client?: Record<string, string[]> };
}

export type ProtocolMapperRepresentation = Generated.ProtocolMapperRepresentation;

export type ClientRepresentation = Generated.ClientRepresentation;

export type ClientScopeRepresentation = Generated.ClientScopeRepresentation;

export type IdentityProviderRepresentation = Generated.IdentityProviderRepresentation;

export type IdentityProviderMapperRepresentation = Generated.IdentityProviderMapperRepresentation;

export type AuthenticationExecutionExportRepresentation =
  Generated.AuthenticationExecutionExportRepresentation;

export type AuthenticationFlowRepresentation = Generated.AuthenticationFlowRepresentation;

/** An execution as `GET /flows/{alias}/executions` lists it (flattened tree with levels). */
export type AuthenticationExecutionInfoRepresentation = Generated.AuthenticationExecutionInfoRepresentation;

/** An execution as `GET /executions/{id}` returns it. */
export type AuthenticationExecutionRepresentation = Generated.AuthenticationExecutionRepresentation;

export type AuthenticatorConfigRepresentation = Generated.AuthenticatorConfigRepresentation;

export type RequiredActionProviderRepresentation = Generated.RequiredActionProviderRepresentation;

export interface ComponentRepresentation extends Generated.ComponentRepresentation {
  config?: Record<string, string[]>;
}

export interface ComponentExportRepresentation extends Generated.ComponentExportRepresentation {
  subComponents?: Record<string, ComponentExportRepresentation[]>;
  config?: Record<string, string[]>;
}

export type UserFederationProviderRepresentation = Generated.UserFederationProviderRepresentation;

export type UserFederationMapperRepresentation = Generated.UserFederationMapperRepresentation;

export type ManagementPermissionReference = Generated.ManagementPermissionReference;

/** Its policies in the admin API's shape (typed policy fields), which the export format also accepts. */
export interface ResourceServerRepresentation
  extends Omit<Generated.ResourceServerRepresentation, 'policies'> {
  policies?: PolicyRepresentation[];
}

export type ResourceRepresentation = Generated.ResourceRepresentation;

export type ScopeRepresentation = Generated.ScopeRepresentation;

/** The admin API's policy: the common fields plus each policy type's own (role, group, client …). */
export type PolicyRepresentation = Generated.PolicyRepresentation &
  Pick<Generated.RolePolicyRepresentation, 'roles' | 'fetchRoles'> &
  Pick<Generated.GroupPolicyRepresentation, 'groups' | 'groupsClaim'> &
  Pick<Generated.AuthorizationClientPolicyRepresentation, 'clients'> &
  Pick<Generated.UserPolicyRepresentation, 'users'> &
  Pick<Generated.ClientScopePolicyRepresentation, 'clientScopes'>;

export type KeysMetadataRepresentation = Generated.KeysMetadataRepresentation;

export type EventRepresentation = Generated.EventRepresentation;

export interface AdminEventRepresentation extends Generated.AdminEventRepresentation {
  authDetails?: { realmId?: string; clientId?: string; userId?: string; ipAddress?: string };
}

export type RealmEventsConfigRepresentation = Generated.RealmEventsConfigRepresentation;

export type CertificateRepresentation = Generated.CertificateRepresentation;

/** An initial access token for dynamic client registration (`token` is only in the create answer). */
export type ClientInitialAccessPresentation = Generated.ClientInitialAccessPresentation;

export interface OrganizationRepresentation extends Generated.OrganizationRepresentation {
  domains?: { name?: string; verified?: boolean }[];
  members?: UserRepresentation[];
}

export interface ClientProfilesRepresentation extends Generated.ClientProfilesRepresentation {
  profiles?: {
    name?: string;
    description?: string;
    executors?: { executor?: string; configuration?: Record<string, unknown> }[];
  }[];
  globalProfiles?: ClientProfilesRepresentation['profiles'];
}

export interface ClientPoliciesRepresentation extends Generated.ClientPoliciesRepresentation {
  policies?: {
    name?: string;
    description?: string;
    enabled?: boolean;
    conditions?: { condition?: string; configuration?: Record<string, unknown> }[];
    profiles?: string[];
  }[];
  globalPolicies?: ClientPoliciesRepresentation['policies'];
}

/** `GET /admin/serverinfo` */
export type ServerInfoRepresentation = Generated.ServerInfoRepresentation;

/** One configurable property of a provider (authenticator, required action, mapper type …). */
export type ConfigPropertyRepresentation = Generated.ConfigPropertyRepresentation;
