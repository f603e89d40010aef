// Lazy variables: a variable's templates are evaluated when it is read, against the same scope; cycles and
// failures inside a variable name the variable chain; hostvars templates each host's variables for that host.
import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from '../../../engine/template/engine.js';
import { TemplateError } from '../../../engine/template/errors.js';
import { evaluateCondition, templateValue } from '../../../engine/template/public-api.js';
import type { TemplateContext } from '../../../engine/template/template-value.js';
import { HostVars } from '../../../engine/vars/hostvars.js';
import { magicVariables } from '../../../engine/vars/magic.js';
import { literalVariableNames, resolveVariables } from '../../../engine/vars/precedence.js';
import { ResolutionStack, VariableScope, type Vars } from '../../../engine/vars/scope.js';

const ctx: TemplateContext = { engine: await createTemplateEngine(), environment: {} };

const etcdVars: Vars = {
  etcd_name: '{{ inventory_hostname }}',
  etcd_ip: '127.0.13.{{ host_index }}',
  etcd_peer_url: 'https://{{ etcd_ip }}:2380',
  etcd_client_url: 'https://{{ etcd_ip }}:{{ etcd_client_port }}',
  etcd_client_port: 2379,
  etcd_members: "{{ groups['etcd'] }}",
  etcd_initial_cluster: "{% for h in etcd_members %}{{ h }}={{ hostvars[h].etcd_peer_url }}{% if not loop.last %},{% endif %}{% endfor %}",
  etcd_flags: { 'listen-client-urls': '{{ etcd_client_url }}', 'data-dir': '/var/lib/etcd/{{ etcd_name }}' },
  quorum_size: '{{ (etcd_members | length // 2) + 1 }}',
};

const hosts = ['etcd1', 'etcd2', 'etcd3'];
const groups = { all: hosts, etcd: hosts, ungrouped: [] as string[] };

function hostScope(host: string, resolution: ResolutionStack, hostvars: HostVars): VariableScope {
  const magic = magicVariables({
    inventoryHostname: host,
    groups,
    playHosts: hosts,
    playBatch: [host],
    checkMode: false,
    diffMode: false,
    hostvars,
    playbookDir: 'playbooks',
  });
  const values = resolveVariables({ roleDefaults: etcdVars, inventory: { host_index: hosts.indexOf(host) + 1 }, magic });
  return new VariableScope(values, ctx, { label: host, resolution });
}

function scopeFor(host: string): VariableScope {
  const resolution = new ResolutionStack();
  const hostvars: HostVars = new HostVars(hosts, (other) => hostScope(other, resolution, hostvars));
  return hostScope(host, resolution, hostvars);
}

describe('variables are templated lazily against their host', () => {
  it.each([
    ['etcd1', '{{ etcd_name }}', 'etcd1'],
    ['etcd2', '{{ etcd_peer_url }}', 'https://127.0.13.2:2380'],
    ['etcd3', '{{ etcd_flags }}', { 'listen-client-urls': 'https://127.0.13.3:2379', 'data-dir': '/var/lib/etcd/etcd3' }],
    ['etcd1', '{{ etcd_flags["data-dir"] }}', '/var/lib/etcd/etcd1'],
    ['etcd1', '{{ quorum_size }}', 2],
    ['etcd2', '{{ etcd_members | length }}', 3],
    ['etcd1', '{{ etcd_initial_cluster }}', 'etcd1=https://127.0.13.1:2380,etcd2=https://127.0.13.2:2380,etcd3=https://127.0.13.3:2380'],
    ['etcd1', "{{ hostvars['etcd3'].etcd_client_url }}", 'https://127.0.13.3:2379'],
    ['etcd1', "{{ groups['etcd'] | map('extract', hostvars, 'etcd_ip') | list }}", ['127.0.13.1', '127.0.13.2', '127.0.13.3']],
    ['etcd2', "{{ hostvars[inventory_hostname]['etcd_name'] }}", 'etcd2'],
    ['etcd2', "{{ vars['etcd_' ~ 'name'] }}", 'etcd2'],
    ['etcd3', '{{ group_names }}', ['etcd']],
    ['etcd3', '{{ inventory_hostname_short }}', 'etcd3'],
    ['etcd3', '{{ ansible_play_batch }}', ['etcd3']],
    ['etcd3', '{{ ansible_check_mode }}', false],
    ['etcd3', "{{ 'etcd9' in hostvars }}", false],
    ['etcd3', "{{ hostvars['etcd9'] is defined }}", false],
    ['etcd1', '{{ playbook_dir }}', 'playbooks'],
    ['etcd1', '{{ role_path is defined }}', false],
    ['etcd1', "{{ vars['quorum_size'] }}", 2],
    ['etcd1', "{{ (vars | dict2items | map(attribute='key') | list) is contains('etcd_ip') }}", true],
    ['etcd2', "{{ hostvars['etcd1'].hostvars is mapping }}", true],
    ['etcd2', "{{ (hostvars | to_json | from_json)['etcd3']['hostvars'] }}", '<recursive reference>'],
    ['etcd2', "{{ (hostvars | to_json | from_json)['etcd3']['etcd_flags']['data-dir'] }}", '/var/lib/etcd/etcd3'],
    ['etcd3', "{{ 'etcd1' in (vars | string) }}", true],
  ])('%s: %s', (host, template, expected) => {
    expect(templateValue(template, scopeFor(host), ctx)).toEqual(expected);
  });

  it.each([
    ['etcd1', 'etcd_client_port == 2379 and quorum_size == 2', true],
    ['etcd2', "inventory_hostname == groups['etcd'][0]", false],
    ['etcd1', "etcd_peer_url is search('127.0.13.1')", true],
  ])('%s: when %s -> %s', (host, condition, expected) => {
    expect(evaluateCondition(condition, scopeFor(host), ctx)).toBe(expected);
  });

  it.each([
    ['{{ result.stdout }}', '{{ not_a_template }}'],
    ['{{ result.stdout | length }}', 20],
    ['{{ fact }}', 'x'],
  ])('literal variables are never templated: %s', (template, expected) => {
    const layers = { setFacts: { result: { stdout: '{{ not_a_template }}' } }, playVars: { fact: '{{ "x" }}' } };
    const scope = new VariableScope(resolveVariables(layers), ctx, { literal: literalVariableNames(layers) });
    expect(templateValue(template, scope, ctx)).toBe(expected);
  });

  it('evaluates only the variables a template reads', () => {
    const scope = new VariableScope({ used: '{{ 1 + 1 }}', broken: '{{ undefined_thing }}' }, ctx);
    expect(templateValue('{{ used }}', scope, ctx)).toBe(2);
  });

  it.each([
    [{ item: 'a' }, 'path/a'],
    [{ item: 'b' }, 'path/b'],
  ])('with(%j) re-evaluates variables that use the loop item', (extra, expected) => {
    const scope = new VariableScope({ target: 'path/{{ item }}', item: 'unset' }, ctx);
    expect(templateValue('{{ target }}', scope, ctx)).toBe('path/unset');
    expect(templateValue('{{ target }}', scope.with(extra), ctx)).toBe(expected);
  });
});

function failure(vars: Vars, template: string): TemplateError {
  try {
    templateValue(template, new VariableScope(vars, ctx), { ...ctx, origin: { file: 'site.yml', line: 8, what: "argument 'msg'" } });
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('failures inside variables name the variables', () => {
  it.each([
    [{ a: '{{ a }}' }, '{{ a }}', "recursive loop in variables: 'a' -> 'a'"],
    [{ a: '{{ b }}', b: '{{ a }}' }, '{{ a }}', "recursive loop in variables: 'a' -> 'b' -> 'a'"],
    [{ a: '{{ b }}', b: '{{ c }}', c: 'x{{ a }}' }, 'v={{ a }}', "recursive loop in variables: 'a' -> 'b' -> 'c' -> 'a'"],
    [{ a: ['{{ b }}'], b: { k: '{{ a }}' } }, '{{ a }}', "recursive loop in variables: 'a' -> 'b' -> 'a'"],
  ])('%j: %s', (vars, template, reason) => {
    const error = failure(vars, template);
    expect(error.code).toBe('QUORUM_TEMPLATE_RECURSION');
    expect(error.details.reason).toBe(reason);
    expect(error.diagnostic.hint).toBe('a variable must not refer back to itself through other variables');
  });

  it.each([
    [{ a: '{{ b }}' }, '{{ a }}', "site.yml:8: QUORUM_TEMPLATE_UNDEFINED: 'b' is undefined in argument 'msg' \"{{ a }}\" while templating variable 'a'"],
    [{ a: 'x-{{ b }}', b: '{{ c.d }}', c: {} }, 'say {{ a }}', "site.yml:8: QUORUM_TEMPLATE_UNDEFINED: 'dict object' has no attribute 'd' in argument 'msg' \"say {{ a }}\" while templating variable 'a' -> 'b'"],
    [{ a: '{{ 1 +  }}' }, '{{ a }}', "site.yml:8: QUORUM_TEMPLATE_SYNTAX: template syntax error: unexpected token: }} in argument 'msg' \"{{ a }}\" while templating variable 'a'"],
  ])('%j: %s', (vars, template, message) => {
    const error = failure(vars, template);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('a cycle through hostvars of two hosts names both', () => {
    const resolution = new ResolutionStack();
    const values: { [host: string]: Vars } = {
      h1: { a: "{{ hostvars['h2'].b }}" },
      h2: { b: "{{ hostvars['h1'].a }}" },
    };
    const hostvars: HostVars = new HostVars(['h1', 'h2'], (host) =>
      new VariableScope({ ...values[host], hostvars }, ctx, { label: host, resolution }),
    );
    const error = (() => {
      try {
        templateValue('{{ a }}', hostvars.get('h1') as VariableScope, ctx);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).details.reason).toBe("recursive loop in variables: 'h1.a' -> 'h2.b' -> 'h1.a'");
  });
});

describe('magic variables', () => {
  it.each([
    ['etcd1.example.com', ['etcd'], { inventory_hostname_short: 'etcd1', group_names: ['etcd'] }],
    ['lb', ['ungrouped'], { inventory_hostname_short: 'lb', group_names: ['ungrouped'] }],
    ['etcd2', ['kube', 'etcd'], { inventory_hostname_short: 'etcd2', group_names: ['etcd', 'kube'] }],
  ])('%s in %j', (host, memberOf, expected) => {
    const groupTable: { [group: string]: string[] } = { all: [host], etcd: [], kube: [], ungrouped: [] };
    for (const group of memberOf) groupTable[group]?.push(host);
    const magic = magicVariables({
      inventoryHostname: host,
      groups: groupTable,
      playHosts: [host],
      playBatch: [host],
      checkMode: true,
      diffMode: true,
      hostvars: new HostVars([host], () => new VariableScope({}, ctx)),
      rolePath: 'roles/etcd_config',
    });
    expect(magic).toMatchObject({
      ...expected,
      inventory_hostname: host,
      ansible_check_mode: true,
      ansible_diff_mode: true,
      play_hosts: [host],
      ansible_play_hosts: [host],
      role_path: 'roles/etcd_config',
      omit: '__omit_place_holder__quorum__',
    });
  });
});
