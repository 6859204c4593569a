import { change, type Work } from '../../../lib/data/change.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { STUDIO_LEVEL_OFFICES } from '../../../lib/domain/vocabulary.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { Studio } from './studio.entity.ts';

/**
 * One change to a studio, in one transaction (`change()`): the managing office (or one above) with an editor's role, based
 * on the version the client read (an older one is CONFLICT, never a lost update). The studio's version and
 * updatedAt move with every change, team changes included, so incremental sync sees them.
 */
export function changeStudio(
  ctx: SubgraphContext,
  input: { id: string; version: number },
  what: string,
  work: (w: Work, studio: Studio) => Promise<void>,
): Promise<Studio> {
  return change(
    ctx.em,
    ctx.viewer,
    async (w) => {
      const studio = await findForChange(w.tx, ctx.viewer, Studio, input.id, '工作室');
      assertMayChange(ctx.viewer, studio, STUDIO_LEVEL_OFFICES[studio.level], ['editor'], what);
      assertVersion('工作室', input.version, studio.version);
      await work(w, studio);
      studio.updatedAt = new Date();
      return studio;
    },
    '工作室',
  );
}
