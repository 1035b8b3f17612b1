import { AdminBase } from './admin-base.js';

export class ClientsApi extends AdminBase {}
