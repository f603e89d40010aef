import { createRequire } from 'node:module';
import type * as DiffModule from 'diff';

// `diff` costs ~30 ms to load and is needed only when a result carries a diff (--diff, or quorum plan): it is
// required the first time one is printed, not at every start (the listener that prints is synchronous).
let diffModule: typeof DiffModule | undefined;
function structuredPatch(...args: Parameters<typeof DiffModule.structuredPatch>): ReturnType<typeof DiffModule.structuredPatch> {
  diffModule ??= createRequire(import.meta.url)('diff') as typeof DiffModule;
  return diffModule.structuredPatch(...args);
}
import type { HostResult, RunEvent } from '../events.js';
import { type Recap, formatRecapLine } from './recap.js';

// Ansible-like plain lines, for logs, CI and any output that is not a terminal (or --plain).

/** `TASK [name] ****...` padded with stars to 80 columns, as Ansible's default callback does. */
export function banner(text: string): string {
  return `${text} ${'*'.repeat(Math.max(3, 79 - text.length))}`;
}

function hostLabel(result: HostResult): string {
  return result.delegatedTo ? `[${result.host} -> ${result.delegatedTo}]` : `[${result.host}]`;
}

function itemLabel(result: HostResult): string {
  return result.item === undefined ? '' : ` => (item=${typeof result.item === 'string' ? result.item : JSON.stringify(result.item)})`;
}

/** The fields Ansible shows after a failure, in its order, without the empty ones. */
function failureDetail(result: HostResult): string {
  const detail: Record<string, unknown> = {};
  if (result.rc !== undefined) detail.rc = result.rc;
  if (result.msg !== undefined) detail.msg = result.msg;
  if (result.stderr) detail.stderr = result.stderr;
  if (result.stdout) detail.stdout = result.stdout;
  return JSON.stringify(detail);
}

/** A unified diff per changed file, headed `--- before: PATH` / `+++ after: PATH` as Ansible prints it. */
export function diffLines(result: HostResult): string[] {
  const lines: string[] = [];
  for (const d of result.diff ?? []) {
    const beforeHeader = d.beforeHeader ?? d.afterHeader ?? result.task;
    const afterHeader = d.afterHeader ?? beforeHeader;
    const patch = structuredPatch(beforeHeader, afterHeader, d.before, d.after, '', '', { context: 3 });
    lines.push(`--- before: ${beforeHeader}`, `+++ after: ${afterHeader}`);
    for (const hunk of patch.hunks) {
      lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
      lines.push(...hunk.lines);
    }
    lines.push('');
  }
  return lines;
}

/** `fatal: [h1]: FAILED! => {...}` for a task, `failed: [h1] (item=x) => {...}` for one item of a loop. */
function failureLine(result: HostResult, label: string): string {
  if (result.item === undefined) return `fatal: ${label}: FAILED! => ${failureDetail(result)}`;
  const item = typeof result.item === 'string' ? result.item : JSON.stringify(result.item);
  return `failed: ${label} (item=${item}) => ${failureDetail(result)}`;
}

export function formatHostResult(result: HostResult): string[] {
  // A loop's own result follows its items' lines; ansible-playbook prints only the items.
  if (result.loopSummary && result.status !== 'unreachable') return [];
  const label = hostLabel(result);
  const item = itemLabel(result);
  const shown = result.display ? ` => ${JSON.stringify(result.display, null, 4)}` : '';
  switch (result.status) {
    case 'ok':
      return [`ok: ${label}${item}${shown}`];
    case 'changed':
      return [...diffLines(result), `changed: ${label}${item}`];
    case 'skipped':
      return [`skipping: ${label}${item}`];
    case 'unreachable':
      return [`fatal: ${label}: UNREACHABLE! => ${JSON.stringify({ msg: result.msg ?? 'unreachable' })}`];
    case 'failed':
      return [failureLine(result, label)];
    case 'ignored':
      return [failureLine(result, label), '...ignoring'];
    case 'rescued':
      // Ansible counts a rescue in the recap and prints no line for it.
      return [];
  }
}

/** Turns events into lines; `write` receives each line without its newline. */
export function plainReporter(write: (line: string) => void, recap: Recap): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'play_start':
        write('');
        write(banner(`PLAY [${event.play}]`));
        break;
      case 'batch_start': {
        const quorum =
          event.votersUp !== undefined && event.quorum !== undefined
            ? ` (${event.cluster}: ${event.votersUp} voters up, quorum ${event.quorum}, margin ${event.votersUp - event.quorum})`
            : '';
        write('');
        write(banner(`BATCH ${event.index}/${event.count} [${event.hosts.join(', ')}]${quorum}`));
        break;
      }
      case 'task_start':
        write('');
        write(banner(`${event.handler ? 'RUNNING HANDLER' : 'TASK'} [${event.role ? `${event.role} : ` : ''}${event.task}]`));
        break;
      case 'host_result':
        for (const line of formatHostResult(event)) write(line);
        break;
      case 'gate':
        write(`gate ${event.status}: [${event.cluster}] ${event.detail}`);
        break;
      case 'leader_moved':
        write(`leadership moved: [${event.cluster}] ${event.from} -> ${event.to}`);
        break;
      case 'warning':
        write(`[WARNING]: ${event.message}`);
        break;
      case 'run_end':
        write('');
        write(banner('PLAY RECAP'));
        for (const [host, stats] of recap.entries()) write(formatRecapLine(host, stats));
        write('');
        break;
      case 'run_start':
        break;
    }
  };
}
