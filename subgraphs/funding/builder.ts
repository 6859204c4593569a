import { createBuilder } from '../../lib/graphql/builder.ts';
import { regionEntity } from '../../lib/graphql/region-schema.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';
import { fundingSourceEnum, vocabularyEnum } from '../../lib/graphql/enums.ts';
import { SPENDING_CATEGORIES } from '../../lib/domain/vocabulary.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);

/** The enums that inputs (*.inputs.ts) take as well as objects give, here since an inputs file imports no schema file. */
export const FundingSourceEnum = fundingSourceEnum(builder);
export const SpendingCategoryEnum = vocabularyEnum(
  builder,
  'SpendingCategory',
  'The allowed uses of studio funds (003 附件). 支出类别',
  SPENDING_CATEGORIES,
);

/** Entities owned elsewhere that this subgraph points at or adds fields to. */
export const { RegionRef } = regionEntity(builder, NodeRef);
/** A studio; implemented with what studios says of it that the yearly budget requires in budget/budget.schema.ts. */
export const StudioRef = builder.externalRef('Studio', builder.selection<{ id: string }>('id'));
