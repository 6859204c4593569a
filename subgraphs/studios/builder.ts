import { createBuilder, externalEntity, externalRegion } from '../../lib/graphql.ts';

export const builder = createBuilder();
builder.mutationType({});

/** Entities owned by personnel that studios points at or adds fields to. */
export const RegionRef = externalRegion(builder);
export const SchoolRef = externalEntity(builder, 'School');
export const TeacherRef = externalEntity(builder, 'Teacher');
