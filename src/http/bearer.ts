// The token of an `Authorization: Bearer …` header (RFC 6750 §2.1; the scheme
// is case-insensitive); undefined when the header is absent or another scheme.
import type { Request } from 'express';

export function bearerFromHeader(req: Request): string | undefined {
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  return space > 0 && header.slice(0, space).toLowerCase() === 'bearer' ? header.slice(space + 1) : undefined;
}
