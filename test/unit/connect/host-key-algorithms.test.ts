import { describe, expect, it } from 'vitest';
import { defaultHostKeyAlgorithms, preferredHostKeyAlgorithms } from '../../../engine/connect/host-key-algorithms.js';

describe('preferredHostKeyAlgorithms', () => {
  it.each<[string[], string[]]>([
    [[], [...defaultHostKeyAlgorithms]],
    [['ssh-ed25519'], [...defaultHostKeyAlgorithms]],
    [['ecdsa-sha2-nistp256'], ['ecdsa-sha2-nistp256', 'ssh-ed25519', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']],
    [['ssh-rsa', 'ssh-rsa'], ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']],
    [['ssh-dss', 'sk-ssh-ed25519@openssh.com'], [...defaultHostKeyAlgorithms]],
  ])('known %j -> %j', (known, expected) => {
    expect(preferredHostKeyAlgorithms(known)).toEqual(expected);
  });
});
