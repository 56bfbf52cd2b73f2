// Keeps only the last lines a child wrote, so a chatty or crashing child
// cannot fill the parent's memory, and an error can quote the end of its log.

const OUT_OF_MEMORY = /heap out of memory|Allocation failed - process out of memory|Fatal process out of memory/i;

export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';
  /** V8 prints this before aborting; kept even after the line scrolls out of the tail. */
  sawOutOfMemory = false;

  constructor(private readonly maxLines = 20) {}

  push(chunk: string | Uint8Array): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const parts = text.split('\n');
    this.partial = (parts.pop() ?? '').slice(-4096);
    for (const line of parts) this.keep(line.replace(/\r$/, ''));
  }

  /** The kept lines, joined with newlines (a trailing partial line included). */
  text(): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(-this.maxLines).join('\n');
  }

  private keep(line: string): void {
    if (OUT_OF_MEMORY.test(line)) this.sawOutOfMemory = true;
    this.lines.push(line.length > 2000 ? `${line.slice(0, 2000)}...` : line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}
