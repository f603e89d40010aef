import { gunzipSync } from 'node:zlib';

// The entries of a tar or tar.gz archive, read on the controller, so that unarchive can tell whether the
// host already has every file (by size and mode) without extracting anything. Reads ustar, GNU long names
// ('L') and pax path records ('x').

export interface TarEntry {
  path: string;
  kind: 'file' | 'directory' | 'link' | 'other';
  mode: number;
  size: number;
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  const field = text(block, start, length).trim();
  return field === '' ? 0 : parseInt(field, 8);
}

function paxPath(data: Buffer): string | undefined {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
  return match?.[1];
}

function kindOf(flag: string): TarEntry['kind'] {
  if (flag === '0' || flag === '' || flag === '7') return 'file';
  if (flag === '5') return 'directory';
  if (flag === '1' || flag === '2') return 'link';
  return 'other';
}

/** A header's checksum: the sum of its bytes, with the checksum field itself counted as spaces. */
function checksumHolds(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === octal(header, 148, 8);
}

/** Lists an archive; throws with a plain message when it is neither tar nor gzip'd tar. */
export function listTar(archive: Buffer): TarEntry[] {
  const data = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= data.length; ) {
    const header = data.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    if (!checksumHolds(header)) throw new Error('not a tar archive (quorum extracts .tar and .tar.gz)');
    const size = octal(header, 124, 12);
    const flag = text(header, 156, 1);
    const body = data.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (flag === 'L') {
      longName = text(body, 0, body.length);
      continue;
    }
    if (flag === 'x') {
      longName = paxPath(body) ?? longName;
      continue;
    }
    if (flag === 'g') continue;
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    entries.push({ path: name.replace(/^\.\//, '').replace(/\/$/, ''), kind: kindOf(flag), mode: octal(header, 100, 8) & 0o7777, size });
  }
  return entries.filter((e) => e.path !== '' && e.path !== '.');
}
