// IPv4 arithmetic on unsigned 32-bit integers, shared by the generator and its consistency tests.

export function ipv4ToInt(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4) throw new RangeError(`not an IPv4 address: ${address}`);
  let value = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!Number.isInteger(octet) || octet < 0 || octet > 255 || part === '') {
      throw new RangeError(`not an IPv4 address: ${address}`);
    }
    value = value * 256 + octet;
  }
  return value;
}

export function intToIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export interface Ipv4Block {
  /** First address of the block. */
  start: number;
  /** Last address of the block (inclusive). */
  end: number;
  prefix: number;
}

/** Parses `a.b.c.d/n`; returns null for IPv6 or malformed input. */
export function parseIpv4Cidr(cidr: string): Ipv4Block | null {
  const slash = cidr.indexOf('/');
  if (slash < 0 || cidr.includes(':')) return null;
  const prefix = Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null;
  let address: number;
  try {
    address = ipv4ToInt(cidr.slice(0, slash));
  } catch {
    return null;
  }
  const size = 2 ** (32 - prefix);
  const start = address - (address % size);
  return { start, end: start + size - 1, prefix };
}

/** Parses Sonar's IpRange `a.b.c.d-e.f.g.h`. */
export function parseIpv4Range(range: string): { start: number; end: number } | null {
  const dash = range.indexOf('-');
  if (dash < 0) return null;
  try {
    return { start: ipv4ToInt(range.slice(0, dash)), end: ipv4ToInt(range.slice(dash + 1)) };
  } catch {
    return null;
  }
}
