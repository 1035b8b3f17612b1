import { AdminBase } from './admin-base.js';

export class UsersApi extends AdminBase {}
