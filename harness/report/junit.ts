// The JUnit XML reporter, for CI systems that show test results (GitLab,
// Jenkins, Azure, test-reporter actions): one testsuite per workload, one
// testcase per gated metric and per leak finding. A testcase fails exactly
// when that line fails the build; an errored workload is an <error>. Pure.
import type { InformationalCause, LeakFinding, MetricVerdict, Report, WorkloadReport } from '../model/report.js';
import { isComparison } from '../model/report.js';
import { escapeXml, tailLines } from './escape.js';
import { formatChange, formatValue } from '../units/format.js';
import { describeLeak, describeLeakDetail, formatCurrent } from './select.js';

interface TestCase {
  readonly name: string;
  readonly outcome: 'passed' | 'failure' | 'error' | 'skipped';
  readonly type?: string;
  readonly message?: string;
  readonly body?: string;
}

const STDERR_LINES = 40;

export function renderJunit(report: Report): string {
  const suites = report.workloads.map((workload) => ({ workload, cases: collectCases(workload, report.mode) }));
  const all = suites.flatMap((suite) => suite.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="memgate ${report.mode}" ${countAttributes(all)} timestamp="${escapeXml(report.createdAt)}">`,
    ...suites.flatMap(({ workload, cases }) => renderSuite(workload, cases)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function collectCases(workload: WorkloadReport, mode: Report['mode']): TestCase[] {
  const cases: TestCase[] = [];
  if (workload.error !== null) {
    cases.push({
      name: 'run',
      outcome: 'error',
      type: 'error',
      message: workload.error.message,
      body: tailLines(workload.error.stderr, STDERR_LINES, 8000),
    });
  }
  for (const metric of workload.metrics) {
    const testCase = metricCase(metric, mode, whyInformational(workload, metric));
    if (testCase) cases.push(testCase);
  }
  for (const leak of workload.leaks) cases.push(leakCase(leak));
  // The sentence is the message; repeating it as the body made CI test viewers print every problem twice.
  (workload.problems ?? []).forEach((problem, index) =>
    cases.push({ name: `problem.${index + 1}`, outcome: 'failure', type: 'problem', message: problem }),
  );
  return cases;
}

const CAUSE_TEXT: Record<InformationalCause, string> = {
  'not-gated': 'not gated by default',
  environment: 'environment differs from the baseline',
  cpu: 'CPU differs from the baseline',
  'older-baseline': 'baseline recorded by an older memgate',
  pooled: 'pooled pauses cannot be tested by whole repeats',
  contended: 'CPU contended',
  insufficient: 'not measured',
};

// Why an informational verdict does not gate, for its skip message: compare says
// (informationalCause); a report from a memgate before that field only names an environment mismatch.
function whyInformational(workload: WorkloadReport, metric: MetricVerdict): string {
  if (metric.informationalCause) return CAUSE_TEXT[metric.informationalCause];
  return workload.envMismatch.length > 0 ? 'environment differs from the baseline' : 'not gated by default';
}

// Gated: every compared metric, and in `run`/`soak` the budgets that failed
// (a budget that held is indistinguishable from a plain measurement there).
// Informational verdicts are skipped: on another environment than the
// baseline's, a timed metric on another CPU, or a metric that is not gated
// (wall-clock ones by default).
function metricCase(metric: MetricVerdict, mode: Report['mode'], why: string): TestCase | undefined {
  const detail = `${formatValue(metric.baseline, metric.unit)} → ${formatCurrent(metric)} (${formatChange(metric.change)})`;
  const message = metric.reason === '' ? metric.status : `${metric.status}: ${metric.reason}`;
  if (metric.status === 'measured') return undefined;
  if (!isComparison(mode) && metric.status !== 'over-budget' && metric.status !== 'unmeasured') return undefined;
  if (metric.informational) {
    return { name: metric.id, outcome: 'skipped', message: `informational (${why}): ${message}` };
  }
  if (metric.status === 'new' || metric.status === 'missing') return { name: metric.id, outcome: 'skipped', message };
  if (metric.status === 'regressed' || metric.status === 'over-budget' || metric.status === 'unmeasured')
    return { name: metric.id, outcome: 'failure', type: metric.status, message, body: `${detail}\n${metric.reason}` };
  return { name: metric.id, outcome: 'passed' };
}

function leakCase(leak: LeakFinding): TestCase {
  const name = `leak.${leak.resource}`;
  if (leak.status !== 'leaking') return { name, outcome: 'passed' };
  const detail = describeLeakDetail(leak);
  return {
    name,
    outcome: 'failure',
    type: 'leaking',
    message: `${describeLeak(leak)} — ${detail}`,
    body: `${describeLeak(leak)}\n${detail}`,
  };
}

function renderSuite(workload: WorkloadReport, cases: readonly TestCase[]): string[] {
  const open = `  <testsuite name="${escapeXml(workload.name)}" ${countAttributes(cases)} file="${escapeXml(workload.file)}">`;
  return [open, ...cases.map((testCase) => renderCase(workload, testCase)), '  </testsuite>'];
}

function renderCase(workload: WorkloadReport, testCase: TestCase): string {
  const attributes = `name="${escapeXml(testCase.name)}" classname="${escapeXml(workload.name)}" file="${escapeXml(workload.file)}"`;
  if (testCase.outcome === 'passed') return `    <testcase ${attributes}/>`;
  const message = `message="${escapeXml(testCase.message ?? '')}"`;
  if (testCase.outcome === 'skipped')
    return `    <testcase ${attributes}>\n      <skipped ${message}/>\n    </testcase>`;
  const type = `type="${escapeXml(testCase.type ?? testCase.outcome)}"`;
  return `    <testcase ${attributes}>\n      <${testCase.outcome} ${message} ${type}>${escapeXml(testCase.body ?? '')}</${testCase.outcome}>\n    </testcase>`;
}

function countAttributes(cases: readonly TestCase[]): string {
  const count = (outcome: TestCase['outcome']): number =>
    cases.filter((testCase) => testCase.outcome === outcome).length;
  return `tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}"`;
}
