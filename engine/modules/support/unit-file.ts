// The part of a systemd unit file that the pidfile service back end needs to run a service the way systemd
// would: the command, its user and group, environment, working directory and stop timeout.

export interface UnitWord {
  /** Literal text and variable references, in order; a word that is exactly `$VAR` splits on whitespace. */
  parts: ({ text: string } | { variable: string })[];
  splits: boolean;
}

export interface ServiceUnit {
  execStart: UnitWord[];
  execReload?: UnitWord[];
  user?: string;
  group?: string;
  /** Environment= assignments, in order. */
  environment: [string, string][];
  environmentFiles: { path: string; optional: boolean }[];
  workingDirectory?: string;
  /** Seconds; systemd's default is 90. */
  timeoutStopSec: number;
}

export type UnitParse = { unit: ServiceUnit } | { error: string };

/** The [Service] section's assignments, with continuation lines joined and comments dropped. */
function serviceEntries(text: string): [string, string][] {
  const entries: [string, string][] = [];
  let section = '';
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = pending + raw.trim();
    pending = '';
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1) + ' ';
      continue;
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      section = line;
      continue;
    }
    const eq = line.indexOf('=');
    if (section === '[Service]' && eq > 0) entries.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return entries;
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", s: ' ' };

/** Splits a value into words as systemd does: quotes group, backslash escapes. */
export function splitUnitWords(value: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i]!;
      word += escapes[next] ?? next;
      inWord = true;
    } else if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return `unbalanced quotes in: ${value}`;
  if (inWord) words.push(word);
  return words;
}

/** A word with its $VAR and ${VAR} references found, %n/%N/%% specifiers replaced. */
function toUnitWord(word: string, name: string): UnitWord {
  const withSpecifiers = word.replace(/%([nN%])/g, (_m, s: string) => (s === '%' ? '%' : s === 'n' ? `${name}.service` : name));
  const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(withSpecifiers);
  if (whole) return { parts: [{ variable: whole[1]! }], splits: true };
  const parts: UnitWord['parts'] = [];
  const pattern = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  let at = 0;
  for (let m = pattern.exec(withSpecifiers); m; m = pattern.exec(withSpecifiers)) {
    if (m.index > at) parts.push({ text: withSpecifiers.slice(at, m.index) });
    parts.push(m[0] === '$$' ? { text: '$' } : { variable: (m[1] ?? m[2])! });
    at = m.index + m[0].length;
  }
  if (at < withSpecifiers.length) parts.push({ text: withSpecifiers.slice(at) });
  return { parts, splits: false };
}

function commandLine(value: string, name: string): UnitWord[] | string {
  const stripped = value.replace(/^[-@+!:]+/, '');
  const words = splitUnitWords(stripped);
  return typeof words === 'string' ? words : words.map((w) => toUnitWord(w, name));
}

/** systemd time spans: '90', '90s', '1min 30s', '500ms', 'infinity' (read as a day). */
export function parseTimeSpan(value: string): number | undefined {
  if (value === 'infinity') return 86_400;
  const units: Record<string, number> = { '': 1, s: 1, sec: 1, ms: 0.001, m: 60, min: 60, h: 3600, hr: 3600 };
  let total = 0;
  const pattern = /\s*(\d+(?:\.\d+)?)\s*([a-z]*)/gy;
  let matched = 0;
  for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
    const unit = units[m[2]!];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    matched = pattern.lastIndex;
  }
  return matched === value.length && matched > 0 ? total : undefined;
}

export function parseServiceUnit(text: string, name: string): UnitParse {
  const unit: ServiceUnit = { execStart: [], environment: [], environmentFiles: [], timeoutStopSec: 90 };
  for (const [key, value] of serviceEntries(text)) {
    switch (key) {
      case 'ExecStart':
      case 'ExecReload': {
        if (value === '') continue;
        const words = commandLine(value, name);
        if (typeof words === 'string') return { error: `${key}: ${words}` };
        if (key === 'ExecStart' && unit.execStart.length === 0) unit.execStart = words;
        if (key === 'ExecReload') unit.execReload = words;
        break;
      }
      case 'User':
        unit.user = value;
        break;
      case 'Group':
        unit.group = value;
        break;
      case 'WorkingDirectory':
        unit.workingDirectory = value.replace(/^-/, '');
        break;
      case 'Environment': {
        const words = splitUnitWords(value);
        if (typeof words === 'string') return { error: `Environment: ${words}` };
        for (const word of words) {
          const eq = word.indexOf('=');
          if (eq > 0) unit.environment.push([word.slice(0, eq), word.slice(eq + 1)]);
        }
        break;
      }
      case 'EnvironmentFile':
        unit.environmentFiles.push({ path: value.replace(/^-/, ''), optional: value.startsWith('-') });
        break;
      case 'TimeoutStopSec':
      case 'TimeoutSec': {
        const seconds = parseTimeSpan(value);
        if (seconds === undefined) return { error: `${key}: cannot read the time span '${value}'` };
        unit.timeoutStopSec = seconds;
        break;
      }
    }
  }
  if (unit.execStart.length === 0) return { error: 'the unit has no ExecStart= in its [Service] section' };
  return { unit };
}
