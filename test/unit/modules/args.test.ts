import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkModuleArgs, moduleArgSchema, modules } from '../../../engine/modules/registry.js';
import type { JsonObject } from '../../../engine/modules/types.js';

// Argument checking with Ansible's messages, and the JSON Schemas the loader validates with: both must
// accept and refuse the same arguments.

describe('checkModuleArgs gives Ansible\'s messages', () => {
  it.each<[string, JsonObject, string[]]>([
    ['copy', { dest: '/x', content: 'a' }, []],
    ['ansible.builtin.copy', { dest: '/x', src: 'a' }, []],
    ['copy', { content: 'a' }, ['missing required arguments: dest']],
    ['copy', { dest: '/x', content: 'a', src: 'b' }, ['parameters are mutually exclusive: content|src']],
    ['copy', { dest: '/x' }, ['one of the following is required: content, src']],
    ['copy', { dest: '/x', content: 'a', backup: 'maybe' }, ["argument 'backup' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean."]],
    ['copy', { dest: '/x', content: 'a', bogus: 1 }, ['Unsupported parameters for (copy) module: bogus. Supported parameters include: backup, content, dest, follow, force, group, mode, owner, remote_src, src, thirsty, validate.']],
    ['file', { path: '/x', state: 'hard' }, ['value of state must be one of: absent, directory, file, link, touch, got: hard']],
    ['file', { path: '/x', state: 'link' }, ['state is link but all of the following are missing: src']],
    ['file', { dest: '/x', path: '/y' }, ['Both option path and its alias dest are set; keep one of them']],
    ['lineinfile', { path: '/x', line: 'a', insertafter: 'EOF', insertbefore: 'BOF' }, ['parameters are mutually exclusive: insertbefore|insertafter']],
    ['wait_for', { port: 'eighty' }, ["argument 'port' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int"]],
    ['wait_for', { port: '2379', timeout: '10' }, []],
    ['service', { name: 'etcd' }, ['one of the following is required: state, enabled']],
    ['systemd', { daemon_reload: 'yes' }, []],
    ['meta', { _raw_params: 'flush_handlers' }, []],
    ['meta', { _raw_params: 'end_everything' }, ['value of _raw_params must be one of: noop, flush_handlers, refresh_inventory, clear_facts, clear_host_errors, end_play, end_host, end_batch, reset_connection, got: end_everything']],
    ['set_fact', { etcd_ready: true, cacheable: 'no' }, []],
    ['assert', { that: 'x > 1' }, []],
    ['nosuchmodule', {}, ["couldn't resolve module/action 'nosuchmodule'"]],
  ])('%s %j', (name, args, messages) => {
    expect(checkModuleArgs(name, args).map((p) => p.message)).toEqual(messages);
  });

  it.each<[string, JsonObject, string | undefined]>([
    ['copy', { content: 'a', dest: '/x', bogus: 1 }, 'bogus'],
    ['copy', { dest: '/x', content: 'a', backup: 'maybe' }, 'backup'],
    ['file', { path: '/x', state: 'hard' }, 'state'],
    ['copy', { content: 'a' }, undefined],
  ])('%s %j names the argument %s (for the loader\'s position)', (name, args, key) => {
    expect(checkModuleArgs(name, args)[0]?.key).toBe(key);
  });
});

describe('normalized arguments', () => {
  it.each<[string, JsonObject, JsonObject]>([
    ['file', { dest: '/x', recurse: 'yes', mode: 420 }, { path: '/x', recurse: true, mode: 420, force: false, follow: true }],
    ['copy', { dest: '/x', content: 'a', thirsty: 'no' }, { dest: '/x', content: 'a', force: false, backup: false, remote_src: false, follow: false }],
    ['wait_for', { port: '2379' }, { port: 2379, host: '127.0.0.1', state: 'started', timeout: 300, delay: 0, sleep: 1, connect_timeout: 5 }],
    ['command', { argv: ['echo', 1] }, { argv: ['echo', '1'], stdin_add_newline: true, strip_empty_ends: true }],
    ['assert', { that: 'a == 1' }, { that: ['a == 1'], quiet: false }],
  ])('%s %j', (name, raw, expected) => {
    const module = modules[name as keyof typeof modules];
    expect(module.check(raw).args).toEqual(expected);
  });
});

describe('a JSON Schema derived from its spec', () => {
  it('file: aliases as properties, choices as enums, defaults, required through an alias, and the conditional rule', () => {
    const mode = { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0, maximum: 0o7777 }] };
    const bool = { anyOf: [{ type: 'boolean' }, { enum: ['yes', 'no', 'true', 'false', 'on', 'off', 'y', 'n', '1', '0', 'True', 'False', 'Yes', 'No'] }, { enum: [0, 1] }] };
    const text = { type: ['string', 'number', 'boolean'] };
    const path = { anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }] };
    expect(moduleArgSchema('ansible.builtin.file')).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        path: text, dest: text, name: text,
        state: { enum: ['absent', 'directory', 'file', 'link', 'touch'] },
        src: text, mode, owner: text, group: text,
        recurse: { ...bool, default: false }, force: { ...bool, default: false }, follow: { ...bool, default: true },
        access_time: { enum: ['now', 'preserve'] }, modification_time: { enum: ['now', 'preserve'] },
      },
      allOf: [path, { if: { properties: { state: { const: 'link' } }, required: ['state'] }, then: { allOf: [{ required: ['src'] }] } }],
    });
  });
});

describe('the JSON Schemas agree with checkModuleArgs', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  it.each<[string, JsonObject]>([
    ['copy', { dest: '/x', content: 'a' }],
    ['copy', { content: 'a' }],
    ['copy', { dest: '/x', content: 'a', src: 'b' }],
    ['copy', { dest: '/x' }],
    ['copy', { dest: '/x', content: 'a', backup: 'yes' }],
    ['copy', { dest: '/x', content: 'a', bogus: 1 }],
    ['file', { name: '/x', state: 'directory', mode: '0755' }],
    ['file', { path: '/x', state: 'link' }],
    ['file', { path: '/x', state: 'hard' }],
    ['wait_for', { port: '2379', timeout: 30 }],
    ['wait_for', { port: 2379, path: '/x' }],
    ['service', { name: 'etcd', state: 'started' }],
    ['service', { name: 'etcd' }],
    ['set_fact', { anything: [1, 2] }],
    ['template', { src: 'a.j2', dest: '/b', validate: 'visudo -cf %s' }],
  ])('%s %j', (name, args) => {
    const schema = moduleArgSchema(name);
    expect(schema).toBeDefined();
    const valid = ajv.validate(schema!, args);
    expect(valid).toBe(checkModuleArgs(name, args).length === 0);
  });

  it.each(Object.keys(modules))('%s has a schema that ajv compiles', (name) => {
    expect(() => ajv.compile(moduleArgSchema(name)!)).not.toThrow();
  });
});
