import { describe, expect, it } from 'vitest';
import { BecomeDialogStreams, type DialogAction } from '../../../engine/connect/become-dialog.js';
import { becomeDialog } from '../../../engine/connect/remote-command.js';

const dialog = becomeDialog('t0k');
type Event = ['out' | 'err', string];

describe('BecomeDialogStreams', () => {
  it.each<{ title: string; events: Event[]; stdout: string; stderr: string; actions: DialogAction[]; started: boolean; rejected: boolean }>([
    {
      title: 'NOPASSWD: marker first, no prompt, the password is never sent',
      events: [['out', 'QUORUM-BECOME-SUCCESS-t0k\nhello\n'], ['err', 'warn\n']],
      stdout: 'hello\n', stderr: 'warn\n', actions: ['send-stdin'], started: true, rejected: false,
    },
    {
      title: 'prompt split over chunks, then marker split over chunks',
      events: [['err', '[quorum become'], ['err', ' t0k] password:'], ['out', 'QUORUM-BECOME-'], ['out', 'SUCCESS-t0k\nx'], ['out', 'y']],
      stdout: 'xy', stderr: '', actions: ['send-password', 'send-stdin'], started: true, rejected: false,
    },
    {
      title: 'wrong password: a second prompt is not answered',
      events: [['err', '[quorum become t0k] password:'], ['err', 'Sorry, try again.\n[quorum become t0k] password:'], ['err', 'sudo: 1 incorrect password attempt\n']],
      stdout: '', stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt\n', actions: ['send-password', 'wrong-password'], started: false, rejected: true,
    },
    {
      title: 'sudo refuses outright: its message is kept',
      events: [['err', 'sudo: unknown user bob\n']],
      stdout: '', stderr: 'sudo: unknown user bob\n', actions: [], started: false, rejected: false,
    },
    {
      title: 'binary bytes pass unchanged (latin1)',
      events: [['out', 'QUORUM-BECOME-SUCCESS-t0k\n\u0000\u00ff\u0080']],
      stdout: '\u0000\u00ff\u0080', stderr: '', actions: ['send-stdin'], started: true, rejected: false,
    },
  ])('$title', ({ events, stdout, stderr, actions, started, rejected }) => {
    const streams = new BecomeDialogStreams(dialog);
    let out = '';
    let err = '';
    const seen: DialogAction[] = [];
    for (const [which, chunk] of events) {
      const result = which === 'out' ? streams.stdout(chunk) : streams.stderr(chunk);
      if (which === 'out') out += result.text;
      else err += result.text;
      seen.push(...result.actions);
      err += streams.takeHeldStderr();
    }
    const rest = streams.flush();
    expect({ stdout: out + rest.stdout, stderr: err + rest.stderr, actions: seen, started: streams.commandStarted, rejected: streams.passwordRejected }).toEqual({
      stdout, stderr, actions, started, rejected,
    });
  });
});
