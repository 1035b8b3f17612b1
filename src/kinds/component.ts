/**
 * Top-level components (`components: { <providerType>: [...] }`): key providers, user storage
 * (LDAP, Kerberos), client-registration policies … Key `[providerType, subType?, name]`
 * (Keycloak does not enforce unique names; this is its own notion of identity).
 * - Ownership is per provider type: a type the manifest lists is authoritative (undeclared live
 *   components of it are deleted), other types are untouched. The components Keycloak creates
 *   with every realm (generated keys, default registration policies) are built-in: never
 *   deleted, but they can be declared and updated.
 * - Config compares declared keys only, values as sets; secrets (`bindCredential`,
 *   `privateKey`, `secret` …) are write-only: set on create, never compared or printed, written
 *   again only in a run that rotates secrets (see COMPONENT_RULES).
 * - Deleting a user-storage provider makes Keycloak delete every user it imported: the plan
 *   says so, and apply refuses it unless `allowFederationDelete` is set.
 * - Children (`subComponents`, e.g. LDAP mappers) are the `sub-component` kind. Creating an LDAP
 *   provider makes Keycloak add default mappers; when the provider declares children of that
 *   type, the undeclared defaults are removed right after the create (see sub-component.ts).
 * - `userFederationProviders` / `userFederationMappers` (the pre-components representation)
 *   and the user profile's component are not handled here.
 * Read: `GET /components` (one request, shared with sub-component).
 */
import type { PlanDiagnostic } from '../core/diagnostics.js';
import { address, type DesiredObject, defineKind, type KindContext, liveId } from './kind.js';
import { rotateSecretsRequested } from './shared/clients/secrets.js';
import {
  COMPONENT_RULES,
  type ComponentKey,
  type ComponentValue,
  componentKey,
  componentsRead,
  type DeclaredComponent,
  declaredComponents,
  declaredValue,
  duplicateDiagnostics,
  isBuiltInComponent,
  liveValue,
  nameDiagnostics,
  readComponents,
  realmId,
  subComponentKey,
  USER_STORAGE,
  updateComponent,
  userProfileDiagnostics,
  writableValue,
} from './shared/federation/components.js';
import {
  componentProviderIds,
  readServerInfo,
  serverName,
  unknownNameHint,
} from './shared/server/server-info.js';

/** What create needs besides the compared value (a symbol: invisible to compare and JSON). */
const DECLARED = Symbol('declared component');

type Tagged = ComponentValue & { [DECLARED]?: DeclaredComponent };

interface ComponentFacts {
  /** Warnings about declared components this kind leaves alone. */
  ignored: PlanDiagnostic[];
  /**
   * Provider ids per provider type the server has (server info; read when components are
   * declared), and the server (`Keycloak 24.0.5`): errors name it (a newer export may use
   * providers an older server lacks).
   */
  providers?: { server: string; byType: Record<string, string[]> };
}

export const componentKind = defineKind<Tagged, ComponentKey, unknown, ComponentFacts>({
  kind: 'component',
  dependsOn: ['realm'],
  describe: 'provider type, sub type (if any), name',
  ...COMPONENT_RULES,
  desired(manifest) {
    return declaredComponents(manifest)?.map((declared) => {
      const value: Tagged = declaredValue(declared.component);
      value[DECLARED] = declared;
      return { key: declared.key, value, origin: declared.origin };
    });
  },
  authoritative(manifest) {
    const types = new Set(Object.keys(manifest.representation.components ?? {}));
    return (live) => types.has(live.key[0]);
  },
  async read(ctx) {
    const { topLevel } = await readComponents(ctx);
    const declared = new Map(
      (declaredComponents(ctx.manifest) ?? []).map((object) => [address('component', object.key), object]),
    );
    return topLevel.map((component) => {
      const key = componentKey(component.providerType ?? '', component);
      const wanted = declared.get(address('component', key))?.component;
      return {
        key,
        value: liveValue(component, wanted, rotateSecretsRequested(ctx)),
        id: component.id,
        builtIn: isBuiltInComponent(component),
      };
    });
  },
  // What `diagnose` needs beyond the desired objects: the manifest's ignored parts and, when
  // components are declared, the server's providers (server info, read once per run).
  async readFacts(ctx): Promise<ComponentFacts> {
    const ignored = userProfileDiagnostics(ctx.manifest);
    if (!ctx.manifest.representation.components) return { ignored };
    const info = await readServerInfo(ctx);
    return { ignored, providers: { server: serverName(info), byType: componentProviderIds(info) } };
  },
  diagnose(desired, live, facts) {
    return [
      ...nameDiagnostics('component', desired),
      ...duplicateDiagnostics('component', desired, live),
      ...unknownProviders(desired, facts?.providers),
      ...(facts?.ignored ?? []),
    ];
  },
  deleteReason(live) {
    if (live.key[0] !== USER_STORAGE) return undefined;
    return 'not declared in the manifest; deleting a user-storage provider also deletes every user it imported and its mappers, so apply refuses it without --allow-federation-delete';
  },
  async create(ctx, desired) {
    const [providerType] = desired.key;
    const parentId = await realmId(ctx);
    const id = await ctx.admin.createComponent({
      ...writableValue(desired.value, true),
      providerType,
      parentId,
    });
    ctx.refresh(componentsRead);
    await removeUndeclaredDefaults(ctx, desired, id);
  },
  async update(ctx, desired, live) {
    await updateComponent(ctx, liveId('component', live), desired.key[0], desired.value);
    ctx.refresh(componentsRead);
  },
  async delete(ctx, live) {
    if (live.key[0] === USER_STORAGE && !ctx.options?.allowFederationDelete) {
      throw new Error(
        `${address('component', live.key)} is a user-storage provider: deleting it also deletes every user it imported. Declare it again, or apply with --allow-federation-delete to delete it and its users.`,
      );
    }
    await ctx.admin.deleteComponent(liveId('component', live));
    ctx.refresh(componentsRead);
  },
});

/** A providerId the server does not have for the component's type: Keycloak refuses the create. */
function unknownProviders(
  desired: readonly DesiredObject<ComponentValue, ComponentKey>[],
  providers: ComponentFacts['providers'],
): PlanDiagnostic[] {
  if (!providers) return [];
  return desired.flatMap((object) => {
    const [providerType] = object.key;
    const providerId = object.value.providerId;
    const known = providers.byType[providerType];
    if (typeof providerId !== 'string' || !known?.length || known.includes(providerId)) return [];
    const addr = address('component', object.key);
    return [
      {
        severity: 'error' as const,
        summary: `${addr}: providerId "${providerId}" is not a ${providerType} provider ${providers.server} has (it has: ${unknownNameHint(known)})`,
        address: addr,
        ...(object.origin.file ? { file: object.origin.file } : {}),
        ...(object.origin.line ? { line: object.origin.line } : {}),
        path: `${object.origin.path}.providerId`,
      },
    ];
  });
}

/**
 * Keycloak gives a new LDAP provider default mappers. A provider that declares children of a
 * type owns that type, so the defaults it does not declare would be deleted by the next plan:
 * they are removed now, and the ones it declares are kept for sub-component to update.
 */
async function removeUndeclaredDefaults(
  ctx: KindContext,
  desired: DesiredObject<Tagged, ComponentKey>,
  id: string,
): Promise<void> {
  const declared = desired.value[DECLARED];
  if (!declared || declared.childTypes.length === 0) return;
  const wanted = new Set(declared.children.map((child) => address('sub-component', child.key)));
  const parentName = declared.component.name ?? '';
  for (const childType of declared.childTypes) {
    const made = await ctx.admin.getComponents({ parent: id, type: childType });
    for (const child of made) {
      if (!wanted.has(address('sub-component', subComponentKey(childType, parentName, child))))
        await ctx.admin.deleteComponent(child.id as string);
    }
  }
}
