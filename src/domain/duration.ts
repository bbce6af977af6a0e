// Go-style durations ("1h", "30m", "1h30m15s", "500ms"), the format Hydra's
// settings and client lifespans use.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const WHOLE = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

export function isDuration(text: string): boolean {
  return text === '0' || WHOLE.test(text);
}

/** Parses a Go duration into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (!WHOLE.test(text)) throw new RangeError(`"${text}" is not a duration such as "1h", "30m" or "1h30m"`);
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  return ms;
}

/** Formats milliseconds the way Go prints a time.Duration ("1h0m0s"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return ms < 1000 ? `${ms}ms` : `${s}s`;
}
