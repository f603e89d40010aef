import { parseAddress } from './address.js';

// Host entries may stand for many hosts: `node[01:05]` (zero-padded), `node[1:9:2]` (with a step), `[a:c]`
// (letters), several ranges in one name. Ansible quietly makes nothing of `node[5:1]`; quorum refuses such a
// range, since an inventory that silently loses hosts is worse than one that does not load.

export class HostRangeError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'HostRangeError';
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function expandFirstRange(name: string): string[] {
  const open = name.indexOf('[');
  const close = name.indexOf(']', open);
  if (close < 0) {
    throw new HostRangeError(`host range in '${name}' has no closing ']'`, 'write a range as [begin:end] or [begin:end:step]');
  }
  const head = name.slice(0, open);
  const tail = name.slice(close + 1);
  const bounds = name.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostRangeError(`host range in '${name}' must be begin:end or begin:end:step`, 'for example node[01:05] or node[1:9:2]');
  }
  const begin = bounds[0] || '0';
  const end = bounds[1]!;
  const stepText = bounds[2] ?? '1';
  if (!end) throw new HostRangeError(`host range in '${name}' has no end value`, 'write the last value after the colon, as in node[1:5]');
  if (!/^[0-9]+$/.test(stepText) || Number(stepText) === 0) {
    throw new HostRangeError(`host range in '${name}' has step '${stepText}', which is not a positive whole number`, 'use a step of 1 or more, as in node[1:9:2]');
  }
  const step = Number(stepText);
  const values: string[] = [];
  if (begin.length === 1 && end.length === 1 && LETTERS.includes(begin) && LETTERS.includes(end)) {
    const from = LETTERS.indexOf(begin);
    const to = LETTERS.indexOf(end);
    if (from > to) throw new HostRangeError(`host range in '${name}' begins after it ends ('${begin}' > '${end}')`, `swap the bounds: [${end}:${begin}]`);
    for (let i = from; i <= to; i += step) values.push(LETTERS[i]!);
  } else {
    if (!/^[0-9]+$/.test(begin) || !/^[0-9]+$/.test(end)) {
      throw new HostRangeError(
        `host range in '${name}' has bounds '${begin}' and '${end}', which are neither both numbers nor both single letters`,
        'use numbers, as in node[01:10], or single letters, as in rack-[a:f]',
      );
    }
    const padded = begin.length > 1 && begin.startsWith('0');
    if (padded && begin.length !== end.length) {
      throw new HostRangeError(
        `host range in '${name}' has a zero-padded begin '${begin}' and an end '${end}' of a different width`,
        `give both bounds the same width, as in [${begin}:${end.padStart(begin.length, '0')}]`,
      );
    }
    const from = Number(begin);
    const to = Number(end);
    if (from > to) throw new HostRangeError(`host range in '${name}' begins after it ends (${begin} > ${end})`, `swap the bounds: [${end}:${begin}]`);
    for (let i = from; i <= to; i += step) values.push(padded ? String(i).padStart(begin.length, '0') : String(i));
  }
  return values.map((v) => head + v + tail);
}

/** Expands every [x:y] range in a host name, first range outermost, as Ansible orders them. */
export function expandHostRanges(name: string): string[] {
  if (!name.includes('[')) return [name];
  return expandFirstRange(name).flatMap((expanded) => expandHostRanges(expanded));
}

export interface HostEntry {
  names: string[];
  port: number | undefined;
}

/** A host entry as written in an inventory (`web[01:03]:2222`): its host names and its port. */
export function expandHostEntry(entry: string): HostEntry {
  const parsed = parseAddress(entry);
  const pattern = parsed ? parsed.host : entry;
  return { names: expandHostRanges(pattern), port: parsed?.port };
}
