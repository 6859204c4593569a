import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Operations the gateway cannot run, refused before planning as the client's mistake (HTTP 400): an operationName
 * the document lacks (or none given for several operations), and subscriptions, which the hub does not offer. The
 * query planner would otherwise fail on them with an internal error.
 */
export function operationChecks(): ApolloServerPlugin {
  const refuse = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation)
            throw request.operationName
              ? refuse('OPERATION_RESOLUTION_FAILURE', `文档中没有名为“${request.operationName}”的操作`)
              : refuse('OPERATION_RESOLUTION_FAILURE', '文档中有多个操作：请用 operationName 指明要执行哪一个');
          if (operation.operation === 'subscription')
            throw refuse('OPERATION_NOT_SUPPORTED', '本服务不提供订阅（subscription）：请改用查询（query）按需获取');
        },
      };
    },
  };
}

/**
 * A root field several subgraphs answer (`region`, lib/graphql/region-schema.ts) is asked of each of them in parallel, and a
 * refusal (FORBIDDEN, NOT_FOUND, BAD_USER_INPUT) then comes back once from each: the client is told once, by the
 * first subgraph that said it.
 */
export function oneErrorPerCause(): ApolloServerPlugin {
  const cause = (e: GraphQLFormattedError) => JSON.stringify([e.message, e.path, e.extensions?.code]);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const seen = new Set<string>();
          response.body.singleResult.errors = response.body.singleResult.errors.filter(
            (e) => !seen.has(cause(e)) && Boolean(seen.add(cause(e))),
          );
        },
      };
    },
  };
}
