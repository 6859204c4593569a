import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';

/**
 * Apollo Server gives every error raised while parsing and validating the code GRAPHQL_VALIDATION_FAILED. The
 * gateway's own refusals (operation limits, unregistered documents) carry their stable code in a tag at the end
 * of the message, and `withRefusalCodes` puts it back in `extensions.code`.
 */
const TAG = /〔([A-Z_]+)〕$/;

export function refusal(
  code: 'OPERATION_LIMIT_EXCEEDED' | 'OPERATION_NOT_REGISTERED',
  message: string,
  options: { nodes?: readonly ASTNode[]; detail: string },
) {
  return new GraphQLError(`${message}〔${code}〕`, {
    nodes: options.nodes,
    extensions: { http: { status: 400 }, detail: options.detail },
  });
}

export function withRefusalCodes(format: (f: GraphQLFormattedError, e: unknown) => GraphQLFormattedError) {
  return (formatted: GraphQLFormattedError, error: unknown) => {
    // graphql-js's own guard against selections too costly to validate (e.g. a field repeated a thousand times)
    if (formatted.message === 'Validation aborted.') {
      formatted = {
        ...formatted,
        message: '查询过于复杂，无法验证〔OPERATION_LIMIT_EXCEEDED〕',
        extensions: { ...formatted.extensions, detail: formatted.message },
      };
    }
    const tag = TAG.exec(formatted.message);
    if (!tag) return format(formatted, error);
    const message = formatted.message.replace(TAG, '');
    return format({ ...formatted, message, extensions: { ...formatted.extensions, code: tag[1] } }, error);
  };
}

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
