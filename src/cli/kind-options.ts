import type { Command } from 'commander';
import type { KindOptions } from '../kinds/kind.js';
import { type OwnershipMode, ownershipFields, parseOwnershipSetting } from '../ownership/modes.js';
import {
  KCC_MANAGED_COLLECTIONS,
  KCC_MANAGED_DEFAULTS,
  type KccManagedCollection,
  type KccOwnership,
} from './kcc-settings.js';
import { runSettings } from './run-settings.js';
import { UserError } from './user-error.js';

/** `--ownership FIELD=MODE`, repeatable (plan, apply and drift agree on what would be deleted). */
export function addOwnershipOption(command: Command): Command {
  return command.option(
    '--ownership <field=mode...>',
    'ownership of a collection: authoritative (delete undeclared), additive (never delete) or owned-only (delete only what realmform created); `*=mode` for all',
  );
}

/** Run options from the command line that kinds see in their context. */
export function kindOptionsFrom(flags: {
  rotateSecrets?: boolean;
  allowFederationDelete?: boolean;
  ownership?: string[];
}): KindOptions {
  // keycloak-config-cli's IMPORT_MANAGED_* / IMPORT_REMOTESTATE_ENABLED first, the flags over them.
  const ownership: Record<string, OwnershipMode> = ownershipFromKcc(runSettings('import').ownership);
  for (const setting of flags.ownership ?? []) {
    try {
      const [field, mode] = parseOwnershipSetting(setting);
      ownership[field] = mode;
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  }
  return {
    ...(flags.rotateSecrets ? { rotateSecrets: true } : {}),
    ...(flags.allowFederationDelete ? { allowFederationDelete: true } : {}),
    ...(Object.keys(ownership).length > 0 ? { ownership } : {}),
  };
}

/**
 * keycloak-config-cli's deletion settings as ownership modes: `no-delete` is additive; `full`
 * deletes only what it created while its remote state is on (owned-only), everything undeclared
 * when it is off (authoritative). Nothing set: realmform's own defaults. Setting remote state
 * explicitly brings keycloak-config-cli's defaults along (client scopes and scope mappings
 * no-delete).
 */
export function ownershipFromKcc(kcc: KccOwnership): Record<string, OwnershipMode> {
  const managed = { ...(kcc.remoteState !== undefined ? KCC_MANAGED_DEFAULTS : {}), ...kcc.managed };
  const full: OwnershipMode = kcc.remoteState === false ? 'authoritative' : 'owned-only';
  const modes: Record<string, OwnershipMode> = kcc.remoteState !== undefined ? { '*': full } : {};
  for (const [collection, mode] of Object.entries(managed) as [
    KccManagedCollection,
    'full' | 'no-delete',
  ][]) {
    const field = KCC_MANAGED_COLLECTIONS[collection];
    // Sub-groups, sub-components and authorization objects follow their parent collection.
    if (!ownershipFields().includes(field)) continue;
    modes[field] = mode === 'no-delete' ? 'additive' : full;
  }
  return modes;
}
