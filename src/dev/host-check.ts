/**
 * Which Host headers the dev server answers: localhost names and the address it is bound to, so a
 * web page elsewhere cannot reach it through DNS rebinding (its requests carry its own host name).
 */
export function isAllowedHost(header: string | undefined, boundAddress: string, port: number): boolean {
  if (!header) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!match) return false;
  const [, name, portText] = match;
  if (portText !== undefined && Number(portText) !== port) return false;
  const bound = boundAddress.includes(':') ? `[${boundAddress.toLowerCase()}]` : boundAddress;
  return ['localhost', '127.0.0.1', '[::1]', bound].includes(name!) || name!.endsWith('.localhost');
}
