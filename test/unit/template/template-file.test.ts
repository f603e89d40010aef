// renderTemplateFile: the template module's rendering. The expected text is what Ansible 2.14's template
// module wrote for the same file and variables (trim_blocks=True, lstrip_blocks=False, None printed empty).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../../../engine/template/errors.js';
import { renderTemplateFile } from '../../../engine/template/public-api.js';
import { context } from './engine-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'quorum-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function templateFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ETCD_CONF = `# {{ ansible_managed | default('managed') }}
{# a comment #}
name: {{ name }}
{% if peers %}
initial-cluster: {% for p in peers %}{{ p.name }}=https://{{ p.ip }}:2380{% if not loop.last %},{% endif %}{% endfor %}

{% endif %}
  {% if true %}
indented-block-tag
  {% endif %}
{%- if false %}
never
{%- endif %}
flags:
{% for k, v in flags | dictsort %}
  {{ k }}: {{ v | to_json }}
{% endfor %}
enabled: {{ enabled }}
none: {{ nothing }}
list: {{ peers | map(attribute='name') | list }}
last line without newline
`;

const ETCD_CONF_RENDERED = `# Ansible managed
name: etcd1
initial-cluster: etcd1=https://127.0.0.1:2380,etcd2=https://127.0.0.2:2380
  indented-block-tag
  flags:
  a: "x"
  b: 2
enabled: True
none: 
list: ['etcd1', 'etcd2']
last line without newline
`;

const vars = {
  ansible_managed: 'Ansible managed',
  name: 'etcd1',
  peers: [
    { name: 'etcd1', ip: '127.0.0.1' },
    { name: 'etcd2', ip: '127.0.0.2' },
  ],
  flags: { b: 2, a: 'x' },
  enabled: true,
  nothing: null,
};

describe('template files render as the template module does', () => {
  it.each([
    ['etcd.conf.j2', ETCD_CONF, ETCD_CONF_RENDERED],
    ['no-newline.j2', 'no trailing newline {{ name }}', 'no trailing newline etcd1'],
    ['trim.j2', '{% if true %}\nkept\n{% endif %}\nend\n', 'kept\nend\n'],
    ['lstrip.j2', '    {% if true %}\nx\n    {% endif %}\n', '    x\n    '],
    ['dash.j2', 'a\n  {%- if true -%}\n  b\n  {%- endif %}\nc\n', 'abc\n'],
    ['list.j2', '[{{ peers | map(attribute="ip") | join(", ") }}]\n', '[127.0.0.1, 127.0.0.2]\n'],
    ['yaml.j2', '{{ {"etcd": flags} | to_nice_yaml }}', 'etcd:\n    a: x\n    b: 2\n'],
    ['looks-like-list.j2', '[{{ name }}]', '[etcd1]'],
  ])('%s', (name, text, expected) => {
    expect(renderTemplateFile(templateFile(name, text), vars, context())).toBe(expected);
  });
});

describe('template file errors name the file and its line', () => {
  it.each([
    ['undefined.j2', 'line 1\nline 2 {{ missing_var }}\n', 2, 'QUORUM_TEMPLATE_UNDEFINED', "'missing_var' is undefined"],
    ['attr.j2', '{% for p in peers %}\n{{ p.port }}\n{% endfor %}\n', 2, 'QUORUM_TEMPLATE_UNDEFINED', "'dict object' has no attribute 'port'"],
    ['syntax.j2', 'a\nb\n{% if name %}\nunclosed\n', 5, 'QUORUM_TEMPLATE_SYNTAX', 'template syntax error: expected elif, else, or endif, got end of file'],
    ['filter.j2', '\n\n\n{{ name | nofilter }}', 4, 'QUORUM_TEMPLATE_ERROR', "no filter named 'nofilter'"],
  ])('%s fails at line %i', (name, text, line, code, reason) => {
    const path = templateFile(name, text);
    let caught: unknown;
    try {
      renderTemplateFile(path, vars, context({ displayPath: `roles/etcd/templates/${name}` }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const error = caught as TemplateError;
    expect(error.code).toBe(code);
    expect(error.diagnostic.file).toBe(`roles/etcd/templates/${name}`);
    expect(error.diagnostic.line).toBe(line);
    expect(error.message.startsWith(`roles/etcd/templates/${name}:${line}:`)).toBe(true);
    expect(error.message).toContain(`${code}: ${reason}`);
  });

  it('a missing template file is one clear error', () => {
    expect(() => renderTemplateFile(join(dir, 'absent.j2'), vars, context({ displayPath: 'roles/etcd/templates/absent.j2' }))).toThrow(
      'roles/etcd/templates/absent.j2: QUORUM_TEMPLATE_ERROR: cannot read the template file: ENOENT',
    );
  });
});
