/**
 * Every kind realmform manages. The planner and applier are generic over this list; a kind
 * missing here is an error ("No handler for kind X"), never a silent skip.
 */
import type { KindDefinition } from './kind.js';
import { realmKind } from './realm.js';

export const ALL_KINDS: readonly KindDefinition[] = [realmKind as KindDefinition];

export { address, defineKind } from './kind.js';
export type { DesiredObject, KindContext, KindDefinition, LiveObject, ManifestView, Reference } from './kind.js';
