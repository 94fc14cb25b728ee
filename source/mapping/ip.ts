// Strict IPv4/IPv6 parsing for network mapping. Strict on purpose: an address Splynx might read
// differently (leading zeros, host bits set) is reported, never normalised behind the operator's back.

const OCTET = /^(0|[1-9]\d{0,2})$/;

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export interface Cidr4 {
  network: number;
  mask: number;
}

/** Split `a.b.c.d/n`; `hostBits` is true when the address is not the network address. */
export function parseCidr4(text: string): (Cidr4 & { hostBits: boolean }) | null {
  const [address, maskText, extra] = text.split('/');
  if (address === undefined || maskText === undefined || extra !== undefined) return null;
  if (!/^\d{1,2}$/.test(maskText)) return null;
  const mask = Number(maskText);
  const ip = parseIpv4(address);
  if (ip === null || mask > 32) return null;
  const size = 2 ** (32 - mask);
  return { network: ip - (ip % size), mask, hostBits: ip % size !== 0 };
}

export function cidr4Contains(cidr: Cidr4, ip: number): boolean {
  const size = 2 ** (32 - cidr.mask);
  return ip >= cidr.network && ip < cidr.network + size;
}

export function cidr4Size(cidr: Cidr4): number {
  return 2 ** (32 - cidr.mask);
}

/**
 * The fewest CIDR blocks covering `start`..`end` inclusive, ascending: each step takes the largest
 * block aligned at the current address that does not pass the end. Null for an invalid range.
 */
export function rangeToCidrs(start: string, end: string): string[] | null {
  let from = parseIpv4(start);
  const to = parseIpv4(end);
  if (from === null || to === null || from > to) return null;
  const blocks: string[] = [];
  while (from <= to) {
    let size = 2 ** 32;
    while (from % size !== 0 || from + size - 1 > to) size /= 2;
    blocks.push(`${formatIpv4(from)}/${32 - Math.log2(size)}`);
    from += size;
  }
  return blocks;
}

/** `a.b.c.d-e.f.g.h` (spaces around the dash tolerated) into its two ends. */
export function splitRange(range: string): { start: string; end: string } | null {
  const parts = range.split('-').map((part) => part.trim());
  if (parts.length !== 2 || parts[0] === undefined || parts[1] === undefined) return null;
  return { start: parts[0], end: parts[1] };
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function parseHextets(text: string): number[] | null {
  if (text === '') return [];
  const groups = text.split(':');
  const values: number[] = [];
  for (const [index, group] of groups.entries()) {
    if (index === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === null) return null;
      values.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEXTET.test(group)) {
      values.push(Number.parseInt(group, 16));
    } else {
      return null;
    }
  }
  return values;
}

export function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseHextets(halves[0] ?? '');
  const tail = halves.length === 2 ? parseHextets(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<number>(missing).fill(0), ...tail];
  return all.reduce((value, hextet) => (value << 16n) | BigInt(hextet), 0n);
}

export function parseCidr6(
  text: string,
): { address: string; prefix: number; hostBits: boolean } | null {
  const [address, prefixText, extra] = text.split('/');
  if (address === undefined || prefixText === undefined || extra !== undefined) return null;
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const ip = parseIpv6(address);
  if (ip === null || prefix > 128) return null;
  const hostMask = (1n << BigInt(128 - prefix)) - 1n;
  return { address, prefix, hostBits: (ip & hostMask) !== 0n };
}
