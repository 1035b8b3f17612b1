import * as z from 'zod';
import { bool, definitions, str } from './primitives.js';

/**
 * Workflows (Keycloak 26.4+, experimental). Their format is still changing between releases
 * (`on`, `if`, `schedule`, `steps` with `uses` …), so only the name and switch are checked and
 * other keys are kept as written rather than rejected.
 */
export const workflowSchema = z
  .looseObject({
    id: str.optional(),
    name: str,
    enabled: bool.optional(),
    steps: z.array(z.looseObject({ uses: str.optional() })).optional(),
  })
  .register(definitions, { id: 'Workflow' });
