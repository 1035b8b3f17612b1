import { AdminBase } from './admin-base.js';

export class IdentityProvidersApi extends AdminBase {}
