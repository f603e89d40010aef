import type { Command } from 'commander';
import { defineLabCommand } from './lab.js';
import { defineInventoryCommand } from './inventory.js';
import { defineCheckCommand } from './check.js';
import { defineRunCommand } from './run.js';
import { definePlanCommand } from './plan.js';
import { defineApplyCommand } from './apply.js';
import { defineEtcdctlCommand } from './etcdctl.js';

/** Sets the process exit code from a command's action. */
export type SetExitCode = (code: number) => void;
/** Each command file exports one of these: it adds its subcommand and options to the program. */
export type DefineCommand = (program: Command, setExitCode: SetExitCode) => void;

// One import and one entry per command; each command lives in its own file beside this one and loads what
// it needs inside its action, so that start-up stays small.
export const commands: readonly DefineCommand[] = [defineLabCommand, defineInventoryCommand, defineCheckCommand, defineRunCommand, definePlanCommand, defineEtcdctlCommand, defineApplyCommand];
