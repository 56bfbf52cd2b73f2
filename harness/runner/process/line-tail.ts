// Bounded memory of a process's last output lines, for error messages: a
// chatty service running for hours must not grow memgate.

const MAX_LINE_CHARS = 2000;

export class LineTail {
  private lines: string[] = [];

  constructor(private readonly limit = 40) {}

  push(line: string): void {
    this.lines.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
    if (this.lines.length > this.limit * 2) this.lines = this.lines.slice(-this.limit);
  }

  text(): string {
    return this.lines.slice(-this.limit).join('\n');
  }

  /** The last few lines on one line, for one-line error messages. */
  summary(lines = 3): string {
    const last = this.lines.slice(-lines).map((line) => line.trim()).filter(Boolean);
    return last.length > 0 ? last.join(' | ') : '(nothing)';
  }
}
