import { describe, expect, it } from 'vitest';
import type { HostResult } from '../../../engine/events.js';
import { SecretMasker, censoredMessage } from '../../../engine/report/mask.js';

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----';

describe('SecretMasker.maskText', () => {
  it.each<[string, string[], string, string]>([
    ['a become password', ['s3cret-pass'], 'sudo failed for s3cret-pass', 'sudo failed for ********'],
    ['every occurrence', ['hunter22'], 'hunter22 and hunter22', '******** and ********'],
    ['a short value is not masked (it would garble every line)', ['abc'], 'abc abc', 'abc abc'],
    ['the longer of two overlapping secrets first', ['token', 'token-extended'], 'x token-extended', 'x ********'],
    ['a private key printed whole', [key], `key: ${key}`, 'key: ********'],
    ['a private key printed one line at a time', [key], 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', '********'],
    ['nothing to mask', [], 'plain text', 'plain text'],
  ])('%s', (_name, secrets, text, expected) => {
    const masker = new SecretMasker();
    for (const s of secrets) masker.add(s);
    expect(masker.maskText(text)).toBe(expected);
  });
});

describe('SecretMasker.maskEvent', () => {
  const base: HostResult = { type: 'host_result', task: 't', host: 'h1', status: 'changed', noLog: false };

  it('censors a no_log result whole, keeping who and how it ended', () => {
    const masker = new SecretMasker();
    expect(masker.maskEvent({ ...base, noLog: true, stdout: 'the password is x', rc: 0 })).toEqual({
      type: 'host_result',
      task: 't',
      host: 'h1',
      status: 'changed',
      noLog: true,
      msg: censoredMessage,
    });
  });

  it('keeps what the recap counts by: a loop item stays an item, a rescued or changed failure stays so', () => {
    const masker = new SecretMasker();
    expect(masker.maskEvent({ ...base, noLog: true, status: 'ignored', item: 'secret-item', changedToo: true, countAs: 'rescued' })).toMatchObject({
      item: '********',
      changedToo: true,
      countAs: 'rescued',
    });
  });

  it('masks known secrets inside any field', () => {
    const masker = new SecretMasker();
    masker.add('p4ssw0rd!');
    expect(masker.maskEvent({ ...base, stderr: 'bad p4ssw0rd!' })).toEqual({ ...base, stderr: 'bad ********' });
  });

  it('keeps a secret-free event as it is', () => {
    const masker = new SecretMasker();
    masker.add('p4ssw0rd!');
    const event = { ...base, stdout: 'fine' };
    expect(masker.maskEvent(event)).toBe(event);
  });
});
