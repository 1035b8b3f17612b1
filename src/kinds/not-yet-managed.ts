/**
 * Realm representation collections no kind manages yet. A manifest (or an export) may contain
 * them; the plan then says loudly that they are ignored, instead of skipping them silently.
 */
export const NOT_YET_MANAGED: Readonly<Record<string, string>> = {
  userFederationProviders: 'user federation providers',
  userFederationMappers: 'user federation mappers',
  federatedUsers: 'federated users',
  workflows: 'workflows',
};

export function notYetManaged(representation: Record<string, unknown>): string[] {
  return Object.entries(NOT_YET_MANAGED)
    .filter(([field]) => {
      const value = representation[field];
      return Array.isArray(value)
        ? value.length > 0
        : value !== undefined && value !== null && Object.keys(value).length > 0;
    })
    .map(
      ([field, label]) => `\`${field}\` (${label}) is not managed by this realmform version and is ignored`,
    );
}
