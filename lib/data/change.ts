import type { EntityManager } from '@mikro-orm/postgresql';
import { audit, type Change } from './audit.ts';
import type { Viewer } from '../auth/viewer.ts';
import { guardConflicts } from './concurrency.ts';

/** What a change's work is handed: the transaction, and the audit entry writer bound to it and the viewer. */
export interface Work {
  tx: EntityManager;
  audit: (change: Change) => void;
}

/**
 * The one shape of a change (ARCHITECTURE.md, "Changes"): `work` runs in its own transaction, checks scope and
 * rules, changes rows and records what it did with `audit`, all committed together or not at all. With `what`,
 * one that loses a race at commit is refused with CONFLICT naming it (`guardConflicts`).
 */
export function change<T>(em: EntityManager, viewer: Viewer, work: (w: Work) => Promise<T>, what?: string): Promise<T> {
  const run = () => em.transactional((tx) => work({ tx, audit: (entry) => audit(tx, viewer, entry) }));
  return what ? guardConflicts(what, run) : run();
}
