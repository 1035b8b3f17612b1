import { AdminBase } from './admin-base.js';

export class AuthorizationApi extends AdminBase {}
