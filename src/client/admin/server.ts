import { AdminBase } from './admin-base.js';

export class ServerApi extends AdminBase {}
