import { createHash } from 'node:crypto';

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Ansible's `checksum` result field is a sha1. */
export function sha1(content: Buffer | string): string {
  return createHash('sha1').update(content).digest('hex');
}

/** Text that a diff can show: valid UTF-8 without NUL bytes. */
export function isText(content: Buffer): boolean {
  return !content.includes(0) && Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}
