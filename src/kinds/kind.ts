/**
 * A kind is the one place that knows how one sort of Keycloak object maps to the API: its
 * natural key, how to read every live object with as few requests as possible, how to compare,
 * and how to create, update and delete. The planner and the applier are generic over kinds.
 */
import type { KeycloakAdmin } from '../client/index.js';
import type { RealmRepresentation } from '../client/types/index.js';
import { address } from '../core/address.js';
import type { PlanDiagnostic } from '../core/diagnostics.js';
import type { CompareRules } from '../core/rules.js';
import type { OwnershipSettings } from '../ownership/modes.js';
import type { Feature } from '../server/versions.js';
import type { SharedRead } from './shared-read.js';

export type { CompareRules } from '../core/rules.js';
export { address };

export type Value = unknown;
export type ValueObject = Record<string, unknown>;

/**
 * Natural key segments. A kind names its own tuple (`readonly [clientId: string, name: string]`)
 * so its handlers destructure the key without casts; the planner sees every key as strings.
 */
export type Key = readonly string[];

/** Where a desired object was declared (for diagnostics). */
export interface Origin {
  file?: string;
  line?: number;
  /** Path inside the realm manifest, e.g. `clients[2]`. */
  path: string;
}

export interface DesiredObject<T extends ValueObject = ValueObject, K extends Key = Key> {
  /** Natural key segments: `['web']`, `['web', 'viewer']`, `['/ops/oncall']`. */
  key: K;
  value: T;
  origin: Origin;
}

export interface LiveObject<T extends ValueObject = ValueObject, K extends Key = Key, S = unknown> {
  key: K;
  /** Normalized for comparison: no ids or server-only fields. */
  value: T;
  /** Server id(s) needed to update or delete. */
  id?: string;
  /** Built-ins are never deleted. */
  builtIn?: boolean;
  /** Anything the handlers need later (e.g. the full representation for read-modify-write). */
  state?: S;
  /**
   * Parts of this object that cannot be changed (e.g. what Keycloak refuses to change on a
   * built-in): never compared or written; a declared value that differs is a plan warning.
   */
  unmanaged?: readonly UnmanagedPath[];
}

/**
 * The server id of a live object whose kind's `read` always sets one (written objects are
 * addressed by it); a missing id is a bug in that read, reported as such.
 */
export function liveId(kind: string, live: { key: Key; id?: string }): string {
  if (live.id === undefined) throw new Error(`${address(kind, live.key)} was read without its id`);
  return live.id;
}

/** A path of one live object realmform cannot change, and why (for the warning). */
export interface UnmanagedPath {
  /** Segments as the comparison gives them: `['executions', '["auth-spnego"]']`. */
  path: readonly string[];
  reason: string;
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
export type Ownership<L = LiveObject> = boolean | OwnershipTest<L>;

/**
 * Declared in method form on purpose: method parameters are compared bivariantly, so a kind's
 * test of its own live objects still fits the registry's erased view (see `registerKind`).
 */
interface OwnershipTestMethod<L> {
  owns(live: L): boolean;
}
export type OwnershipTest<L> = OwnershipTestMethod<L>['owns'];

export interface ManifestView {
  realm: string;
  representation: RealmRepresentation;
  /** Ownership modes the manifest chose (`realmform.ownership`); the command line may override them. */
  ownership?: OwnershipSettings;
  locate(path: readonly (string | number)[]): { file?: string; line?: number } | undefined;
}

export interface KindContext {
  admin: KeycloakAdmin;
  realm: string;
  /** The manifest being planned or applied (reads may limit themselves to what it declares). */
  manifest: ManifestView;
  /**
   * A read shared by several kinds (the partial export, server info …), loaded once per run and
   * dropped by construction after writes that make it stale (see shared-read.ts).
   */
  read<T>(read: SharedRead<T>): Promise<T>;
  /** Drops a shared read inside a handler whose own next step needs what it just wrote. */
  refresh(read: SharedRead<unknown>): void;
  /** Called by the applier after every write of a kind (it may have failed halfway). */
  wrote(kind: string): void;
  /** Memoizes write-time id look-ups (a uuid by natural key), kept by the kinds that own them. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops memoized id look-ups whose key starts with the prefix. */
  forget(prefix: string): void;
  /** Run options from the command line (absent: defaults). */
  options?: KindOptions;
  /**
   * During an apply: the actions the plan being applied has for an address (undefined when it
   * has no change there). A create may then write a related change in the same request (a new
   * user's memberships in its POST) only when that change is planned too.
   */
  planned?(address: string): readonly string[] | undefined;
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
  /** Ownership modes from the command line, over the manifest's (`--ownership groups=additive`). */
  ownership?: OwnershipSettings;
}

/**
 * One kind, typed by what its objects hold: `T` the compared value, `K` the key tuple, `S` the
 * live `state` its handlers keep, `F` what `readFacts` returns for `diagnose`. The defaults are
 * the erased view the planner and applier work with (see `registerKind`).
 */
export interface KindDefinition<
  T extends ValueObject = ValueObject,
  K extends Key = Key,
  S = unknown,
  F = unknown,
> extends CompareRules {
  kind: string;
  /** Kinds whose objects must exist first. */
  dependsOn: readonly string[];
  /** Human description of the key, for addresses: `client["web"]`. */
  describe?: string;
  /**
   * The desired objects declared by the manifest; `undefined` when the manifest does not declare
   * this collection at all (then the kind is untouched: nothing is created or deleted).
   */
  desired(manifest: ManifestView): DesiredObject<T, K>[] | undefined;
  /**
   * Whether live objects missing from a declared collection are deleted. Default: true. A
   * function decides per live object (e.g. client roles: only clients the manifest lists).
   */
  authoritative?(manifest: ManifestView): Ownership<LiveObject<T, K, S>>;
  /** Compare every field, not just declared ones. Default false. */
  fullyManaged?: boolean;
  read(ctx: KindContext): Promise<LiveObject<T, K, S>[]>;
  /**
   * Objects of this kind are independent of each other, so the applier may write them all at
   * once (the HTTP pool, the program's one concurrency limit, paces the requests). Default: one
   * at a time in plan order (e.g. groups, whose parents come before their children).
   */
  parallel?: boolean;
  /**
   * Kinds that write the same server document (e.g. the realm representation, read-modify-write)
   * name it here; the applier never runs two writes of one document at once.
   */
  exclusive?: string;
  /**
   * Live data besides the objects that `diagnose` needs (e.g. the realm's user profile), read
   * with them. For a realm that does not exist yet (`realmExists` false) it must not send
   * requests; it may still return what a new realm will have.
   */
  readFacts?(ctx: KindContext, situation: { realmExists: boolean }): Promise<F>;
  /**
   * Plan-time problems with the declared objects that references cannot express (e.g. a value
   * Keycloak would silently drop, so the object never converges). Pure: called by the planner
   * with this kind's desired and live objects and what `readFacts` returned (undefined when
   * no facts were read: a plan computed without reading them, as some tests do).
   */
  diagnose?(
    desired: readonly DesiredObject<T, K>[],
    live: readonly LiveObject<T, K, S>[],
    facts: F | undefined,
  ): PlanDiagnostic[];
  references?(desired: DesiredObject<T, K>): Reference[];
  /**
   * Server features (src/server/versions.ts) a declared object needs (`live`: the object of the
   * same key on the server, if any). On a Keycloak without one, the plan has an error naming the
   * version and the feature. (`read` must still work there: a kind whose endpoints a version
   * lacks reads nothing, see `serverHas`.)
   */
  needs?(desired: DesiredObject<T, K>, live: LiveObject<T, K, S> | undefined): readonly FeatureUse[];
  create(ctx: KindContext, desired: DesiredObject<T, K>): Promise<void>;
  update(
    ctx: KindContext,
    desired: DesiredObject<T, K>,
    live: LiveObject<T, K, S>,
    changedPaths: readonly string[],
  ): Promise<void>;
  /**
   * A replace (`replaceOn` changed) without loss: create-before-destroy where Keycloak allows it,
   * otherwise the old object's whole state captured first and restored if the create fails
   * (throwing `FailedWithWrites`, src/core/undo.ts). Without it the applier deletes, then creates,
   * and a failed create is reported with the delete that happened.
   */
  replace?(ctx: KindContext, desired: DesiredObject<T, K>, live: LiveObject<T, K, S>): Promise<void>;
  /** Absent for kinds that cannot be deleted (e.g. realm settings). */
  delete?(ctx: KindContext, live: LiveObject<T, K, S>): Promise<void>;
  /**
   * Why an undeclared live object is deleted, for people reading the plan (default "not
   * declared in the manifest"); e.g. what else Keycloak deletes with it.
   */
  deleteReason?(live: LiveObject<T, K, S>): string | undefined;
}

/** Identity helper that gives type inference for a kind module. */
export function defineKind<
  T extends ValueObject = ValueObject,
  K extends Key = Key,
  S = unknown,
  F = unknown,
>(definition: KindDefinition<T, K, S, F>): KindDefinition<T, K, S, F> {
  return definition;
}

/**
 * Where the registry erases a kind's own types, so it holds kinds of every shape and the planner
 * and applier stay generic over `KindDefinition` (the defaults). No cast is needed: handlers are
 * declared as methods, whose parameters TypeScript compares bivariantly, so
 * `KindDefinition<RoleValue, readonly [string, string]>` fits the erased view (anywhere one is
 * expected, e.g. a test's own list of kinds; this is the place the program does it). Sound only
 * because the planner and applier hand a kind nothing but what its own `desired`, `read` and
 * `readFacts` produced: keys, values, state and facts of that same kind.
 */
export function registerKind<T extends ValueObject, K extends Key, S, F>(
  definition: KindDefinition<T, K, S, F>,
): KindDefinition {
  return definition;
}
