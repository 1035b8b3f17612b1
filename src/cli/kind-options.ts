import type { Command } from 'commander';
import type { KindOptions } from '../kinds/kind.js';
import { type OwnershipMode, parseOwnershipSetting } from '../ownership/modes.js';
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
  const ownership: Record<string, OwnershipMode> = {};
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
