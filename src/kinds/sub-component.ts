/**
 * Children of top-level components (`subComponents`), e.g. an LDAP provider's mappers. Key
 * `[providerType, parentName, subType?, name]`: `sub-component["…LDAPStorageMapper"]["ldap"]["email"]`.
 * A separate kind so that parents are created before (and deleted after) their children.
 * Ownership follows keycloak-config-cli: a parent that declares `subComponents` of a type owns
 * its children of that type (undeclared ones are deleted, Keycloak's default LDAP mappers
 * included); a parent that declares no children of a type leaves them alone. `subComponents: {}`
 * therefore owns nothing (keycloak-config-cli deletes every child then): to remove all mappers,
 * declare the type with an empty list. Children of children are not managed.
 * Read: the component kind's `GET /components` (shared, no extra request).
 */
import { address, defineKind, type KindContext, liveId } from './kind.js';
import { rotateSecretsRequested } from './shared/clients/secrets.js';
import {
  COMPONENT_RULES,
  type ComponentKey,
  type ComponentValue,
  componentKey,
  componentsRead,
  type DeclaredChild,
  declaredComponents,
  declaredValue,
  duplicateDiagnostics,
  findComponent,
  liveValue,
  nameDiagnostics,
  readComponents,
  realmId,
  type SubComponentKey,
  subComponentKey,
  updateComponent,
  writableValue,
} from './shared/federation/components.js';

const DECLARED = Symbol('declared sub-component');

type Tagged = ComponentValue & { [DECLARED]?: DeclaredChild };

interface ChildState {
  /** The parent's `component` key. */
  parentKey: ComponentKey;
}

export const subComponentKind = defineKind<Tagged, SubComponentKey, ChildState>({
  kind: 'sub-component',
  dependsOn: ['component'],
  describe: 'provider type, parent name, sub type (if any), name',
  ...COMPONENT_RULES,
  desired(manifest) {
    const declared = declaredComponents(manifest);
    if (!declared?.some((parent) => parent.component.subComponents !== undefined)) return undefined;
    return declared.flatMap((parent) =>
      parent.children.map((child) => {
        const value: Tagged = declaredValue(child.component);
        value[DECLARED] = child;
        return { key: child.key, value, origin: child.origin };
      }),
    );
  },
  authoritative(manifest) {
    const owned = new Set(
      (declaredComponents(manifest) ?? []).flatMap((parent) =>
        parent.childTypes.map((type) => ownerKey(parent.key, type)),
      ),
    );
    // Every live sub-component has its parent's key (read below).
    return (live) => live.state !== undefined && owned.has(ownerKey(live.state.parentKey, live.key[0]));
  },
  async read(ctx) {
    const { children } = await readComponents(ctx);
    const declared = new Map(
      (declaredComponents(ctx.manifest) ?? []).flatMap((parent) =>
        parent.children.map((child) => [address('sub-component', child.key), child.component] as const),
      ),
    );
    return children.map(({ component, parent }) => {
      const key = subComponentKey(component.providerType ?? '', parent.name ?? '', component);
      const wanted = declared.get(address('sub-component', key));
      return {
        key,
        value: liveValue(component, wanted, rotateSecretsRequested(ctx)),
        id: component.id,
        state: { parentKey: componentKey(parent.providerType ?? '', parent) },
      };
    });
  },
  diagnose(desired, live) {
    const nested = desired.flatMap((object) => {
      const grandchildren = Object.values(object.value[DECLARED]?.component.subComponents ?? {});
      if (!grandchildren.some((list) => list.length > 0)) return [];
      return [
        {
          severity: 'warning' as const,
          summary: `${address('sub-component', object.key)}: components below a sub-component are not managed by this realmform version and are ignored`,
          address: address('sub-component', object.key),
          path: `${object.origin.path}.subComponents`,
        },
      ];
    });
    return [
      ...nameDiagnostics('sub-component', desired),
      ...duplicateDiagnostics('sub-component', desired, live),
      ...nested,
    ];
  },
  async create(ctx, desired) {
    const declared = desired.value[DECLARED];
    if (!declared) throw new Error(`${address('sub-component', desired.key)} has no declared parent`);
    const parentId = await parentIdOf(ctx, declared);
    // The parent's create may have left a default child of this name (LDAP mappers): update it.
    const existing = await findComponent(ctx, parentId, declared.providerType, declared.component);
    if (existing?.id) {
      await updateComponent(ctx, existing.id, declared.providerType, desired.value, true);
    } else {
      await ctx.admin.createComponent({
        ...writableValue(desired.value, true),
        providerType: declared.providerType,
        parentId,
      });
    }
    ctx.refresh(componentsRead);
  },
  async update(ctx, desired, live) {
    await updateComponent(ctx, liveId('sub-component', live), desired.key[0], desired.value);
    ctx.refresh(componentsRead);
  },
  async delete(ctx, live) {
    await ctx.admin.deleteComponent(liveId('sub-component', live));
    ctx.refresh(componentsRead);
  },
});

function ownerKey(parentKey: ComponentKey, childType: string): string {
  return `${address('component', parentKey)} ${JSON.stringify(childType)}`;
}

async function parentIdOf(ctx: KindContext, child: DeclaredChild): Promise<string> {
  const parent = await findComponent(ctx, await realmId(ctx), child.parentType, child.parent);
  if (!parent?.id) throw new Error(`${address('component', child.parentKey)} does not exist`);
  return parent.id;
}
