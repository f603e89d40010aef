// The wire format of the persistent root shell (root-shell.ts): one `sudo` per connection instead of one per
// command. sudo costs about 60 ms of a host's CPU and a round trip's wall time on every exec (PAM, sudoers,
// logging); the shell pays it once and then runs each command as its own `/bin/sh -c` child.
//
// A request is a header line `<script bytes> <stdin bytes>`, then the script, then the stdin. The shell reads
// each part with `head -c`, which never reads past the count it is given, so the stream stays in step. The
// command runs with stdin, stdout and stderr on private files (a command that leaves a process behind cannot
// hold the channel, nor write into a later command's output, since every command gets fresh files). A reply
// is a line `<rc> <stdout bytes> <stderr bytes>`, then both outputs, byte for byte.

/** The line the shell prints once sudo has let it run, before it reads its first request. */
export function readyLine(nonce: string): string {
  return `__quorum_root_shell_${nonce}_ready`;
}

/** Files of finished commands are removed in batches of this many (a removal is one more process each). */
const filesKeptAtMost = 16;

/**
 * The script the shell runs (as `/bin/sh -c` under sudo). Every process it starts costs a host a few ms (far
 * more under gVisor), so a command takes four: `head` for the script, the command's `sh`, `stat`, `cat`; and
 * a fifth `head` only when it has stdin (without, it reads /dev/null: end of input at once, as an empty pipe).
 */
export function rootShellScript(nonce: string): string {
  return [
    'd=$(mktemp -d) || exit 1',
    `trap 'rm -rf "$d"' EXIT`,
    `trap 'exit 129' HUP`,
    `trap 'exit 143' TERM`,
    'k=0',
    `printf '%s\\n' '${readyLine(nonce)}'`,
    'while read -r n m; do',
    '  k=$((k+1))',
    // The request's script ends with a '.' (encodeRequest), so that the substitution strips no newline of it.
    '  s=$(head -c "$n") || exit 1',
    '  i=/dev/null',
    '  if [ "$m" -gt 0 ]; then i="$d/i$k"; head -c "$m" > "$i" || exit 1; fi',
    // A subshell that execs: its redirections apply in the child only, so the "Terminated" that sh prints for
    // a command killed by a signal goes to this shell's stderr, not into the command's.
    '  ( exec /bin/sh -c "${s%.}" ) < "$i" > "$d/o$k" 2> "$d/e$k"',
    '  rc=$?',
    '  set -- $(stat -c %s "$d/o$k" "$d/e$k")',
    `  printf '%s %s %s\\n' "$rc" "$1" "$2"`,
    '  cat "$d/o$k" "$d/e$k"',
    `  [ $((k % ${filesKeptAtMost})) -ne 0 ] || rm -f "$d"/*`,
    'done',
  ].join('\n');
}

/** One request: the shell line to run (cwd, env and such already written into it) and its stdin. */
export function encodeRequest(line: string, stdin: Buffer | string = ''): Buffer {
  const script = Buffer.from(`${line}.`, 'utf8');
  const input = typeof stdin === 'string' ? Buffer.from(stdin, 'utf8') : stdin;
  return Buffer.concat([Buffer.from(`${script.length} ${input.length}\n`, 'latin1'), script, input]);
}

export interface RootShellReply {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
}

/**
 * Cuts the shell's stdout back into replies. Anything before the ready line is dropped (nothing is expected
 * there, but a login script could print). Throws on a header that does not parse: the stream is then out of
 * step and the shell must not be used again.
 */
export class RootShellReader {
  private pending: Buffer = Buffer.alloc(0);
  private isReady = false;
  private header: { rc: number; stdoutBytes: number; stderrBytes: number } | undefined;

  constructor(private readonly ready: string) {}

  get started(): boolean {
    return this.isReady;
  }

  /** Takes a chunk of the shell's stdout; returns the replies it completed, in order. */
  push(chunk: Buffer): RootShellReply[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.isReady && !this.findReady()) return [];
    const replies: RootShellReply[] = [];
    for (;;) {
      if (!this.header) {
        const end = this.pending.indexOf(0x0a);
        if (end < 0) break;
        this.header = parseHeader(this.pending.subarray(0, end).toString('latin1'));
        this.pending = this.pending.subarray(end + 1);
      }
      const { rc, stdoutBytes, stderrBytes } = this.header;
      if (this.pending.length < stdoutBytes + stderrBytes) break;
      replies.push({
        rc,
        stdout: Buffer.from(this.pending.subarray(0, stdoutBytes)),
        stderr: Buffer.from(this.pending.subarray(stdoutBytes, stdoutBytes + stderrBytes)),
      });
      this.pending = this.pending.subarray(stdoutBytes + stderrBytes);
      this.header = undefined;
    }
    return replies;
  }

  private findReady(): boolean {
    const marker = Buffer.from(`${this.ready}\n`, 'latin1');
    const at = this.pending.indexOf(marker);
    if (at < 0) return false;
    this.isReady = true;
    this.pending = this.pending.subarray(at + marker.length);
    return true;
  }
}

function parseHeader(line: string): { rc: number; stdoutBytes: number; stderrBytes: number } {
  const match = /^(\d+) (\d+) (\d+)$/.exec(line);
  if (!match) throw new Error(`the root shell's reply header is not "rc stdout-bytes stderr-bytes": ${JSON.stringify(line.slice(0, 80))}`);
  return { rc: Number(match[1]), stdoutBytes: Number(match[2]), stderrBytes: Number(match[3]) };
}
