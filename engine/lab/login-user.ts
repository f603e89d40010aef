import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { LabError, LabErrorCode } from './errors.js';
import { lastLine, runCommand } from './run-command.js';

export interface LoginUserPrograms {
  useradd: string;
  visudo: string;
}

const sudoersFile = (user: string): string => `/etc/sudoers.d/${user}`;

/** The sudoers rule that lets the login user become root without a password and without a terminal. */
export function renderSudoers(user: string): string {
  return [
    '# Written by `quorum lab up`: the lab login user reaches root with `sudo -n`, as playbooks expect.',
    `${user} ALL=(ALL:ALL) NOPASSWD: ALL`,
    `Defaults:${user} !requiretty`,
    '',
  ].join('\n');
}

/**
 * Makes sure the lab's login user exists on the machine (lab hosts share /etc/passwd's lower layer) with a
 * plain /bin/sh and passwordless sudo. Safe when several labs come up at once: a useradd that loses the race
 * finds the user made by the other.
 */
export async function ensureLoginUser(user: string, programs: LoginUserPrograms): Promise<void> {
  await ensureUser(user, programs.useradd);
  await ensureSudoers(user, programs.visudo);
}

async function userExists(user: string): Promise<boolean> {
  return (await runCommand('id', ['-u', user])).rc === 0;
}

async function ensureUser(user: string, useradd: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await userExists(user)) return;
    // '*' rather than a locked '!' password: sshd without PAM refuses locked accounts even for key logins.
    const made = await runCommand(useradd, ['--create-home', '--shell', '/bin/sh', '--password', '*', '--comment', 'quorum lab login user', user]);
    if (made.rc === 0) return;
    // rc 9: made meanwhile by another lab; rc 10: /etc/passwd locked by another useradd. Look again shortly.
    if (made.rc !== 9 && made.rc !== 10) {
      throw new LabError(LabErrorCode.loginUser, `cannot create the lab login user ${user}: ${lastLine(made.stderr)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!(await userExists(user))) {
    throw new LabError(LabErrorCode.loginUser, `cannot create the lab login user ${user}: /etc/passwd stayed locked`);
  }
}

async function ensureSudoers(user: string, visudo: string): Promise<void> {
  const wanted = renderSudoers(user);
  const target = sudoersFile(user);
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current === wanted) return;
  // A name with a dot is skipped by sudo's @includedir, so the file is never read half-checked; random, so
  // that labs coming up at once in one process do not share it.
  const tmp = `${target}.quorum-${randomBytes(6).toString('hex')}`;
  await writeFile(tmp, wanted, { mode: 0o440 });
  try {
    const check = await runCommand(visudo, ['-cf', tmp]);
    if (check.rc !== 0) {
      throw new LabError(LabErrorCode.loginUser, `visudo refused the lab's sudoers rule: ${lastLine(check.stdout + check.stderr)}`);
    }
    await chmod(tmp, 0o440);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}
