// templateValue on strings with text around the templates, on lists and dicts, and the literal reading
// Ansible applies to rendered text. Expected values are Ansible 2.14's for the same inputs.
import { describe, expect, it } from 'vitest';
import { OMIT_TOKEN, stripOmitted } from '../../../engine/template/omit.js';
import { templateValue } from '../../../engine/template/public-api.js';
import { context, engine, oracleVars } from './engine-fixture.js';

describe('strings with text around templates', () => {
  it.each([
    ['x {{ none }} y', 'x  y'],
    ['x {{ true }} y', 'x True y'],
    ['x {{ l }} y', 'x [3, 1, 2] y'],
    ['x {{ d }} y', "x {'a': 1, 'b': [1, 2]} y"],
    ["x {{ {'q': \"it's\"} }}", `x {'q': "it's"}`],
    ['x {{ s }}', 'x Hello World'],
    ['{{ num }}-{{ num }}', '5-5'],
    ["{{ 'k8s' | upper }}:{{ 2379 }}", 'K8S:2379'],
    ['{{ 10 / 4 }}', 2.5],
    ['no templates here', 'no templates here'],
    ['{ not a template }', '{ not a template }'],
    ['[{{ num }}, 2]', [5, 2]],
    ["{{ 'True' }}", true],
    ['{{ \'{"a": 1}\' }}', { a: 1 }],
    ['{{ d | to_json }}', '{"a": 1, "b": [1, 2]}'],
    ['{{ d | to_nice_yaml }}', 'a: 1\nb:\n- 1\n- 2\n'],
    ["{{ l | string }}", '[3, 1, 2]'],
    ['{{ "1" }}', '1'],
    ["[{% for u in users %}'{{ u.name }}',{% endfor %}]", ['a', 'b']],
    ['{% for i in l %}{{ loop.index }}:{{ i }}{% if not loop.last %},{% endif %}{% endfor %}', '1:3,2:1,3:2'],
    ['{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', 'a=1;b=[1, 2];'],
    ['{% for k in d %}{{ k }}{% endfor %}', 'ab'],
    ['{% for c in "ab" %}{{ loop.index0 }}{{ c }}{% endfor %}', '0a1b'],
    ['{% for x in [] %}x{% else %}empty{% endfor %}', 'empty'],
    ['{% set z = num * 2 %}{{ z }}', '10'],
    ['{% if n is none %}none{% elif n %}set{% else %}falsy{% endif %}', 'none'],
    ['{% if [] %}yes{% else %}no{% endif %}', 'no'],
    ['{# comment #}text', 'text'],
    ['{% raw %}{{ kept }}{% endraw %}', '{{ kept }}'],
    ['a{{- " b " -}}c', 'a b c'],
    ["{{ x | default(omit) }}", OMIT_TOKEN],
    ['{% macro peer(h) %}{{ h }}=https://{{ h }}:2380{% endmacro %}{{ peer("etcd1") }}', 'etcd1=https://etcd1:2380'],
    ['{% macro m(a, b=2) %}{{ a + b }}{% endmacro %}x{{ m(1) }}', 'x3'],
    ['{% set block %}captured {{ num }}{% endset %}[{{ block }}]', '[captured 5]'],
    ['{% filter upper %}shout {{ s }}{% endfilter %}', 'SHOUT HELLO WORLD'],
    ["{% for u in users | selectattr('on') %}{{ u.name }}{% endfor %}", 'a'],
    ['{% for x in (l if n else d) %}{{ x }}{% endfor %}', 'ab'],
    ["{% macro peer(h) %}{{ h }}:2380{% endmacro %}{{ peer('x') | upper }}", 'X:2380'],
  ])('%j -> %j', (template, expected) => {
    expect(templateValue(template, oracleVars, context())).toEqual(expected);
  });
});

describe('lists and dicts are walked', () => {
  it.each([
    [['{{ num }}', 'x{{ num }}', 7], [5, 'x5', 7]],
    [{ port: '{{ num }}', name: 'etcd-{{ s | lower | replace(" ", "-") }}' }, { port: 5, name: 'etcd-hello-world' }],
    [{ '{{ s }}': 'key templated' }, { 'Hello World': 'key templated' }],
    [{ nested: [{ v: '{{ d.b }}' }] }, { nested: [{ v: [1, 2] }] }],
    [{ keep: true, count: 3, none: null }, { keep: true, count: 3, none: null }],
  ])('%j -> %j', (value, expected) => {
    expect(templateValue(value, oracleVars, context())).toEqual(expected);
  });
});

describe('omit', () => {
  it.each([
    [{ a: OMIT_TOKEN, b: 1 }, { b: 1 }],
    [{ a: { b: OMIT_TOKEN, c: [1, OMIT_TOKEN] } }, { a: { c: [1] } }],
    [[OMIT_TOKEN, 'x'], ['x']],
    ['plain', 'plain'],
    [{ a: null }, { a: null }],
  ])('stripOmitted(%j) -> %j', (value, expected) => {
    expect(stripOmitted(value)).toEqual(expected);
  });

  it('drops an argument set with default(omit)', () => {
    const args = templateValue({ name: 'etcd', mode: '{{ file_mode | default(omit) }}' }, oracleVars, context());
    expect(stripOmitted(args)).toEqual({ name: 'etcd' });
  });
});

describe('compiled templates are cached per engine', () => {
  it.each([
    ['{{ num + 1 }} cached one', 6],
    ['{{ l | length }} cached two', 3],
  ])('%s is compiled once however often it is rendered', (template, number) => {
    const before = engine.compiledCount;
    const results = Array.from({ length: 50 }, (_, i) => templateValue(template, { ...oracleVars, i }, context()));
    expect(results.every((result) => result === `${number} ${template.split(' ').slice(-2).join(' ')}`)).toBe(true);
    expect(engine.compiledCount - before).toBe(1);
  });
});

describe("expressions from Kubespray's etcd role", () => {
  const kubesprayVars = {
    groups: { etcd: ['etcd1', 'etcd2'] },
    hostvars: { etcd1: { ip: '10.0.0.1', etcd_member_name: 'etcd1' }, etcd2: { ip: '10.0.0.2' } },
    fallback_ips: {},
    etcd_events_cluster_setup: 'false',
    inventory_hostname: 'etcd2',
  };
  it.each([
    [
      "{% for item in groups['etcd'] -%}{{ hostvars[item].etcd_member_name | default(\"etcd\" + loop.index|string) }}=https://{{ hostvars[item].etcd_access_address | default(hostvars[item].ip | default(fallback_ips[item])) }}:2380{% if not loop.last %},{% endif %}{%- endfor %}",
      'etcd1=https://10.0.0.1:2380,etcd2=https://10.0.0.2:2380',
    ],
    ["{{ (etcd_events_cluster_setup | bool) | ternary('a', 'b') }}", 'b'],
    ["{{ groups['etcd'] | length // 2 }}", 1],
    ["{{ hostvars[groups['etcd'][0]]['ip'] }}", '10.0.0.1'],
    ["{{ groups['etcd'].index(inventory_hostname) + 1 }}", 2],
    ["{{ inventory_hostname in groups['etcd'] }}", true],
  ])('%s', (template, expected) => {
    expect(templateValue(template, kubesprayVars, context())).toEqual(expected);
  });
});
