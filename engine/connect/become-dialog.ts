import type { BecomeDialog } from './remote-command.js';

// The conversation with `sudo -S -p PROMPT` when a become password is given (as ansible-core does it): the
// password is written only when sudo prints our prompt on stderr, and the command's own stdin only once the
// shell under sudo has printed the success marker on stdout. So a password never reaches a command that sudo
// let through without asking (NOPASSWD), and stdin is never read by sudo as a password attempt.
// Streams are handled as latin1 strings: one char per byte, so binary output passes unchanged.

export type DialogAction = 'send-password' | 'send-stdin' | 'wrong-password';

export interface DialogOutput {
  text: string;
  actions: DialogAction[];
}

export class BecomeDialogStreams {
  private stdoutPending = '';
  private stderrPending = '';
  private prompts = 0;
  private started = false;

  constructor(private readonly dialog: BecomeDialog) {}

  /** True once the command under sudo runs (the success marker was seen). */
  get commandStarted(): boolean {
    return this.started;
  }

  get passwordRejected(): boolean {
    return this.prompts > 1;
  }

  stdout(chunk: string): DialogOutput {
    if (this.started) return { text: chunk, actions: [] };
    this.stdoutPending += chunk;
    const markerLine = `${this.dialog.successMarker}\n`;
    const at = this.stdoutPending.indexOf(markerLine);
    if (at < 0) return { text: '', actions: [] };
    this.started = true;
    const text = this.stdoutPending.slice(0, at) + this.stdoutPending.slice(at + markerLine.length);
    this.stdoutPending = '';
    // stderr held back until now (sudo's lecture, minus the prompts) is released by takeHeldStderr().
    return { text, actions: ['send-stdin'] };
  }

  stderr(chunk: string): DialogOutput {
    if (this.started) return { text: chunk, actions: [] };
    this.stderrPending += chunk;
    const actions: DialogAction[] = [];
    let at: number;
    while ((at = this.stderrPending.indexOf(this.dialog.prompt)) >= 0) {
      this.stderrPending = this.stderrPending.slice(0, at) + this.stderrPending.slice(at + this.dialog.prompt.length);
      this.prompts++;
      // A second prompt means sudo refused the first answer: answering again would feed it stdin.
      actions.push(this.prompts === 1 ? 'send-password' : 'wrong-password');
    }
    return { text: '', actions };
  }

  /** At the end, whatever is still held back (sudo's own messages when it failed). */
  flush(): { stdout: string; stderr: string } {
    const out = { stdout: this.stdoutPending, stderr: this.stderrPending };
    this.stdoutPending = '';
    this.stderrPending = '';
    return out;
  }

  /** stderr that was held back before the marker, released once the command starts. */
  takeHeldStderr(): string {
    if (!this.started) return '';
    const held = this.stderrPending;
    this.stderrPending = '';
    return held;
  }
}
