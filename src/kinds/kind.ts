/**
 * A kind is the one place that knows how one sort of Keycloak object maps to the API: its
 * natural key, how to read every live object with as few requests as possible, how to compare,
 * and how to create, update and delete. The planner and the applier are generic over kinds.
 */
import type { KeycloakAdmin } from '../client/index.js';
import type { RealmRepresentation } from '../client/types/index.js';
import type { PlanDiagnostic } from '../planner/plan.js';
import type { Feature } from '../server/versions.js';

export type Value = unknown;
export type ValueObject = Record<string, unknown>;

/** Where a desired object was declared (for diagnostics). */
export interface Origin {
  file?: string;
  line?: number;
  /** Path inside the realm manifest, e.g. `clients[2]`. */
  path: string;
}

export interface DesiredObject<T extends ValueObject = ValueObject> {
  /** Natural key segments: `['web']`, `['web', 'viewer']`, `['/ops/oncall']`. */
  key: readonly string[];
  value: T;
  origin: Origin;
}

export interface LiveObject<T extends ValueObject = ValueObject> {
  key: readonly string[];
  /** Normalized for comparison: no ids or server-only fields. */
  value: T;
  /** Server id(s) needed to update or delete. */
  id?: string;
  /** Built-ins are never deleted. */
  builtIn?: boolean;
  /** Anything the handlers need later (e.g. the full representation for read-modify-write). */
  state?: unknown;
}

/** What a desired object points at; checked at plan time so apply never meets a dangling 404. */
export interface Reference {
  kind: string;
  key: readonly string[];
  /** Where in the object, e.g. `composites.realm[0]`. */
  path: string;
}

/** A server feature a declared object relies on, and where in the object (for the plan error). */
export interface FeatureUse {
  feature: Feature;
  /** Path inside the object, e.g. `attributes["standard.token.exchange.enabled"]`; "" for the whole object. */
  path: string;
}

/** Everything a manifest-level option can change about ownership. */
/** All undeclared objects deleted (true), none (false), or decided per live object. */
export type Ownership = boolean | ((live: LiveObject) => boolean);

export interface ManifestView {
  realm: string;
  representation: RealmRepresentation;
  locate(path: readonly (string | number)[]): { file?: string; line?: number } | undefined;
}

export interface KindContext {
  admin: KeycloakAdmin;
  realm: string;
  /** The manifest being planned or applied (reads may limit themselves to what it declares). */
  manifest: ManifestView;
  /** Memoizes reads within one plan or apply (e.g. the client list shared by several kinds). */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops memoized reads whose key starts with the prefix (after a write changed them). */
  forget(prefix: string): void;
  /** Run options from the command line (absent: defaults). */
  options?: KindOptions;
}

/** Run options that change what kinds plan, never what the manifest means. */
export interface KindOptions {
  /** Write secrets (identity provider `clientSecret` …) again, not only on create. */
  rotateSecrets?: boolean;
  /**
   * Allow deleting a user-storage provider (LDAP, Kerberos): Keycloak then also deletes every
   * user it imported. Without it the component kind refuses such a delete.
   */
  allowFederationDelete?: boolean;
}

export interface CompareRules {
  /** Paths (`redirectUris`, `attributes.*`) whose arrays compare as sets. `*` matches one segment. */
  sets?: readonly string[];
  /** Arrays of objects matched by a field and compared element by element (declared fields only). */
  keyedArrays?: Readonly<Record<string, string>>;
  /** Paths never printed: shown as "(sensitive value)". */
  sensitive?: readonly string[];
  /** Paths that cannot be read back: applied on create, never compared. */
  writeOnly?: readonly string[];
  /** Paths whose change forces delete + create. */
  replaceOn?: readonly string[];
}

export interface KindDefinition<T extends ValueObject = ValueObject> extends CompareRules {
  kind: string;
  /** Kinds whose objects must exist first. */
  dependsOn: readonly string[];
  /** Human description of the key, for addresses: `client["web"]`. */
  describe?: string;
  /**
   * The desired objects declared by the manifest; `undefined` when the manifest does not declare
   * this collection at all (then the kind is untouched: nothing is created or deleted).
   */
  desired(manifest: ManifestView): DesiredObject<T>[] | undefined;
  /**
   * Whether live objects missing from a declared collection are deleted. Default: true. A
   * function decides per live object (e.g. client roles: only clients the manifest lists).
   */
  authoritative?(manifest: ManifestView): Ownership;
  /** Compare every field, not just declared ones. Default false. */
  fullyManaged?: boolean;
  read(ctx: KindContext): Promise<LiveObject<T>[]>;
  /**
   * How many changes of this kind the applier may run at once. Default 1. Only for kinds whose
   * objects are independent of each other (not groups: parents come before children).
   */
  concurrency?: number;
  /**
   * Live data besides the objects that `diagnose` needs (e.g. the realm's user profile), read
   * with them. For a realm that does not exist yet (`realmExists` false) it must not send
   * requests; it may still return what a new realm will have.
   */
  readFacts?(ctx: KindContext, situation: { realmExists: boolean }): Promise<unknown>;
  /**
   * Plan-time problems with the declared objects that references cannot express (e.g. a value
   * Keycloak would silently drop, so the object never converges). Pure: called by the planner
   * with this kind's desired and live objects and what `readFacts` returned.
   */
  diagnose?(
    desired: readonly DesiredObject<T>[],
    live: readonly LiveObject<T>[],
    facts: unknown,
  ): PlanDiagnostic[];
  references?(desired: DesiredObject<T>): Reference[];
  /**
   * Server features (src/server/versions.ts) a declared object needs (`live`: the object of the
   * same key on the server, if any). On a Keycloak without one, the plan has an error naming the
   * version and the feature. (`read` must still work there: a kind whose endpoints a version
   * lacks reads nothing, see `serverHas`.)
   */
  needs?(desired: DesiredObject<T>, live: LiveObject<T> | undefined): readonly FeatureUse[];
  create(ctx: KindContext, desired: DesiredObject<T>): Promise<void>;
  update(
    ctx: KindContext,
    desired: DesiredObject<T>,
    live: LiveObject<T>,
    changedPaths: readonly string[],
  ): Promise<void>;
  /** Absent for kinds that cannot be deleted (e.g. realm settings). */
  delete?(ctx: KindContext, live: LiveObject<T>): Promise<void>;
  /**
   * Why an undeclared live object is deleted, for people reading the plan (default "not
   * declared in the manifest"); e.g. what else Keycloak deletes with it.
   */
  deleteReason?(live: LiveObject<T>): string | undefined;
}

/** Identity helper that gives type inference for a kind module. */
export function defineKind<T extends ValueObject>(definition: KindDefinition<T>): KindDefinition<T> {
  return definition;
}

/** `client["web"]["viewer"]` */
export function address(kind: string, key: readonly string[]): string {
  return `${kind}${key.map((segment) => `[${JSON.stringify(segment)}]`).join('')}`;
}
