import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { describeHolder, findRealmLocks, holderIsDead, removeRealmLock } from '../lock/realm-lock.js';
import { addConnectionOptions, type ConnectionFlags, connect } from './connection-options.js';
import { UserError } from './user-error.js';

interface ForceUnlockFlags extends ConnectionFlags {
  force?: boolean;
  yes?: boolean;
}

/**
 * `realmform force-unlock REALM`, as in Terraform: removes the apply lock of a realm left by a
 * run that died or could not release it. Names the holder it removes and asks first, unless
 * --force (or --yes, for scripts without a terminal).
 */
export function registerForceUnlockCommand(program: Command): void {
  addConnectionOptions(
    program
      .command('force-unlock')
      .description('remove the apply lock of a realm left by a run that died or could not release it')
      .argument('<realm>', 'the realm whose lock to remove')
      .option('--force', 'do not ask for confirmation')
      .option('--yes', 'answer yes to the confirmation (for scripts without a terminal)'),
  ).action(async (realm: string, flags: ForceUnlockFlags) => {
    const admin = connect(flags);
    try {
      const locks = await findRealmLocks(admin, realm);
      if (locks.length === 0) {
        console.log(`Realm "${realm}" is not locked.`);
        return;
      }
      for (const lock of locks) {
        const where = `role "${lock.location.roleName}" of client "broker" in realm "${lock.location.realm}"`;
        console.log(`Lock of realm "${realm}" held by ${describeHolder(lock.info)} (${where}).`);
        if (lock.info?.expiresAt) console.log(`  It expires by itself at ${lock.info.expiresAt}.`);
        console.log(
          holderIsDead(lock.info)
            ? '  That process no longer exists on this host.'
            : '  Make sure that run has ended: removing the lock of a live run lets two applies interleave.',
        );
      }
      if (!flags.force && !flags.yes) await confirm(realm);
      for (const lock of locks) {
        const removed = await removeRealmLock(admin, lock);
        console.log(
          removed
            ? `Removed the lock of realm "${realm}" held by ${describeHolder(lock.info)}.`
            : `The lock held by ${describeHolder(lock.info)} was already gone.`,
        );
      }
    } finally {
      await admin.close();
    }
  });
}

async function confirm(realm: string): Promise<void> {
  if (!process.stdin.isTTY)
    throw new UserError(
      `Refusing to remove the lock of realm "${realm}" without confirmation: no terminal to ask. Pass --yes.`,
    );
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('Remove it? Only "yes" is accepted: ');
  rl.close();
  if (answer.trim() !== 'yes') throw new UserError('force-unlock cancelled; the lock is still held.');
}
