import { describe, expect, it } from 'vitest';
import { shouldRunTask } from '../../../engine/execute/tags.js';

// Each row was checked against Ansible's Taggable.evaluate_tags rules.
describe('shouldRunTask', () => {
  it.each<[string, string[], string[], string[], boolean]>([
    ['no selection runs an untagged task', [], [], [], true],
    ['no selection runs a tagged task', ['etcd'], [], [], true],
    ['no selection skips a never task', ['never'], [], [], false],
    ['a never task runs when one of its other tags is asked for', ['never', 'debug'], ['debug'], [], true],
    ['--tags selects a matching task', ['etcd', 'config'], ['config'], [], true],
    ['--tags skips an untagged task', [], ['config'], [], false],
    ['--tags keeps an always task', ['always'], ['config'], [], true],
    ['--tags tagged runs any tagged task', ['x'], ['tagged'], [], true],
    ['--tags tagged skips an untagged task', [], ['tagged'], [], false],
    ['--tags tagged skips a never task', ['never'], ['tagged'], [], false],
    ['--tags untagged runs an untagged task', [], ['untagged'], [], true],
    ['--tags untagged skips a tagged task', ['x'], ['untagged'], [], false],
    ['--skip-tags skips a matching task', ['restart'], [], ['restart'], false],
    ['--skip-tags keeps others', ['config'], [], ['restart'], true],
    ['--skip-tags does not skip always', ['always'], [], ['restart'], true],
    ['--skip-tags always skips an always task', ['always'], [], ['always'], false],
    ['--skip-tags all skips everything but always', ['x'], [], ['all'], false],
    ['--skip-tags all keeps always', ['always'], [], ['all'], true],
    ['--skip-tags all and always skip always too', ['always'], [], ['all', 'always'], false],
    ['--skip-tags tagged skips tagged tasks', ['x'], [], ['tagged'], false],
    ['--skip-tags tagged keeps untagged ones', [], [], ['tagged'], true],
    ['skip wins over only', ['config'], ['config'], ['config'], false],
  ])('%s', (_name, tags, only, skip, expected) => {
    expect(shouldRunTask(tags, { only, skip })).toBe(expected);
  });
});
