import { describe, expect, it } from 'vitest';
import { becomeFailure, CommandOutput } from '../../../engine/connect/command-output.js';
import { becomeDialog } from '../../../engine/connect/remote-command.js';
import type { Become } from '../../../engine/connect/types.js';

describe('becomeFailure', () => {
  it.each<[string, Become | undefined, number, string, boolean, string | undefined]>([
    ['no become', undefined, 1, 'sudo: a password is required\n', false, undefined],
    ['ran fine', {}, 0, '', false, undefined],
    ['the command itself failed', {}, 1, 'grep: x: No such file\n', false, undefined],
    ['sudo -n wants a password', { user: 'etcd' }, 1, 'sudo: a password is required\n', false, 'sudo asks for a password to become etcd, and none was given'],
    ['sudo wants a terminal', {}, 1, 'sudo: a terminal is required to read the password; either use the -S option\n', false, 'sudo asks for a password to become root, and none was given'],
    ['a second prompt', { password: 'x' }, 1, 'Sorry, try again.\n', true, 'sudo refused the become password for root'],
    ['sudo counts the wrong attempts', { password: 'x' }, 1, 'sudo: 3 incorrect password attempts\n', false, 'sudo refused the become password for root'],
    ['sudo got no password', { password: 'x' }, 1, 'sudo: no password was provided\n', false, 'sudo refused the become password for root'],
  ])('%s', (_title, become, rc, stderr, rejected, message) => {
    expect(becomeFailure(become, rc, stderr, rejected)?.message).toBe(message);
  });
});

describe('CommandOutput', () => {
  type Step = ['out' | 'err', string] | ['start'];
  it.each<{ title: string; password?: string; steps: Step[]; written: string[]; stdout: string; stderr: string }>([
    {
      title: 'no dialog: stdin at start, bytes kept',
      steps: [['start'], ['out', 'a'], ['err', 'b'], ['out', '\u00ff']],
      written: ['end:IN'], stdout: 'a\u00ff', stderr: 'b',
    },
    {
      title: 'dialog: the password on the prompt, stdin after the marker',
      password: 'pw',
      steps: [['start'], ['err', '[quorum become k] password:'], ['out', 'QUORUM-BECOME-SUCCESS-k\nran\n']],
      written: ['write:pw\n', 'end:IN'], stdout: 'ran\n', stderr: '',
    },
    {
      title: 'dialog: a second prompt ends stdin',
      password: 'pw',
      steps: [['start'], ['err', '[quorum become k] password:'], ['err', 'Sorry, try again.\n[quorum become k] password:']],
      written: ['write:pw\n', 'end:'], stdout: '', stderr: 'Sorry, try again.\n',
    },
  ])('$title', ({ password, steps, written, stdout, stderr }) => {
    const log: string[] = [];
    const input = { write: (d: string) => void log.push(`write:${d}`), end: (d?: Buffer | string) => void log.push(`end:${d?.toString() ?? ''}`) };
    const output = new CommandOutput(input, 'IN', password, password === undefined ? undefined : becomeDialog('k'));
    for (const step of steps) {
      if (step[0] === 'start') output.start();
      else if (step[0] === 'out') output.stdout(Buffer.from(step[1], 'latin1'));
      else output.stderr(Buffer.from(step[1], 'latin1'));
    }
    const collected = output.finish();
    expect({ written: log, stdout: collected.stdout.toString('latin1'), stderr: collected.stderr.toString('latin1') }).toEqual({ written, stdout, stderr });
  });
});
