import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_REPORT_BYTES, readActionInputs } from '../../harness/github/inputs.js';

describe('readActionInputs', () => {
  it('applies the documented defaults when inputs are empty', () => {
    expect(readActionInputs({ 'INPUT_WORKING-DIRECTORY': '  ', INPUT_MODE: '' })).toEqual({
      workingDirectory: '.',
      mode: 'run',
      comment: 'on-change',
      failOnRegression: true,
      id: 'default',
      maxReportBytes: DEFAULT_MAX_REPORT_BYTES,
      historyAppend: false,
    });
  });

  it('parses every input', () => {
    const inputs = readActionInputs({
      'INPUT_WORKING-DIRECTORY': 'packages/api',
      INPUT_CONFIG: 'memgate.config.ts',
      INPUT_MODE: 'report',
      INPUT_COMMENT: 'on-regression',
      'INPUT_FAIL-ON-REGRESSION': 'False',
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      INPUT_ID: 'api.v2',
      INPUT_REPORT: 'artifact/report.json',
      'INPUT_PR-NUMBER': '42',
      'INPUT_MAX-REPORT-BYTES': '2MiB',
    });
    expect(inputs).toMatchObject({
      workingDirectory: 'packages/api',
      mode: 'report',
      comment: 'on-regression',
      failOnRegression: false,
      id: 'api.v2',
      prNumber: 42,
      maxReportBytes: 2 * 1024 ** 2,
    });
  });

  it('names the input, the expectation and what it found', () => {
    expect(() => readActionInputs({ INPUT_COMMENT: 'sometimes' })).toThrow(
      /^action input "comment": .* found "sometimes"; fix the "with:" block/,
    );
    expect(() => readActionInputs({ INPUT_ID: 'x --> <b>' })).toThrow(/action input "id": expected 1-64 letters/);
    expect(() => readActionInputs({ 'INPUT_PR-NUMBER': '7; rm -rf /' })).toThrow(
      /action input "pr-number": expected a pull request number/,
    );
    expect(() => readActionInputs({ 'INPUT_MAX-REPORT-BYTES': 'lots' })).toThrow(
      /action input "max-report-bytes": expected a size/,
    );
    expect(() => readActionInputs({ 'INPUT_FAIL-ON-REGRESSION': 'yes' })).toThrow(/action input "fail-on-regression"/);
  });
});
