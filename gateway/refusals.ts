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
  nodes?: readonly ASTNode[],
) {
  return new GraphQLError(`${message}〔${code}〕`, { nodes });
}

export function withRefusalCodes(format: (f: GraphQLFormattedError, e: unknown) => GraphQLFormattedError) {
  return (formatted: GraphQLFormattedError, error: unknown) => {
    // graphql-js's own guard against selections too costly to validate (e.g. a field repeated a thousand times)
    if (formatted.message === 'Validation aborted.') {
      formatted = { ...formatted, message: '查询过于复杂，无法验证（Validation aborted.）〔OPERATION_LIMIT_EXCEEDED〕' };
    }
    const tag = TAG.exec(formatted.message);
    if (!tag) return format(formatted, error);
    const message = formatted.message.replace(TAG, '');
    return format({ ...formatted, message, extensions: { ...formatted.extensions, code: tag[1] } }, error);
  };
}
