import * as z from 'zod';
import { bool, definitions, int, oneOf, str, strict, stringMap } from './primitives.js';

export const executionSchema = strict({
  authenticatorConfig: str.optional(),
  authenticator: str.optional(),
  authenticatorFlow: bool.optional(),
  requirement: oneOf(['REQUIRED', 'CONDITIONAL', 'ALTERNATIVE', 'DISABLED']).optional(),
  priority: int.optional(),
  /** Keycloak's own misspelling, still written by its exports next to `authenticatorFlow`. */
  autheticatorFlow: bool.optional(),
  flowAlias: str.optional(),
  userSetupAllowed: bool.optional(),
}).register(definitions, { id: 'AuthenticationExecution' });

export const authenticationFlowSchema = strict({
  id: str.optional(),
  alias: str,
  description: str.optional(),
  /** Checked in checks.ts; the JSON Schema lists the values. */
  providerId: str.optional(),
  topLevel: bool.optional(),
  builtIn: bool.optional(),
  authenticationExecutions: z.array(executionSchema).optional(),
}).register(definitions, { id: 'AuthenticationFlow' });

export const authenticatorConfigSchema = strict({
  id: str.optional(),
  alias: str,
  config: stringMap.optional(),
}).register(definitions, { id: 'AuthenticatorConfig' });

export const requiredActionSchema = strict({
  alias: str,
  name: str.optional(),
  providerId: str.optional(),
  enabled: bool.optional(),
  defaultAction: bool.optional(),
  priority: int.optional(),
  config: stringMap.optional(),
}).register(definitions, { id: 'RequiredAction' });
