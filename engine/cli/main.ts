import { Command, CommanderError } from 'commander';
import { QuorumError } from '../errors.js';
import { installSignalHandlers } from '../execute/interrupts.js';
import { ExitCode } from '../exit-codes.js';
import { commands } from './commands.js';
import { version } from '../version.js';

// The entry point of every quorum command. Command files register their options here; their actions load
// what they need lazily, so that `quorum inventory` never pays for ssh2 or etcd3 at start-up.
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('quorum')
    .description('Ansible-style playbooks with rolling changes that never break a raft quorum.')
    .version(version, '--version')
    .showHelpAfterError('(run `quorum --help` or `quorum <command> --help` for the options)')
    .exitOverride();
  let exitCode: number = ExitCode.ok;
  for (const define of commands) {
    define(program, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportFailure(err);
  }
}

function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (unknown option, missing argument, ...); help and version exit 0.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.ok;
    }
    return ExitCode.badOptions;
  }
  if (err instanceof QuorumError) {
    const hint = err.hint ? `\n  hint: ${err.hint}` : '';
    process.stderr.write(`${err.message}${hint}\n`);
    return err.exitCode;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`quorum: unexpected error (a bug in quorum; please report it with this output):\n${stack}\n`);
  return ExitCode.unexpected;
}

/** Runs the CLI as a process: parses process.argv and sets the exit code. Called by bin/quorum.js. */
export function runCli(): void {
  // Ctrl-C and SIGTERM end the process at once, except in a rollout: there they stop it between batches.
  installSignalHandlers();
  let settled = false;
  // Node ends a process whose event loop is empty even while a promise is pending, with exit code 0: a command
  // whose last step waited on something that can no longer happen would "succeed" without an answer. Never.
  process.once('beforeExit', () => {
    if (settled) return;
    process.stderr.write('quorum: the command stopped before it finished (a bug in quorum; please report it with this output)\n');
    process.exitCode = ExitCode.unexpected;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      settled = true;
      process.exitCode = code;
      exitIfHeldOpen(code);
    },
    (err) => {
      settled = true;
      process.stderr.write(`quorum: unexpected error: ${String(err)}\n`);
      process.exitCode = ExitCode.unexpected;
      exitIfHeldOpen(ExitCode.unexpected);
    },
  );
}

/** How long the process may stay after its command answered before it is ended regardless. */
const HELD_OPEN_GRACE_MS = 3000;

/**
 * Every command closes what it opened (execute/connection-provider.ts), so the process ends as soon as its
 * answer is written. Should a bug leave a socket or timer behind, the command must still end: after a grace
 * period the process says what held it (for a bug report) and exits with the command's own code. The timer is
 * unref'd: when nothing is left open, it never fires.
 */
function exitIfHeldOpen(code: number): void {
  const timer = setTimeout(() => {
    const held = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'Timeout');
    process.stderr.write(`quorum: the command ended but ${held.length} handle(s) were still open (${[...new Set(held)].join(', ')}): a bug in quorum; exiting\n`);
    process.exit(code);
  }, HELD_OPEN_GRACE_MS);
  timer.unref();
}
