import { p } from '@mikro-orm/core';

/** When a row was created and last changed, kept by every entity that changes. */
export const timestamps = () => ({
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
});
