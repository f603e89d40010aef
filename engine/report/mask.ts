import type { HostResult, RunEvent } from '../events.js';

/** What Ansible prints in place of a no_log result; SREs grep for it. */
export const censoredMessage =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/**
 * Hides secrets in everything a view prints or a log keeps: the values it was told about (become passwords,
 * private key contents, vars marked secret) wherever they appear, and whole results of no_log tasks.
 */
export class SecretMasker {
  private readonly secrets = new Set<string>();

  /** Values shorter than this are not masked: masking "1" or "a" would garble every line. */
  static readonly minimumLength = 4;

  add(secret: string | undefined): void {
    if (secret === undefined) return;
    if (secret.length >= SecretMasker.minimumLength) this.secrets.add(secret);
    // A private key or a multi-line secret may be printed one line at a time.
    for (const line of secret.split('\n')) {
      const trimmed = line.trim();
      if (trimmed.length >= 16) this.secrets.add(trimmed);
    }
  }

  maskText(text: string): string {
    let masked = text;
    // Longest first, so that a secret containing another is hidden whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      masked = masked.split(secret).join('********');
    }
    return masked;
  }

  /** A copy of the event that is safe to print or store. */
  maskEvent(event: RunEvent): RunEvent {
    if (event.type === 'host_result' && event.noLog) return censor(event);
    const json = JSON.stringify(event);
    const masked = this.maskText(json);
    return masked === json ? event : (JSON.parse(masked) as RunEvent);
  }
}

function censor(result: HostResult): HostResult {
  const censored: HostResult = {
    type: 'host_result',
    task: result.task,
    host: result.host,
    status: result.status,
    noLog: true,
    msg: censoredMessage,
  };
  // What the recap counts by stays: hiding a result must not change the counts.
  if (result.ignored) censored.ignored = true;
  if (result.delegatedTo) censored.delegatedTo = result.delegatedTo;
  if (result.item !== undefined) censored.item = '********';
  if (result.loopSummary) censored.loopSummary = true;
  if (result.countAs) censored.countAs = result.countAs;
  if (result.changedToo) censored.changedToo = true;
  return censored;
}
