import type { RunEvent } from '../events.js';

/** `--json`: one JSON object per event and per line, for machines; the caller masks events first. */
export function jsonLinesReporter(write: (line: string) => void): (event: RunEvent) => void {
  return (event) => write(JSON.stringify(event));
}
