import { AdminBase } from './admin-base.js';

export class AuthenticationApi extends AdminBase {}
