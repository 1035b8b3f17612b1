/**
 * src/representations/generated.ts is what Keycloak's own classes say (the newest supported
 * release, the one the integration suite runs): regenerating it changes nothing. A Keycloak
 * upgrade that adds or drops a field fails here until the file is regenerated, and then
 * src/model/schema/representation-agreement.ts names what the manifest schema must follow.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('generated representations', () => {
  it('match the representation classes of the newest supported Keycloak', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/generate-representations.ts', '--check'],
      { env: { ...process.env, REALMFORM_KEYCLOAK_VERSION: '' } },
    );
    expect(stdout).toMatch(/generated\.ts matches Keycloak \d+\.\d+\.\d+/);
  }, 120_000);
});
