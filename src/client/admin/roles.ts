import { AdminBase } from './admin-base.js';

export class RolesApi extends AdminBase {}
