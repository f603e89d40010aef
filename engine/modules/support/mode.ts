import type { ModeArg } from '../args/spec.js';

// File modes as Ansible takes them: an octal string ('0644', '644', '1777'), a number that already is the
// mode (YAML 1.1 reads 0644 as 420), or a symbolic mode ('u+rwx,g-w,o=r', 'a+X') applied to the current one.

const whoBits: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 };

function permBits(perms: string, isDirOrExecutable: boolean): number {
  let bits = 0;
  for (const p of perms) {
    if (p === 'r') bits |= 0o444;
    else if (p === 'w') bits |= 0o222;
    else if (p === 'x') bits |= 0o111;
    else if (p === 'X') bits |= isDirOrExecutable ? 0o111 : 0;
    else if (p === 's') bits |= 0o6000;
    else if (p === 't') bits |= 0o1000;
  }
  return bits;
}

function applyClause(current: number, clause: string, isDir: boolean): number | undefined {
  const match = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
  if (!match) return undefined;
  const who = match[1] === '' || match[1]!.includes('a') ? 'ugo' : match[1]!;
  let mask = 0;
  for (const w of who) mask |= whoBits[w] ?? 0;
  let mode = current;
  for (const op of match[2]!.match(/[-+=][rwxXst]*/g) ?? []) {
    const bits = permBits(op.slice(1), isDir || (mode & 0o111) !== 0) & mask;
    if (op[0] === '+') mode |= bits;
    else if (op[0] === '-') mode &= ~bits;
    else mode = (mode & ~(mask & 0o777)) | bits;
  }
  return mode;
}

/** True for a mode written symbolically ('u+x'), false for an octal one. */
export function isSymbolicMode(mode: ModeArg): boolean {
  return typeof mode === 'string' && !/^[0-7]{1,4}$/.test(mode);
}

/** The mode bits wanted, given the current ones (for symbolic modes); undefined when the mode is invalid. */
export function resolveMode(mode: ModeArg, current: number, isDir: boolean): number | undefined {
  if (typeof mode === 'number') return mode >= 0 && mode <= 0o7777 ? mode : undefined;
  if (/^[0-7]{1,4}$/.test(mode)) return parseInt(mode, 8);
  let result = current;
  for (const clause of mode.split(',')) {
    const next = applyClause(result, clause.trim(), isDir);
    if (next === undefined) return undefined;
    result = next;
  }
  return result;
}

/** '0644' as Ansible prints modes in results. */
export function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

export function invalidModeMessage(mode: ModeArg): string {
  return `mode must be in octal or symbolic form: got ${JSON.stringify(mode)} (write it quoted, e.g. mode: '0644' or mode: 'u+rwx,go-w')`;
}
