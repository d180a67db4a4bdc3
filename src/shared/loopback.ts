// Whether an address is this machine: private mode's one rule, shared so the settings dialog can warn as you type.
/** True when a URL's host is this machine: `localhost`, 127.0.0.0/8, ::1 or an IPv4-mapped 127.x address.
 * WHATWG URL parsing has already normalised shorthand forms (`127.1`, `0x7f000001`) to dotted quads. */
export function isLoopbackUrl(url: string | URL): boolean {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return isLoopbackHost(u.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (!host.includes(':')) return false;
  const groups = expandIpv6(host);
  if (!groups) return false;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeros(7) && groups[7] === 1) return true; // ::1
  // ::ffff:127.x.y.z, written by URL as ::ffff:7fxx:yyzz
  return zeros(5) && groups[5] === 0xffff && (groups[6]! >> 8) === 127;
}

/** Eight 16-bit groups of an IPv6 literal (with an optional dotted-quad tail), or null if malformed. */
function expandIpv6(host: string): number[] | null {
  let text = host;
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (quad) {
    const b = quad.slice(1).map(Number);
    if (b.some((x) => x > 255)) return null;
    text = `${text.slice(0, quad.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':') : []);
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}
