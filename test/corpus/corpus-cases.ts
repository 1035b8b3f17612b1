/** Which corpus folders run, which files must fail, and what realmform deliberately does not support. */
export const CORPUS_FOLDERS = [
  'simple-realm',
  'clients',
  'roles',
  'groups',
  'users',
  'client-scopes',
  'default-groups',
  'service-account',
  'users-merge',
  'managed-clients',
  'managed-no-delete',
  'realm-file-type',
  'realm-substitution',
] as const;

const EXPECTED_FAILURE = /try-to|try_to|raise_error|cannot|invalid|syntax-error/;

export function expectedFailure(file: string): boolean {
  return EXPECTED_FAILURE.test(file);
}

/**
 * `folder/file` (or `folder/` for a whole folder) → why realmform does not run it. Each entry is a
 * decision, not a failure hidden: the reason says what differs.
 */
export const UNSUPPORTED: Readonly<Record<string, string>> = {};

export function unsupportedReason(folder: string, file: string): string | undefined {
  return UNSUPPORTED[`${folder}/${file}`] ?? UNSUPPORTED[`${folder}/`];
}
