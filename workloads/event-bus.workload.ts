// An in-process event bus: 5 topics, 4 subscribers each, 50 events per op.
// Subscribers aggregate into fixed-size state, so nothing accumulates.
import { EventEmitter } from 'node:events';
import { defineWorkload } from '../harness/index.js';

const TOPICS = ['order.created', 'order.paid', 'order.shipped', 'user.login', 'user.logout'] as const;
const SUBSCRIBERS_PER_TOPIC = 4;
const EVENTS_PER_OP = 50;

interface BusEvent {
  topic: string;
  seq: number;
  payload: { userId: number; amount: number };
}

export default defineWorkload({
  name: 'event-bus',
  description: `EventEmitter fan-out: ${EVENTS_PER_OP} events per op to ${SUBSCRIBERS_PER_TOPIC} subscribers on each of ${TOPICS.length} topics`,
  // Long enough for the JIT to finish optimising emit and the listeners.
  warmupOps: 500,
  // ~32 MB allocated per repeat: allocation is measured to about ±0.3 MB per repeat, so ~1%.
  setup: () => {
    const bus = new EventEmitter();
    const totals = new Float64Array(TOPICS.length * SUBSCRIBERS_PER_TOPIC);
    TOPICS.forEach((topic, t) => {
      for (let s = 0; s < SUBSCRIBERS_PER_TOPIC; s++) {
        const slot = t * SUBSCRIBERS_PER_TOPIC + s;
        bus.on(topic, (event: BusEvent) => {
          totals[slot] = (totals[slot] ?? 0) + event.payload.amount;
        });
      }
    });
    return { bus, totals, seq: 0 };
  },
  op: (state) => {
    for (let i = 0; i < EVENTS_PER_OP; i++) {
      const seq = state.seq++;
      const topic = TOPICS[seq % TOPICS.length] ?? 'order.created';
      state.bus.emit(topic, {
        topic,
        seq,
        payload: { userId: seq % 1000, amount: (seq % 97) / 10 },
      } satisfies BusEvent);
    }
  },
  teardown: (state) => {
    state.bus.removeAllListeners();
  },
});
