// How errors leave the GraphQL endpoint. A service's OAuth2Error becomes a
// GraphQL error whose extensions carry a machine-readable code, the HTTP status
// REST would have answered with, and the description; anything unexpected is
// logged and masked. Stack traces never leave (includeStacktraceInErrorResponses).
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { OAuth2Error } from '../domain/errors.js';
import type { Logger } from '../log.js';

/** Codes for errors whose `.error` is a phrase (Hydra's 404/409/400 texts) rather than an RFC code. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
};

export interface OAuth2ErrorExtensions {
  code: string;
  status: number;
  /** Hydra's `error_description` (description and hint). */
  description: string;
  /** Hydra's `error` member, unchanged. */
  error: string;
}

export function oauth2ErrorExtensions(err: OAuth2Error): OAuth2ErrorExtensions {
  const isCode = /^[a-z][a-z0-9_]*$/.test(err.error);
  const code = isCode ? err.error : (CODE_BY_STATUS[err.status] ?? (err.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST'));
  return { code, status: err.status, description: err.message, error: err.error };
}

/**
 * REST answers a login/consent request that was already handled with 410 and
 * `redirect_to`; GraphQL with this error, the URL in `extensions.redirectTo`.
 */
export function requestHandledError(redirectTo: string): GraphQLError {
  return new GraphQLError('The request has already been handled: send the browser to extensions.redirectTo.', {
    extensions: { code: 'GONE', status: 410, redirectTo },
  });
}

function oauth2ErrorMessage(err: OAuth2Error): string {
  const isCode = /^[a-z][a-z0-9_]*$/.test(err.error);
  if (isCode) return err.message || err.error;
  // Hydra's phrases ("Unable to locate the resource") read as the message.
  return err.message ? `${err.error}: ${err.message}` : err.error;
}

export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const { locations, path } = formatted;
    const where = { ...(locations && { locations }), ...(path && { path }) };
    if (original instanceof OAuth2Error) {
      if (original.status >= 500) logger.error('graphql operation failed', { path: path?.join('.'), error: original.message, debug: original.debug });
      return { message: oauth2ErrorMessage(original), ...where, extensions: { ...oauth2ErrorExtensions(original) } };
    }
    if (formatted.extensions?.code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR) {
      const e = original as { stack?: string; message?: string } | undefined;
      logger.error('graphql operation failed', { path: path?.join('.'), error: String(e?.stack ?? e?.message ?? original) });
      return { message: 'The server encountered an unexpected condition.', ...where, extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, status: 500 } };
    }
    return formatted;
  };
}
