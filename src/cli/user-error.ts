import { redactText } from '../client/index.js';

/** A problem the user can fix (bad input, unreachable server): reported without a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    // Messages often quote URLs and server answers: never let a credential through.
    super(redactText(message));
    this.name = 'UserError';
  }
}
