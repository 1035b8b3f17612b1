import { AdminBase } from './admin-base.js';

export class GroupsApi extends AdminBase {}
