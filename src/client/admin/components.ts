import { AdminBase } from './admin-base.js';

export class ComponentsApi extends AdminBase {}
