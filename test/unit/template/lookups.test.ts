// lookup() and query(): env reads the environment the caller passes, file reads relative to the caller's
// search path (first match wins, trailing whitespace dropped as Ansible does), vars reads lazy variables.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../../../engine/template/errors.js';
import { templateValue } from '../../../engine/template/public-api.js';
import { context } from './engine-fixture.js';

const base = mkdtempSync(join(tmpdir(), 'quorum-lookup-'));
mkdirSync(join(base, 'role-files'));
mkdirSync(join(base, 'playbook'));
writeFileSync(join(base, 'role-files', 'ca.pem'), '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n\n');
writeFileSync(join(base, 'playbook', 'ca.pem'), 'shadowed by the role file\n');
writeFileSync(join(base, 'playbook', 'token'), '  s3cret  \n');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const searchPath = [join(base, 'role-files'), join(base, 'playbook')];
const vars = { cluster: 'etcd-{{ suffix }}', suffix: 'main', names: ['a', 'b'] };

describe('lookups', () => {
  it.each([
    ["{{ lookup('env', 'HOME') }}", '/home/sre'],
    ["{{ lookup('env', 'UNSET_VARIABLE') }}", ''],
    ["{{ lookup('env', 'UNSET_VARIABLE', default='fallback') }}", 'fallback'],
    ["{{ lookup('env', 'EMPTY') | default('x', true) }}", 'x'],
    ["{{ lookup('env', 'HOME', 'EMPTY') }}", '/home/sre,'],
    ["{{ query('env', 'HOME') }}", ['/home/sre']],
    ["{{ q('env', 'HOME', 'EMPTY') }}", ['/home/sre', '']],
    ["{{ lookup('env', 'HOME', wantlist=true) }}", ['/home/sre']],
    ["{{ lookup('file', 'ca.pem') }}", '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----'],
    ["{{ lookup('file', 'token') }}", '  s3cret'],
    ["{{ lookup('file', 'token', lstrip=true) }}", 's3cret'],
    ["{{ lookup('file', 'token', rstrip=false) }}", '  s3cret  \n'],
    [`{{ lookup('file', '${join(base, 'playbook', 'ca.pem')}') }}`, 'shadowed by the role file'],
    ["{{ lookup('vars', 'cluster') }}", 'etcd-main'],
    ["{{ lookup('vars', 'nope', default='d') }}", 'd'],
    ["{{ query('list', 'a', 'b') }}", ['a', 'b']],
    ["{{ query('items', names, 'c') }}", ['a', 'b', 'c']],
    ["{{ query('dict', {'k': 1}) }}", [{ key: 'k', value: 1 }]],
  ])('%s -> %j', (template, expected) => {
    expect(templateValue(template, vars, context({ searchPath }))).toEqual(expected);
  });

  it.each([
    ["{{ lookup('file', 'absent.txt') }}", 'could not locate file in lookup: absent.txt', `looked in ${searchPath.join(', ')}`],
    ["{{ lookup('vars', 'nope') }}", 'No variable found with this name: nope', 'define it (play vars, inventory, role defaults or -e), or guard it with "is defined" or "| default(...)"'],
    ["{{ lookup('pipe', 'date') }}", "lookup plugin 'pipe' not found", 'quorum has env, file, vars, list, items, dict'],
    ["{{ lookup('env', missing_name) }}", "'missing_name' is undefined", 'define it (play vars, inventory, role defaults or -e), or guard it with "is defined" or "| default(...)"'],
  ])('%s fails: %s', (template, reason, hint) => {
    let caught: unknown;
    try {
      templateValue(template, vars, context({ searchPath, origin: { file: 'site.yml', line: 3 } }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).details.reason).toBe(reason);
    expect((caught as TemplateError).diagnostic.hint).toBe(hint);
    expect((caught as TemplateError).message.startsWith(`site.yml:3: `)).toBe(true);
  });
});
