// Reading Express's parsed query: a parameter may come as a string, an array
// (repeated) or be absent.

/** The first non-empty string value of a query parameter. */
export const queryString = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
};
