import { AdminBase } from './admin-base.js';

export class RoleMappingsApi extends AdminBase {}
