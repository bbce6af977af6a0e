// A parsed application/x-www-form-urlencoded body (or query), as the token
// layer reads it: the first value of a parameter, or all of them.
export type FormInput = Record<string, string | string[] | undefined>;

export class Form {
  constructor(private readonly values: FormInput = {}) {}

  /** The first value, '' when absent. */
  get(name: string): string {
    const value = this.values[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  }

  all(name: string): string[] {
    const value = this.values[name];
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  /** The named parameters that are present, each with all its values. */
  pick(names: readonly string[]): Record<string, string[]> {
    return Object.fromEntries(names.filter((name) => this.values[name] !== undefined).map((name) => [name, this.all(name)]));
  }

  has(name: string): boolean {
    return this.get(name) !== '';
  }

  get isEmpty(): boolean {
    return Object.keys(this.values).length === 0;
  }
}
