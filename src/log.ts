// A small leveled logger (text or JSON lines on stderr), configured by
// `log.level` and `log.format`.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function normalizeLevel(level: string): Level {
  if (level === 'trace' || level === 'debug') return 'debug';
  if (level === 'warning' || level === 'warn') return 'warn';
  if (level === 'error' || level === 'fatal' || level === 'panic') return 'error';
  return 'info';
}

export function createLogger(level: string = 'info', format: string = 'text', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const min = RANK[normalizeLevel(level)];
  const emit = (lvl: Level, msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[lvl] < min) return;
    const time = new Date().toISOString();
    if (format.startsWith('json')) {
      write(JSON.stringify({ time, level: lvl, msg, ...fields }) + '\n');
    } else {
      const extra = Object.entries(fields).map(([k, v]) => ` ${k}=${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}`).join('');
      write(`${time} ${lvl.toUpperCase().padEnd(5)} ${msg}${extra}\n`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
