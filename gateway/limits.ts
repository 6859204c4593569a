import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import { COST, costLimit } from './cost.ts';
import { refusal } from '../lib/graphql/errors.ts';

/**
 * Bounds on what one operation may ask for. The contract's operations need depth 5, a handful of aliases and a
 * cost well under the limit; an analyst's hand-written query has room to spare. Batched HTTP requests are off
 * (Apollo Server's default).
 */
export const LIMITS = { depth: 10, aliases: 15, cost: COST.limit, tokens: 3000, directives: 20 } as const;

const WHAT: [RegExp, string][] = [
  [/depth/i, `查询嵌套过深（最多 ${LIMITS.depth} 层）`],
  [/aliases/i, `别名过多（最多 ${LIMITS.aliases} 个）`],
  [/token/i, `查询过长（最多 ${LIMITS.tokens} 个词法单元）`],
  [/directives/i, `指令过多（最多 ${LIMITS.directives} 个）`],
];

/** graphql-armor's refusals, in the clerk's language with a stable code; the English detail is kept. */
function explain(error: GraphQLError): GraphQLError {
  const what = WHAT.find(([pattern]) => pattern.test(error.message))?.[1] ?? '查询超出限制';
  return refusal('OPERATION_LIMIT_EXCEEDED', what, { nodes: error.nodes, detail: error.message });
}

export function operationLimits(): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  // each protection hands its refusal to us, inside validation, where we report the explained error
  const reported = new WeakSet<ValidationContext>();
  const refusals = {
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) => {
        if (!ctx) return; // only the token limit refuses outside validation, and it is graphql-js's own here
        // a rule may refuse once per field past its limit; one clear error says it all (and a hundred would make
        // graphql-js give up with "Validation aborted.")
        if (reported.has(ctx)) return;
        reported.add(ctx);
        ctx.reportError(explain(error));
      },
    ],
    propagateOnRejection: false,
  };
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.depth, ignoreIntrospection: true, ...refusals },
    maxAliases: { n: LIMITS.aliases, ...refusals },
    // the cost is ours (cost.ts): it reads page sizes given as variables too, which a validation rule cannot see
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.directives, ...refusals },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  // graphql-armor is typed against Apollo Server's CommonJS build; the plugins are the same objects
  return {
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin[]), costLimit()],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: LIMITS.tokens },
  };
}
