// Ansible's regexp arguments are Python regular expressions. The common syntax is the same in JavaScript;
// named groups and their back references are spelled differently, and backrefs templates use \1 and \g<name>.

/** A JavaScript RegExp for a Python pattern, or an error message naming the argument. */
export function compilePythonRegex(pattern: string, argument: string): RegExp | string {
  const translated = pattern.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
  try {
    return new RegExp(translated);
  } catch (error) {
    return `${argument} is not a valid regular expression: ${(error as Error).message}`;
  }
}

/** Python's match.expand(template): \1..\99, \g<1>, \g<name>, and the escapes \n \t \\. */
export function expandMatch(template: string, match: RegExpExecArray): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|([ntr\\]))/g, (_all, groupRef: string | undefined, number: string | undefined, escape: string | undefined) => {
    if (escape !== undefined) return ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as const)[escape as 'n' | 't' | 'r' | '\\'];
    const ref = groupRef ?? number ?? '0';
    const value = /^\d+$/.test(ref) ? match[Number(ref)] : match.groups?.[ref];
    return value ?? '';
  });
}
