// A report whose every user-controlled string is hostile: markup, script,
// quotes, CSV and exposition metacharacters, terminal escapes. Reports can
// come from untrusted artifacts, so the schema accepts any string here.
import { seriesFromRuns } from '../../harness/metrics/series.js';
import type { Report } from '../../harness/model/report.js';
import { leakyCheckpoints, rawRun } from '../fixtures/stats/raw-run.js';
import { report, verdict, workload } from './fixtures.js';

export const HOSTILE_NAME = `<img src=x onerror=alert(1)>"'&, =cmd|calc\\`;
export const HOSTILE_TEXT = `</td></table><script>alert("x")</script>\n"quoted", line\\two \u001b[2J`;

export function hostileReport(): Report {
  const series = seriesFromRuns(
    [
      rawRun({
        checkpoints: leakyCheckpoints(),
        gc: {
          pauses: [
            { kind: 'minor', ms: 0.4 },
            { kind: 'major', ms: 3 },
          ],
          forced: 0,
        },
      }),
    ],
    [{ x: 500, label: HOSTILE_TEXT }],
  );
  const hostile = workload({
    name: HOSTILE_NAME,
    file: `workloads/${HOSTILE_TEXT}.ts`,
    status: 'regressed',
    metrics: [
      verdict({
        id: 'alloc.perOp',
        unit: 'bytes/op',
        status: 'regressed',
        baseline: 100,
        current: 150,
        reason: HOSTILE_TEXT,
      }),
      verdict({
        id: `custom.${HOSTILE_NAME}`,
        unit: 'count',
        status: 'new',
        current: 3,
        reason: 'no baseline value yet',
      }),
    ],
    notes: [HOSTILE_TEXT],
    problems: [HOSTILE_TEXT],
    ...(series ? { series } : {}),
  });
  const broken = workload({
    name: `${HOSTILE_NAME}-broken`,
    status: 'error',
    error: { message: HOSTILE_TEXT, stderr: `</pre><script>alert(2)</script>` },
  });
  return { ...report('compare', [hostile, broken], 'error'), branch: HOSTILE_TEXT };
}
