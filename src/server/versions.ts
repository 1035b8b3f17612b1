/**
 * Which Keycloak releases realmform supports, and what each one can do: one table, measured on
 * the real distributions (test/server/versions.it.test.ts checks every row against the running
 * server). Pure data and functions, no I/O, so the kinds, the engine, the local harness and the
 * CLI all import it without cycles.
 */
import { FIELD_SINCE } from '../representations/field-versions.js';

export interface KeycloakVersion {
  major: number;
  minor: number;
  patch: number;
  /** As the server reports it, e.g. `26.2.5` or `24.0.10.redhat-00001`. */
  text: string;
}

/** `major.minor` of the oldest release line realmform supports. */
export const OLDEST_SUPPORTED = '24.0';

/**
 * Release lines realmform has been run against (the integration suite and the demo), one
 * distribution each. The newest is the harness default (src/local/versions.ts).
 */
export const TESTED_RELEASES = [
  '24.0.5',
  '25.0.6',
  '26.0.8',
  '26.2.5',
  '26.4.7',
  '26.5.6',
  '26.7.3',
] as const;

export type Feature = keyof typeof FEATURES;

/**
 * The first release line whose classes have a representation field (generated from each supported
 * release: src/representations/field-versions.ts), for the rows that are a field and nothing else.
 */
function fieldSince(representation: string, property: string): string {
  const since = FIELD_SINCE[representation]?.[property];
  if (!since) throw new Error(`${representation}.${property} is in every supported release: not a feature`);
  return since;
}

export interface FeatureSpec {
  /** For people: plan errors and docs/compatibility.md. */
  label: string;
  /** First `major.minor` that has it. */
  since: string;
  /** First `major.minor` that no longer has it (a behaviour that went away). */
  until?: string;
  /**
   * The realm setting that turns the feature on. Declared `false` it asks for nothing, so where
   * the server lacks the feature it is left out of the plan (as if not declared) instead of being
   * refused; only `true` needs the feature.
   */
  realmSwitch?: string;
}

/**
 * Behaviours that differ between supported releases. `since`/`until` are release lines
 * (`major.minor`), each the first measured line (24.0, 25.0, 26.0, 26.2, 26.4, 26.5, 26.7) that
 * has (or no longer has) it; an unmeasured line in between (26.1, 26.3, 26.6) is taken to behave
 * like the measured line before it.
 */
export const FEATURES = {
  /** Organizations (`organizationsEnabled`, `/organizations`): 24 and 25 answer 404. */
  organizations: { label: 'organizations', since: '26.0', realmSwitch: 'organizationsEnabled' },
  /** The full organization listing (`briefRepresentation=false`) carries attributes (26.0: no). */
  organizationListAttributes: { label: 'organization attributes in the listing', since: '26.2' },
  /** 26.0–26.2 refuse an organization without a domain (400); 26.4 accepts one. */
  organizationWithoutDomain: { label: 'organizations without a domain', since: '26.4' },
  /** Standard token exchange (v2, client attribute `standard.token.exchange.enabled`). */
  standardTokenExchange: { label: 'standard token exchange (v2)', since: '26.2' },
  /** Fine-grained admin permissions v2 (`adminPermissionsEnabled`, the `admin-permissions` client). */
  adminPermissionsV2: {
    label: 'fine-grained admin permissions v2',
    since: '26.2',
    realmSwitch: 'adminPermissionsEnabled',
  },
  /** `priority` of executions and sub-flows is stored and returned; 24 ignores it. */
  executionPriority: {
    label: 'execution priority',
    since: fieldSince('AuthenticationExecutionInfoRepresentation', 'priority'),
  },
  /**
   * `/required-actions/{alias}/config` and its description (24: 404; the action's own PUT
   * stores `config` on every version, which is what realmform uses).
   */
  requiredActionConfigEndpoints: { label: 'required action config endpoints', since: '25.0' },
  /** The built-in client scope `basic` (the `sub` and `auth_time` claims). */
  basicClientScope: { label: 'built-in client scope "basic"', since: '25.0' },
  /** The built-in SAML client scope `AuthnContextClassRef`. */
  authnContextClassRefScope: { label: 'built-in client scope "AuthnContextClassRef"', since: '26.7' },
  /** The built-in client scopes `organization` and `saml_organization`. */
  organizationClientScopes: {
    label: 'built-in client scopes "organization" and "saml_organization"',
    since: '26.0',
  },
  /** The built-in client scope `service_account` (holds the service-account mappers). */
  serviceAccountClientScope: { label: 'built-in client scope "service_account"', since: '26.2' },
  /**
   * Identity providers have a top-level `hideOnLogin` (24 and 25 refuse the field: 400; they keep the
   * setting as `config.hideOnLoginPage`, which realmform writes and reads there instead).
   */
  identityProviderHideOnLogin: {
    label: 'identity provider hideOnLogin',
    since: fieldSince('IdentityProviderRepresentation', 'hideOnLogin'),
  },
  /** Deleting a top-level flow deletes its authenticator configs (24 leaves them, aliases taken). */
  flowDeleteRemovesConfigs: { label: 'flow deletes that remove their authenticator configs', since: '25.0' },
  /** Groups have a `description` (24 and 25 refuse the field: 400 "Unrecognized field"). */
  groupDescription: { label: 'group descriptions', since: fieldSince('GroupRepresentation', 'description') },
  /** User-profile attributes take a `defaultValue` (24 and 25 refuse the field: 400). */
  userProfileDefaultValue: {
    label: 'user-profile attribute defaultValue',
    since: fieldSince('UPAttribute', 'defaultValue'),
  },
  /** The user profile is always on (no `userProfileEnabled` switch). */
  userProfileAlwaysOn: { label: 'user profile always on', since: '24.0' },
  /** The realm representation no longer lists identity providers. */
  identityProvidersOutsideRealm: {
    label: 'identity providers outside the realm representation',
    since: '26.0',
  },
  /** Health and metrics on a separate management port (`--http-management-port`, 9000). */
  managementPort: { label: 'management port', since: '25.0' },
  /** Bootstrap admin through `KC_BOOTSTRAP_ADMIN_*` (before: `KEYCLOAK_ADMIN*`). */
  bootstrapAdminVariables: { label: 'KC_BOOTSTRAP_ADMIN_* variables', since: '26.0' },
  /** Admin clients of other realms in master carry `attributes.realm_client`. */
  realmClientAttribute: { label: 'realm_client attribute on admin clients', since: '26.0' },
  /**
   * Enabling authorization creates a Default Resource, Policy and Permission (learned from the
   * server where a plan needs them; listed here for the docs).
   */
  defaultAuthorizationObjects: {
    label: 'default authorization resource/policy/permission',
    since: '24.0',
    until: '26.5',
  },
  /**
   * A client with a service account gets the mappers "Client ID", "Client Host" and "Client IP
   * Address"; from 26.2 (measured) they live in the built-in `service_account` client scope.
   */
  serviceAccountMappers: { label: 'service-account mappers on the client', since: '24.0', until: '26.2' },
  /** Runs on Java 25 (Keycloak's docs: from 26.6; Java 17 and 21 run every supported release). */
  java25: { label: 'runs on Java 25', since: '26.6' },
} as const satisfies Record<string, FeatureSpec>;

/** Parses `26.2.5`, `24.0.10.redhat-00001`, `26.1.0-SNAPSHOT`; undefined for anything else. */
export function parseKeycloakVersion(text: string | undefined): KeycloakVersion | undefined {
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
    text: (text ?? '').trim(),
  };
}

/** Compares a version with a `major.minor` line: negative when older, 0 inside it, positive newer. */
export function compareLine(version: KeycloakVersion, line: string): number {
  const [major = 0, minor = 0] = line.split('.').map(Number);
  return version.major !== major ? version.major - major : version.minor - minor;
}

export function hasFeature(version: KeycloakVersion, feature: Feature): boolean {
  return within(version, FEATURES[feature]);
}

function within(version: KeycloakVersion, spec: FeatureSpec): boolean {
  return compareLine(version, spec.since) >= 0 && (!spec.until || compareLine(version, spec.until) < 0);
}

/**
 * Realm settings declared `false` that switch off a feature the server lacks (FeatureSpec
 * `realmSwitch`): they ask for nothing, so a plan leaves them out, as if they were not declared
 * (24 does not even know `organizationsEnabled`: a realm write with it is refused).
 */
export function switchedOffMissingFeatures(version: KeycloakVersion, representation: object): string[] {
  const specs: FeatureSpec[] = Object.values(FEATURES);
  return specs.flatMap((spec) =>
    spec.realmSwitch && Reflect.get(representation, spec.realmSwitch) === false && !within(version, spec)
      ? [spec.realmSwitch]
      : [],
  );
}

/** `Keycloak 25.0.6 has no organizations (from 26.0)`: the plan error for a missing feature. */
export function missingFeatureMessage(version: KeycloakVersion, feature: Feature): string {
  const spec: FeatureSpec = FEATURES[feature];
  return `Keycloak ${version.text} has no ${spec.label} (available from Keycloak ${spec.since})`;
}

/** The newest release line realmform has been tested against. */
export function newestTestedLine(): string {
  const newest = parseKeycloakVersion(TESTED_RELEASES[TESTED_RELEASES.length - 1]);
  return newest ? `${newest.major}.${newest.minor}` : OLDEST_SUPPORTED;
}

export type SupportVerdict =
  | { supported: true; version: KeycloakVersion; untested?: string }
  | { supported: false; reason: string };

/**
 * Whether realmform works with the server's reported version. Older than 24.0, or no version at
 * all, is refused; newer than the newest tested line is allowed with a note (Keycloak keeps the
 * admin API compatible within a major version).
 */
export function supportOf(reported: string | undefined): SupportVerdict {
  const range = `realmform supports Keycloak ${OLDEST_SUPPORTED} to ${newestTestedLine()}`;
  const version = parseKeycloakVersion(reported);
  if (!version) {
    return {
      supported: false,
      reason: `The server did not report a Keycloak version${reported ? ` realmform understands ("${reported}")` : ''}; ${range}`,
    };
  }
  if (compareLine(version, OLDEST_SUPPORTED) < 0) {
    return {
      supported: false,
      reason: `Keycloak ${version.text} is not supported: ${range}. Upgrade the server, or use the Keycloak tools of that release`,
    };
  }
  if (compareLine(version, newestTestedLine()) > 0) {
    return {
      supported: true,
      version,
      untested: `Keycloak ${version.text} is newer than the newest release realmform was tested with (${newestTestedLine()})`,
    };
  }
  return { supported: true, version };
}

/** The server's version is outside the supported range: nothing was read or changed. */
export class UnsupportedKeycloakError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKeycloakError';
  }
}

/** The supported version, or an UnsupportedKeycloakError with the one-line reason. */
export function requireSupported(reported: string | undefined): KeycloakVersion {
  const verdict = supportOf(reported);
  if (!verdict.supported) throw new UnsupportedKeycloakError(verdict.reason);
  return verdict.version;
}
