// Every failure is one TemplateError with a stable code, Jinja's wording for what went wrong, the file and
// line given by the caller, the template text, and a hint. Never a stack trace.
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../engine/template/errors.js';
import { templateValue } from '../../../engine/template/public-api.js';
import { context, oracleVars } from './engine-fixture.js';

function failure(template: string): TemplateError {
  try {
    templateValue(template, oracleVars, context({ origin: { file: 'roles/etcd/tasks/main.yml', line: 12, col: 7, what: "argument 'cmd'" } }));
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`no error from ${template}`);
}

describe('undefined values are errors wherever they are used', () => {
  it.each([
    ['{{ foo }}', "'foo' is undefined"],
    ['x {{ foo }} y', "'foo' is undefined"],
    ['{{ foo.bar }}', "'foo' is undefined"],
    ['{{ d.missing }}', "'dict object' has no attribute 'missing'"],
    ['{{ d.missing.deeper }}', "'dict object' has no attribute 'missing'"],
    ['{{ l[5] }}', 'list object has no element 5'],
    ['{{ d.b[7] }}', 'list object has no element 7'],
    ["{{ s.nope }}", "'str object' has no attribute 'nope'"],
    ['{{ n.x }}', "'None' has no attribute 'x'"],
    ['{{ foo == 1 }}', "'foo' is undefined"],
    ['{{ 1 != foo }}', "'foo' is undefined"],
    ['{{ not foo }}', "'foo' is undefined"],
    ["{{ foo or 'x' }}", "'foo' is undefined"],
    ['{{ foo and true }}', "'foo' is undefined"],
    ['{{ foo + 1 }}', "'foo' is undefined"],
    ['{{ -foo }}', "'foo' is undefined"],
    ["{{ foo ~ 'x' }}", "'foo' is undefined"],
    ['{{ foo | upper }}', "'foo' is undefined"],
    ["{{ 'x' | replace(foo, 'y') }}", "'foo' is undefined"],
    ['{{ foo | length }}', "'foo' is undefined"],
    ["{{ 'a' in foo }}", "'foo' is undefined"],
    ['{{ foo is string }}', "'foo' is undefined"],
    ['{% for x in foo %}{{ x }}{% endfor %}', "'foo' is undefined"],
    ['{% if foo %}x{% endif %}', "'foo' is undefined"],
    ["{{ foo('x') }}", "'foo' is undefined"],
    ['{{ s.nope() }}', "'str object' has no attribute 'nope'"],
    ['{{ [] | first }}', 'No first item, sequence was empty.'],
    ['{{ foo | mandatory }}', "Mandatory variable 'foo' not defined."],
    ["{{ foo | mandatory('set foo in group_vars/etcd.yml') }}", 'set foo in group_vars/etcd.yml'],
  ])('%s: %s', (template, reason) => {
    const error = failure(template);
    expect(error.code).toBe('QUORUM_TEMPLATE_UNDEFINED');
    expect(error.details.reason).toBe(reason);
    expect(error.message.startsWith(`roles/etcd/tasks/main.yml:12:7: QUORUM_TEMPLATE_UNDEFINED: ${reason} in argument 'cmd' `)).toBe(true);
    expect(error.message).toContain(JSON.stringify(template));
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['{{ foo }}', 'define it (play vars, inventory, role defaults or -e), or guard it with "is defined" or "| default(...)"'],
    ['{{ d.missing }}', 'check the key name, or guard it with "is defined" or "| default(...)"'],
  ])('%s has the hint %j', (template, hint) => {
    expect(failure(template).diagnostic.hint).toBe(hint);
  });
});

describe('other failures name what went wrong', () => {
  it.each([
    ['{{ 1 + }}', 'QUORUM_TEMPLATE_SYNTAX', 'template syntax error: unexpected token: }}'],
    ['{% if x %}no end', 'QUORUM_TEMPLATE_SYNTAX', 'template syntax error: expected elif, else, or endif, got end of file'],
    ['{% for u in users if u.on %}{{ u.name }}{% endfor %}', 'QUORUM_TEMPLATE_SYNTAX', "template syntax error: loop filters ('{% for x in items if condition %}') are not supported"],
    ['{{ l | nosuchfilter }}', 'QUORUM_TEMPLATE_ERROR', "no filter named 'nosuchfilter'"],
    ['{{ l is nosuchtest }}', 'QUORUM_TEMPLATE_ERROR', "no test named 'nosuchtest'"],
    ["{{ 'a' + 1 }}", 'QUORUM_TEMPLATE_ERROR', "unsupported operand type(s) for +: 'str' and 'int'"],
    ['{{ d + d }}', 'QUORUM_TEMPLATE_ERROR', "unsupported operand type(s) for +: 'dict' and 'dict'"],
    ['{{ 1 / 0 }}', 'QUORUM_TEMPLATE_ERROR', 'division by zero'],
    ["{{ 1 < 'a' }}", 'QUORUM_TEMPLATE_ERROR', "'<' not supported between instances of 'int' and 'str'"],
    ["{{ l | sort(attribute='name', wrong=1) }}", 'QUORUM_TEMPLATE_ERROR', "sort() got an unexpected keyword argument 'wrong'"],
    ["{{ 'x' | from_json }}", 'QUORUM_TEMPLATE_ERROR', 'from_json: the input is not valid JSON'],
    ["{{ d | combine({}, list_merge='merge') }}", 'QUORUM_TEMPLATE_ERROR', 'combine: list_merge must be one of replace, keep, append, prepend, append_rp, prepend_rp'],
    ["{{ 'x' | hash('nope') }}", 'QUORUM_TEMPLATE_ERROR', "hash: unknown algorithm 'nope'"],
    ["{{ '%d' % 'x' }}", 'QUORUM_TEMPLATE_ERROR', '%d format: a real number is required, not str'],
    ["{{ '%s %s' % 'a' }}", 'QUORUM_TEMPLATE_ERROR', 'not enough arguments for format string'],
    ["{{ 'a' is version('1.0', 'about') }}", 'QUORUM_TEMPLATE_ERROR', 'Invalid operator type (about)'],
    ["{{ '1.a' is version('1.0', '<') }}", 'QUORUM_TEMPLATE_ERROR', "Version comparison failed: cannot compare '1.a' with '1.0' ('a' against '0')"],
    ["{{ lookup('nope', 'x') }}", 'QUORUM_TEMPLATE_ERROR', "lookup plugin 'nope' not found"],
    ['{{ num() }}', 'QUORUM_TEMPLATE_ERROR', "'num' is not callable"],
    ['{% for x in 5 %}{% endfor %}', 'QUORUM_TEMPLATE_ERROR', "'int' object is not iterable"],
    ["{{ 'abc' | regex_search('(') }}", 'QUORUM_TEMPLATE_ERROR', "invalid regular expression '('"],
  ])('%s -> %s %s', (template, code, reason) => {
    const error = failure(template);
    expect(error.code).toBe(code);
    expect(error.details.reason.startsWith(reason)).toBe(true);
    expect(error.message.startsWith(`roles/etcd/tasks/main.yml:12:7: ${code}: ${reason}`)).toBe(true);
  });
});

describe('positions inside multi-line templates', () => {
  it.each([
    ['line one\n{{ foo }}', 2],
    ['a\nb\n{% if x is defined %}{% endif %}{{ d.nope }}', 3],
    ['{% for i in l %}\n{{ i }}\n{{ i | nofilter }}\n{% endfor %}', 3],
    ['1\n2\n3\n{{ 1 +* 2 }}', 4],
  ])('%j fails at template line %i', (template, line) => {
    let caught: unknown;
    try {
      templateValue(template, oracleVars, context());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const error = caught as TemplateError;
    expect(error.details.templateLine).toBe(line);
    expect(error.message).toContain(`at line ${line} of the template`);
  });
});
