// Glob patterns for what an open FD points to ("*.db", "/var/lib/app/*",
// "socket:*"), for the fd.match.<name> metrics. Pure.
// A pattern matches the whole link target; `*` is any run of characters,
// `/` included (so "*.db" matches "/srv/data/app.db"), `?` is one character.
// A target that ends " (deleted)" (the file was unlinked while open) is
// matched without that suffix.

export type FdMatcher = (target: string) => boolean;

export function compileFdPattern(pattern: string): FdMatcher {
  const source = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 's');
  return (target) => regex.test(target.replace(/ \(deleted\)$/, ''));
}

/** How many of `targets` each named pattern matches. */
export function countMatches(
  targets: readonly string[],
  matchers: ReadonlyArray<readonly [name: string, matcher: FdMatcher]>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, matcher] of matchers) counts[name] = targets.filter(matcher).length;
  return counts;
}
