import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertMayChange, type OfficeLevel } from '../../../lib/auth.ts';
import { userError, type SubgraphContext } from '../../../lib/graphql.ts';
import { Studio, type StudioLevel } from './studio.entity.ts';

/** The office that set a studio of each level up, and so manages it. */
export const AUTHORITY: Record<StudioLevel, OfficeLevel> = {
  PROVINCIAL: 'PROVINCE',
  MUNICIPAL: 'CITY',
  COUNTY: 'COUNTY',
  SCHOOL: 'SCHOOL',
};

/**
 * One change to a studio, in one transaction: the managing office (or one above) with an editor's role, based
 * on the version the client read (an older one is CONFLICT, never a lost update). The studio's version and
 * updatedAt move with every change, team changes included, so incremental sync sees them.
 */
export async function changeStudio(
  ctx: SubgraphContext,
  input: { id: string; version: number },
  what: string,
  change: (tx: EntityManager, studio: Studio) => Promise<void>,
): Promise<Studio> {
  try {
    return await ctx.em.transactional(async (tx) => {
      const studio = await tx.findOne(Studio, { id: input.id });
      if (!studio) throw userError('NOT_FOUND', `未找到编号为 ${input.id} 的工作室`, { id: input.id });
      assertMayChange(ctx.viewer, studio, AUTHORITY[studio.level], ['editor'], what);
      if (studio.version !== input.version) {
        throw userError(
          'CONFLICT',
          `该工作室已被他人修改（您读到的是第 ${input.version} 版，现为第 ${studio.version} 版），请刷新后重试`,
          {
            currentVersion: studio.version,
          },
        );
      }
      await change(tx, studio);
      studio.updatedAt = new Date();
      return studio;
    });
  } catch (error) {
    if (error instanceof OptimisticLockError) throw userError('CONFLICT', '该工作室刚被他人修改，请刷新后重试');
    throw error;
  }
}
