// The JSON reporter: the versioned report (schema.ts) that the GitHub action
// re-reads from artifacts and users' scripts consume. Validated on the way
// out, so a malformed report fails here, not in someone else's pipeline.
import { formatKeyPath, MemgateError } from '../errors.js';
import { Report, REPORT_SCHEMA_VERSION } from '../model/report.js';

export function renderJson(report: Report): string {
  const parsed = Report.safeParse(report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${formatKeyPath(issue.path)}: ${issue.message}` : parsed.error.message;
    throw new MemgateError(
      'REPORT_INVALID',
      `the report to write as JSON does not match schema version ${REPORT_SCHEMA_VERSION} at ${where} — this is a memgate bug, please report it with the command you ran`,
    );
  }
  return `${JSON.stringify(parsed.data, null, 2)}\n`;
}
