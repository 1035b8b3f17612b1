import * as z from 'zod';
import type { GroupRepresentation } from '../../representations/index.js';
import { bool, column, definitions, int, multiMap, str, strict, strings } from './primitives.js';

// Annotated: a self-referencing schema needs an explicit type for TypeScript to infer it.
export const groupSchema: z.ZodType<GroupRepresentation> = strict({
  id: str.optional(),
  name: column,
  description: column.optional(),
  path: str.optional(),
  parentId: str.optional(),
  subGroupCount: int.optional(),
  get subGroups() {
    return z.array(groupSchema).optional();
  },
  attributes: multiMap.optional(),
  realmRoles: strings.optional(),
  clientRoles: z.record(z.string(), strings).optional(),
  access: z.record(z.string(), bool).optional(),
}).register(definitions, { id: 'Group' });
