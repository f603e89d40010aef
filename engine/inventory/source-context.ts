import { relative } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { InventoryBuilder } from './builder.js';

/** What a parser needs to add one inventory file to the inventory and to report problems in it. */
export interface SourceContext {
  builder: InventoryBuilder;
  /** The absolute path: Ansible's `inventory_file`. */
  path: string;
  /** The path as shown in messages. */
  displayPath: string;
  diagnostics: Diagnostic[];
}

/** Paths in messages are relative to the working directory when the file is below it, as users typed them. */
export function displayPath(absolutePath: string): string {
  const rel = relative(process.cwd(), absolutePath);
  return rel && !rel.startsWith('..') ? rel : absolutePath;
}

export function report(
  ctx: Pick<SourceContext, 'diagnostics' | 'displayPath'>,
  code: string,
  message: string,
  line: number | undefined,
  col: number | undefined,
  hint: string,
): void {
  ctx.diagnostics.push({ severity: 'error', code, message, file: ctx.displayPath, line, col, hint });
}
