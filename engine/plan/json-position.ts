// Finds the line and column of a key in a JSON text, for error messages. lossless-json keeps no positions,
// so the text is parsed again with yaml (JSON is YAML) only when there is an error to place: the fast path
// that reads good files never pays for it.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { JsonPath } from './json-fields.js';

export interface TextPosition {
  line: number;
  col: number;
}

/** The position of the deepest part of `path` that exists in `text` (the key itself when it is there). */
export function locateJsonPath(text: string, path: JsonPath): TextPosition | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (item === undefined) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

/** Line and column of a character offset, for parser errors that report "at position N". */
export function positionOfOffset(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}
