// fdPatterns globs against exact /proc/<pid>/fd link targets.
import { describe, expect, it } from 'vitest';
import { compileFdPattern, countMatches } from '../../harness/sampler/fd-pattern.js';
import { FD_MATCH_PREFIX, isKnownMetricId, metricInfo } from '../../harness/model/catalogue.js';

describe('compileFdPattern', () => {
  it('matches the whole target, with * across folders and ? as one character', () => {
    const db = compileFdPattern('*.db');
    expect(db('/srv/data/app.db')).toBe(true);
    expect(db('/srv/data/app.db-journal')).toBe(false);
    expect(db('/srv/data/app.db (deleted)')).toBe(true);
    const log = compileFdPattern('/var/log/app?.log');
    expect(log('/var/log/app1.log')).toBe(true);
    expect(log('/var/log/app12.log')).toBe(false);
    // Regex characters in a pattern are literal.
    expect(compileFdPattern('socket:[*]')('socket:[12345]')).toBe(true);
    expect(compileFdPattern('a.b')('axb')).toBe(false);
  });

  it('counts each named pattern over a list of targets', () => {
    const targets = ['/dev/null', 'socket:[1]', '/d/a.db', '/d/b.db', 'pipe:[9]'];
    const matchers = [
      ['dbFiles', compileFdPattern('*.db')],
      ['sockets', compileFdPattern('socket:*')],
      ['none', compileFdPattern('*.sqlite')],
    ] as const;
    expect(countMatches(targets, matchers)).toEqual({ dbFiles: 2, sockets: 1, none: 0 });
  });
});

describe('fd.match.<name> metric ids', () => {
  it('are known ids: counts, lower is better, deterministic', () => {
    expect(isKnownMetricId(`${FD_MATCH_PREFIX}dbFiles`)).toBe(true);
    expect(isKnownMetricId(FD_MATCH_PREFIX)).toBe(false);
    expect(metricInfo('fd.match.dbFiles')).toMatchObject({ unit: 'count', direction: 'lower', noise: 'deterministic' });
    expect(metricInfo('cpu.percent').unit).toBe('ratio');
    expect(metricInfo('threads.peak').unit).toBe('count');
  });
});
