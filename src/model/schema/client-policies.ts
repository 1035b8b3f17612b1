import * as z from 'zod';
import { bool, definitions, json, str, strict, strings } from './primitives.js';

const profileSchema = strict({
  name: str,
  description: str.optional(),
  executors: z.array(strict({ executor: str, configuration: json.optional() })).optional(),
}).register(definitions, { id: 'ClientProfile' });

const policySchema = strict({
  name: str,
  description: str.optional(),
  enabled: bool.optional(),
  conditions: z.array(strict({ condition: str, configuration: json.optional() })).optional(),
  profiles: strings.optional(),
}).register(definitions, { id: 'ClientPolicy' });

export const clientProfilesSchema = strict({
  profiles: z.array(profileSchema).optional(),
  /** Built into the server; exports may list them, they cannot be changed. */
  globalProfiles: z.array(profileSchema).optional(),
});

export const clientPoliciesSchema = strict({
  policies: z.array(policySchema).optional(),
  globalPolicies: z.array(policySchema).optional(),
});
