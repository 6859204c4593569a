import { isUuid } from '../../lib/input.ts';
import { nodeTypesField } from '../../lib/node.ts';
import { builder } from './builder.ts';
import { findEvaluation } from './evaluation/evaluation.schema.ts';

/** What evaluations answers `node(id:)` for (lib/node.ts). */
nodeTypesField(builder, [{ name: 'Evaluation', accepts: isUuid, find: findEvaluation }]);
