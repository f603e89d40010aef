import { access, readFile } from 'node:fs/promises';
import { LabError, LabErrorCode } from './errors.js';
import { lastLine, runCommand } from './run-command.js';

/**
 * Makes an ed25519 key pair at `file` and `file.pub` unless one is there already (an existing lab keeps its
 * keys, so known_hosts entries and logins stay valid across `up`s). Returns the public key line.
 */
export async function ensureKeyPair(sshKeygen: string, file: string, comment: string): Promise<string> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const made = await runCommand(sshKeygen, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
    if (made.rc !== 0) {
      throw new LabError(LabErrorCode.host, `ssh-keygen could not make ${file}: ${lastLine(made.stderr)}`);
    }
  }
  return (await readFile(`${file}.pub`, 'utf8')).trim();
}
