import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { JournalEntry } from './journal-entries.js';
import { readJournalEntry } from './journal-read.js';

// `<run dir>/<run id>/journal.jsonl`: appended one line per completed step, each line fsynced before the
// run goes on, so that what the journal says finished did finish, even if the machine dies the next moment.

export const DEFAULT_RUN_DIR = join('.quorum', 'runs');

export function journalPath(runDir: string, runId: string): string {
  return join(runDir, runId, 'journal.jsonl');
}

/** A run id that sorts by start time and says when the run began: 20261128T020000Z-3f9a. */
export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.floor(random() * 0x10000).toString(16).padStart(4, '0')}`;
}

export class JournalWriter {
  /** Clusters of a fleet finish batches concurrently: their lines are written one after the other. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  static async open(path: string): Promise<JournalWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new JournalWriter(path, await open(path, 'a', 0o644));
  }

  append(entry: JournalEntry): Promise<void> {
    const write = this.queue.then(async () => {
      await this.file.write(`${JSON.stringify(entry)}\n`);
      await this.file.sync();
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.close();
  }
}

/** Reads a run's journal; a bad line is an InputError naming the file and line. */
export async function readJournal(path: string, runId: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`--resume ${runId}: no journal at ${path}`, 'give a run id printed by an earlier `quorum apply` (and the same --run-dir)');
  }
  return parseJournal(text, path);
}

export function parseJournal(text: string, file: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const read = readJournalEntry(line);
    // A last line cut short by a crash mid-write is no step that completed: ignore it, as its fsync never ended.
    if (typeof read === 'string' && index === lines.length - 1) continue;
    if (typeof read === 'string') {
      throw new InputError([
        { severity: 'error', code: 'QUORUM_JOURNAL', message: read, file, line: index + 1, col: 1, hint: 'a journal is written by quorum apply; do not edit it' },
      ]);
    }
    entries.push(read);
  }
  return entries;
}
