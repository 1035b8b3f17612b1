/**
 * The program's one concurrency limit is the HTTP pool of the Keycloak connection (undici's
 * per-server `connections`, see src/client/connection.ts): requests beyond it wait in the
 * pool's queue. Work that fans out over many objects therefore starts everything at once and
 * lets the pool pace it, instead of keeping worker pools of its own that would multiply or
 * undercut that limit.
 */
export function mapConcurrently<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map((item) => work(item)));
}
