/** Types used only by the client-scopes area (src/client/admin/client-scopes.ts). */

/** A scope as listed by the realm default/optional and per-client scope endpoints. */
export interface ClientScopeReference {
  id?: string;
  name?: string;
  /** Present in the realm-level lists, absent in the per-client lists. */
  protocol?: string;
}
