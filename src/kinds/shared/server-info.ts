/**
 * What the server provides (`GET /admin/serverinfo`: ~300 kB, not realm-specific, so it can be
 * read also for a realm that does not exist yet), memoized per plan and shared by the kinds that
 * check declared names against it at plan time.
 */

import type { ServerInfoRepresentation } from '../../client/types/index.js';
import type { KindContext } from '../kind.js';
import { defineRead } from '../shared-read.js';

export function readServerInfo(ctx: KindContext): Promise<ServerInfoRepresentation> {
  return ctx.read(serverInfoRead);
}

/** Provider ids of one SPI (`eventsListener`, `required-action` …) deployed on the server. */
export function providerIds(info: ServerInfoRepresentation, spi: string): string[] {
  return Object.keys(info.providers?.[spi]?.providers ?? {}).sort();
}

const serverInfoRead = defineRead({
  name: 'server info',
  load: (ctx) => ctx.admin.getServerInfo(),
  staleAfter: [],
});
