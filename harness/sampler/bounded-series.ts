// A series that stays small however long it is fed: it keeps every item up
// to `capacity`, then drops every other kept item and from then on keeps
// every 2nd (then 4th, 8th, ...) item. The kept items stay evenly spaced over
// the whole run, so a robust slope over them is still a slope over the run,
// and a 6-hour soak sampled every 100ms holds at most `capacity` samples.

export class BoundedSeries<T> {
  private items: T[] = [];
  private stride = 1;
  private seen = 0;
  private latest: T | undefined;
  private latestKept = false;

  constructor(readonly capacity = 2048) {
    if (!Number.isInteger(capacity) || capacity < 4)
      throw new RangeError(`BoundedSeries capacity must be an integer >= 4, got ${capacity}`);
  }

  add(item: T): void {
    this.latest = item;
    this.latestKept = this.seen % this.stride === 0;
    if (this.latestKept) {
      this.items.push(item);
      if (this.items.length >= this.capacity) this.thin();
    }
    this.seen += 1;
  }

  /** Kept items, oldest first, always ending with the newest item added. */
  values(): T[] {
    if (this.latest === undefined || this.latestKept) return [...this.items];
    return [...this.items, this.latest];
  }

  /** Items added in total (kept or not). */
  get total(): number {
    return this.seen;
  }

  get size(): number {
    return this.items.length;
  }

  /** Every `step`-th added item is kept. */
  get step(): number {
    return this.stride;
  }

  clear(): void {
    this.items = [];
    this.stride = 1;
    this.seen = 0;
    this.latest = undefined;
    this.latestKept = false;
  }

  // Kept items are the multiples of `stride`; keeping the even positions
  // leaves exactly the multiples of 2 * stride.
  private thin(): void {
    this.items = this.items.filter((_, index) => index % 2 === 0);
    this.stride *= 2;
    this.latestKept = this.latestKept && this.seen % this.stride === 0;
  }
}
