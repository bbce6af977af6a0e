// The one piece of logic the GraphQL edge owns: Hydra's snake_case wire names
// ↔ GraphQL's camelCase names. The type-level helpers let the compiler check
// that the GraphQL classes cover every wire field (see types/client.ts).

/** `client_secret_expires_at` → `clientSecretExpiresAt`, as a type. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The same object with camelCase keys. */
export type Camelize<T> = { [K in keyof T as K extends string ? CamelCase<K> : never]: T[K] };

export const snakeToCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export const camelToSnake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** True when T and U have exactly the same keys; used in compile-time checks. */
export type SameKeys<T, U> = [Exclude<keyof T, keyof U>, Exclude<keyof U, keyof T>] extends [never, never] ? true : false;
