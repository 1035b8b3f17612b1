import { AdminBase } from './admin-base.js';

export class ClientScopesApi extends AdminBase {}
