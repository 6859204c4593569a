import { p } from '@mikro-orm/core';

/** When a row was created and last changed, kept by every entity that changes. */
export const timestamps = () => ({
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
});

/**
 * What every fact about a studio kept outside the studios subgraph carries: the studio, and its region and host
 * school as they were, so rollups and scope need no other subgraph's tables.
 */
export const aboutStudio = () => ({
  studioId: p.uuid(),
  regionCode: p.string().length(6),
  /** null on rows recorded before the host school was kept: school users do not see them. */
  hostSchoolId: p.uuid().nullable(),
});

/** A fact about a studio that is its own row: its uuid id, then what `aboutStudio` carries (in that column order). */
export const studioFact = () => ({ id: p.uuid().primary(), ...aboutStudio() });
