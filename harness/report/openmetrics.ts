// The `openmetrics` reporter: the report as Prometheus/OpenMetrics gauges, for
// a Pushgateway, a node_exporter textfile collector or any scraper. Metric
// ids, workloads and units are labels, so the family names stay fixed and a
// dashboard can select `memgate_metric_current{metric="rss.peak"}`. Pure.
import { isFailing } from '../compare/status.js';
import { renderExposition, type Family, type Sample } from './exposition.js';
import type { Report } from '../model/report.js';

export function renderOpenMetrics(report: Report): string {
  const run = { mode: report.mode, commit: report.commit ?? '', branch: report.branch ?? '' };
  const metricSamples = (pick: (m: Report['workloads'][number]['metrics'][number]) => number | null) =>
    report.workloads.flatMap((w) =>
      w.metrics.flatMap((m): Sample[] => {
        const value = pick(m);
        return value === null ? [] : [{ labels: { workload: w.name, metric: m.id, unit: m.unit }, value }];
      }),
    );
  const families: Family[] = [
    {
      name: 'memgate_report_info',
      help: 'The report: mode, commit and branch measured, overall status (value always 1).',
      samples: [{ labels: { ...run, status: report.status }, value: 1 }],
    },
    {
      name: 'memgate_report_failed',
      help: '1 when the report fails the gate (a regression, a budget breach, a leak or an error), else 0.',
      samples: [{ labels: run, value: report.status === 'pass' ? 0 : 1 }],
    },
    {
      name: 'memgate_workload_info',
      help: 'Each workload with its kind and status (value always 1).',
      samples: report.workloads.map((w) => ({
        labels: { workload: w.name, kind: w.kind, status: w.status },
        value: 1,
      })),
    },
    {
      name: 'memgate_workload_repeats',
      help: 'Fresh processes measured per workload.',
      samples: report.workloads.map((w) => ({ labels: { workload: w.name }, value: w.repeats })),
    },
    {
      name: 'memgate_metric_current',
      help: 'Median of the current repeats, in the unit label (bytes, ms, count, ...).',
      samples: metricSamples((m) => m.current),
    },
    {
      name: 'memgate_metric_baseline',
      help: 'The committed baseline median, in the unit label.',
      samples: metricSamples((m) => m.baseline),
    },
    {
      name: 'memgate_metric_change_ratio',
      help: 'Relative change against the baseline, (current - baseline) / |baseline|.',
      samples: metricSamples((m) => m.change),
    },
    {
      name: 'memgate_metric_failing',
      help: '1 when the metric fails the gate (regressed or over budget, not informational), else 0.',
      samples: metricSamples((m) => (isFailing(m) ? 1 : 0)),
    },
    {
      name: 'memgate_leak_growth_per_minute',
      help: 'Robust slope of the resource per minute (bytes or count, see unit), median across repeats.',
      samples: report.workloads.flatMap((w) =>
        w.leaks.map((leak) => ({
          labels: { workload: w.name, resource: leak.resource, unit: leak.unit },
          value: leak.perMin,
        })),
      ),
    },
    {
      name: 'memgate_leak_leaking',
      help: '1 when the leak analysis calls the resource leaking, else 0.',
      samples: report.workloads.flatMap((w) =>
        w.leaks.map((leak) => ({
          labels: { workload: w.name, resource: leak.resource, status: leak.status },
          value: leak.status === 'leaking' ? 1 : 0,
        })),
      ),
    },
  ];
  return renderExposition(families);
}
