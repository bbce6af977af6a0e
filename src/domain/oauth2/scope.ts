// Scope and audience matching as Hydra (fosite) does it. Both the browser flow
// and the token endpoint check requested scopes and audiences with these.

export type ScopeStrategy = 'wildcard' | 'exact';

/** Space-separated scopes as a list, empty entries dropped. */
export const splitScope = (scope: string | undefined): string[] => (scope ?? '').split(' ').filter(Boolean);

/**
 * Wildcard matching (`strategies.scope: wildcard`): dot-separated parts, `*`
 * stands for any one non-empty part, and a shorter matcher must end in `*`
 * (`foo.*` matches `foo.bar` and `foo.bar.baz`, not `foo`).
 */
function wildcardMatch(matcher: string, needle: string): boolean {
  const m = matcher.split('.');
  const n = needle.split('.');
  if (m.length > n.length) return false;
  for (let i = 0; i < n.length; i++) {
    if (i >= m.length) return m.at(-1) === '*';
    if (m[i] === '*') {
      if (n[i] === '') return false;
      continue;
    }
    if (m[i] !== n[i]) return false;
  }
  return true;
}

/** Whether one of `allowed` (a client's scopes, or a token's granted scopes) covers `needle`. */
export function scopeAllowed(strategy: ScopeStrategy, allowed: readonly string[], needle: string): boolean {
  return allowed.some((matcher) => (strategy === 'wildcard' ? wildcardMatch(matcher, needle) : matcher === needle));
}

/** The first requested scope not covered by `allowed`, or undefined when all are. */
export function firstDisallowedScope(strategy: ScopeStrategy, allowed: readonly string[], requested: readonly string[]): string | undefined {
  return requested.find((scope) => !scopeAllowed(strategy, allowed, scope));
}

/**
 * Hydra's audience matching: a requested audience is allowed when an allowed
 * one has the same scheme and host and its path equals, or is a parent of,
 * the requested path (trailing slashes ignored). Returns the first requested
 * audience not allowed (or not a URL), or undefined when all are allowed.
 */
export function firstDisallowedAudience(allowed: readonly string[], requested: readonly string[]): string | undefined {
  const parse = (value: string) => {
    try {
      return new URL(value);
    } catch {
      return undefined;
    }
  };
  const trim = (path: string) => path.replace(/\/+$/, '');
  return requested.find((audience) => {
    const wanted = parse(audience);
    if (!wanted) return true;
    return !allowed.some((candidate) => {
      const allow = parse(candidate);
      if (!allow || allow.protocol !== wanted.protocol || allow.host !== wanted.host) return false;
      const base = trim(allow.pathname);
      const path = trim(wanted.pathname);
      return path === base || path.startsWith(`${base}/`);
    });
  });
}

/** The `audience` parameter: repeated values as they are, a single value split on spaces. */
export function audienceParameter(values: readonly string[]): string[] {
  if (values.length === 1) return splitScope(values[0]);
  return values.filter(Boolean);
}
