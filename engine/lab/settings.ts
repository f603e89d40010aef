import { UsageError } from '../errors.js';
import type { LabUpOptions } from './types.js';

export const defaultAddressBlock = '127.0.10';
export const defaultNamePrefix = 'h';
export const defaultPort = 22;
/** .0 is the block's network address and .255 its broadcast one; hosts take .1 to .254. */
export const maxHosts = 254;

/** What a lab is made of, once options and an existing lab's state have been reconciled. */
export interface LabSettings {
  addressBlock: string;
  namePrefix: string;
  port: number;
  hostCount: number;
}

/** The parts of an existing lab that a later `up` must keep (its hosts' addresses and names depend on them). */
export interface ExistingLabShape {
  addressBlock: string;
  namePrefix: string;
  port: number;
  hostCount: number;
}

/** Why an address block is not one the lab may use, or undefined when it is fine. */
export function addressBlockProblem(block: string): string | undefined {
  const match = /^127\.(\d{1,3})\.(\d{1,3})$/.exec(block);
  if (!match) return `'${block}' is not three octets of a loopback address such as 127.0.10`;
  const octets = [match[1], match[2]].map(Number);
  if (octets.some((o) => o > 255)) return `'${block}' has an octet above 255`;
  return undefined;
}

export function namePrefixProblem(prefix: string): string | undefined {
  // Names end up in hostnames, inventory keys and file names: keep them to what all three accept.
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(prefix)) {
    return `'${prefix}' is not a lower-case name (a letter, then letters, digits or '-')`;
  }
  return undefined;
}

/**
 * Reconciles `up`'s options with the lab already in the directory, if any: an existing lab keeps its block,
 * prefix and port (asking for others is an error, since its hosts' keys and addresses are in known_hosts),
 * and grows but never shrinks.
 */
export function resolveLabSettings(options: LabUpOptions, existing: ExistingLabShape | undefined): LabSettings {
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > maxHosts) {
    throw new UsageError(`lab: --hosts ${String(options.hosts)} is not a whole number from 1 to ${maxHosts}`);
  }
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535)) {
    throw new UsageError(`lab: --port ${String(options.port)} is not a TCP port (1 to 65535)`);
  }
  const addressBlock = options.addressBlock ?? existing?.addressBlock ?? defaultAddressBlock;
  const blockProblem = addressBlockProblem(addressBlock);
  if (blockProblem) throw new UsageError(`lab: --block ${blockProblem}`, 'the lab binds only to 127.0.0.0/8');
  const namePrefix = options.namePrefix ?? existing?.namePrefix ?? defaultNamePrefix;
  const prefixProblem = namePrefixProblem(namePrefix);
  if (prefixProblem) throw new UsageError(`lab: --prefix ${prefixProblem}`);
  const port = options.port ?? existing?.port ?? defaultPort;
  if (existing) {
    const conflicts = [
      existing.addressBlock !== addressBlock ? `block ${existing.addressBlock} (asked: ${addressBlock})` : '',
      existing.namePrefix !== namePrefix ? `prefix ${existing.namePrefix} (asked: ${namePrefix})` : '',
      existing.port !== port ? `port ${existing.port} (asked: ${port})` : '',
    ].filter((c) => c !== '');
    if (conflicts.length > 0) {
      throw new UsageError(
        `lab: the lab in this directory already uses ${conflicts.join(', ')}`,
        'omit those options to keep the lab, or run `quorum lab down` first to start a different one',
      );
    }
  }
  return { addressBlock, namePrefix, port, hostCount: Math.max(options.hosts, existing?.hostCount ?? 0) };
}

export interface PlannedHost {
  name: string;
  address: string;
}

/** Host i (1-based) of a lab: `<prefix><i>` on `<block>.<i>`. */
export function plannedHosts(settings: Pick<LabSettings, 'addressBlock' | 'namePrefix' | 'hostCount'>): PlannedHost[] {
  return Array.from({ length: settings.hostCount }, (_, i) => ({
    name: `${settings.namePrefix}${i + 1}`,
    address: `${settings.addressBlock}.${i + 1}`,
  }));
}
