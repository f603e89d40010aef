import { posix } from 'node:path';
import { shellQuote } from '../../connect/local.js';
import type { FactQuery, JsonValue, ModulePlan, PlanContext } from '../types.js';
import { commandResult } from './command-result.js';

// What command and shell share: `creates`/`removes` decide whether to run at all, check mode predicts,
// `chdir` and `stdin` shape the one step, and the step's output becomes the registered result.

export interface CommandRequest {
  /** The shell text to run (already quoted for command's argv). */
  script: string;
  /** The `cmd` field of the result: argv for command, the text for shell. */
  cmd: JsonValue;
  chdir?: string | undefined;
  creates?: string | undefined;
  removes?: string | undefined;
  stdin?: string | undefined;
  stdin_add_newline: boolean;
  strip_empty_ends: boolean;
}

export interface GuardFacts {
  creates: boolean;
  removes: boolean;
}

function relative(path: string | undefined, chdir: string | undefined): string | undefined {
  if (path === undefined || chdir === undefined || posix.isAbsolute(path)) return path;
  return posix.join(chdir, path);
}

/** A path that may hold glob characters: the literal parts quoted, the glob parts left for the shell. */
export function globWord(path: string): string {
  return path
    .split(/([*?]+|\[[^\]]*\])/)
    .map((part, i) => (i % 2 === 1 ? part : part === '' ? '' : shellQuote(part)))
    .join('');
}

function existsQuery(path: string | undefined): FactQuery<boolean> {
  if (path === undefined) return { command: 'true', parse: () => false };
  return {
    command: `for f in ${globWord(path)}; do if [ -e "$f" ] || [ -L "$f" ]; then echo yes; break; fi; done`,
    parse: ({ stdout }) => stdout.trim() === 'yes',
  };
}

export function guardQueries(request: Pick<CommandRequest, 'creates' | 'removes' | 'chdir'>) {
  return {
    creates: existsQuery(relative(request.creates, request.chdir)),
    removes: existsQuery(relative(request.removes, request.chdir)),
  };
}

export function planCommand(request: CommandRequest, facts: GuardFacts, ctx: PlanContext): ModulePlan {
  const creates = relative(request.creates, request.chdir);
  const removes = relative(request.removes, request.chdir);
  const values = { cmd: request.cmd };
  const notRun = (stdout: string, msg: string): ModulePlan => ({
    changed: false,
    steps: [],
    msg,
    values: { ...values, rc: 0, stdout, stderr: '', stdout_lines: [stdout], stderr_lines: [], msg },
  });
  if (creates !== undefined && facts.creates) {
    return notRun(`skipped, since ${creates} exists`, `Did not run command since '${creates}' exists`);
  }
  if (removes !== undefined && !facts.removes) {
    return notRun(`skipped, since ${removes} does not exist`, `Did not run command since '${removes}' does not exist`);
  }
  if (ctx.check) {
    const msg = 'Command would have run if not in check mode';
    const guarded = creates !== undefined || removes !== undefined;
    return guarded
      ? { changed: true, steps: [], msg, values: { ...values, msg } }
      : { changed: false, skipped: true, steps: [], msg, values: { ...values, msg } };
  }
  const script = request.chdir === undefined ? request.script : `cd -- ${shellQuote(request.chdir)} || exit 1\n${request.script}`;
  const stdin = request.stdin === undefined ? undefined : request.stdin + (request.stdin_add_newline ? '\n' : '');
  return {
    changed: true,
    steps: [{ kind: 'exec', command: script, mustSucceed: false, ...(stdin !== undefined ? { stdin } : {}) }],
    values,
    complete(outputs) {
      const result = commandResult(outputs[0], request.strip_empty_ends);
      return { ...result, values: { ...values, ...result.values } };
    },
  };
}
