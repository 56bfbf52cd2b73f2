// Text of the matchers' failure messages: the leak findings and the
// diagnosis (what grew, what retains it), as `memgate run` prints them. Pure.
import type { Measurement } from '../model/measurement.js';
import { formatDelta, formatSigned } from '../units/format.js';
import { describeLeak, describeLeakDetail, notableLeaks } from '../report/select.js';

/** "2000 ops × 3 fresh processes". */
export function measuredShape(measurement: Measurement): string {
  const { ops, repeats } = measurement.settings;
  return `${ops} ops × ${repeats} fresh process${repeats === 1 ? '' : 'es'}`;
}

/** The notable leaks, then what grew between the heap snapshots and one retainer path. */
export function describeLeakLines(measurement: Measurement): string[] {
  const lines: string[] = [];
  for (const leak of notableLeaks(measurement.leaks)) lines.push(describeLeak(leak), `  ${describeLeakDetail(leak)}`);
  const diagnosis = measurement.diagnosis;
  if (!diagnosis) return lines;
  const growers = diagnosis.heap?.growers ?? [];
  if (growers.length > 0) {
    lines.push('what grew (heap snapshots after warmup):');
    for (const grower of growers.slice(0, 8))
      lines.push(
        `  ${grower.name}  ${formatDelta(grower.countDelta)} objects  ${formatSigned(grower.sizeDelta, 'bytes')}`,
      );
  }
  if (diagnosis.heap?.retainerPath) lines.push(`retained by: ${diagnosis.heap.retainerPath.join(' → ')}`);
  if (diagnosis.heapSkipped) lines.push(`heap snapshot skipped: ${diagnosis.heapSkipped}`);
  if (diagnosis.handles.length > 0)
    lines.push(`handles: ${diagnosis.handles.map((entry) => `${entry.type} ${formatDelta(entry.delta)}`).join(' · ')}`);
  if (diagnosis.fds.length > 0)
    lines.push(
      `file descriptors: ${diagnosis.fds.map((entry) => `${entry.target} ${formatDelta(entry.delta)}`).join(' · ')}`,
    );
  return lines;
}
