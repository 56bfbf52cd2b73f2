// Parses and re-serialises a realistic API response (a page of orders with
// customers, addresses and line items), as a REST gateway does per request.
import { defineWorkload } from '../harness/index.js';
import { nextInt, seededRandom } from './seeded.js';

interface LineItem {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
}

interface Order {
  id: string;
  status: 'pending' | 'paid' | 'shipped';
  createdAt: string;
  customer: {
    id: number;
    name: string;
    email: string;
    address: { street: string; city: string; zip: string; country: string };
  };
  items: LineItem[];
  total: number;
  tags: string[];
}

const CITIES = ['Lisbon', 'Osaka', 'Toronto', 'Nairobi', 'Tallinn', 'Recife'];
const STATUSES = ['pending', 'paid', 'shipped'] as const;

function makeOrder(random: () => number, index: number): Order {
  const items = Array.from({ length: 1 + nextInt(random, 5) }, (_, item) => ({
    sku: `SKU-${(index * 7 + item).toString(36).toUpperCase()}`,
    title: `Item ${item} of order ${index}`,
    quantity: 1 + nextInt(random, 4),
    unitPrice: Math.round(random() * 10_000) / 100,
  }));
  return {
    id: `ord_${index.toString(16).padStart(8, '0')}`,
    status: STATUSES[nextInt(random, STATUSES.length)] ?? 'pending',
    // A fixed epoch, not Date.now(): the payload must be the same on every run.
    createdAt: new Date(1_700_000_000_000 + index * 60_000).toISOString(),
    customer: {
      id: 10_000 + nextInt(random, 90_000),
      name: `Customer ${index}`,
      email: `customer${index}@example.com`,
      address: {
        street: `${1 + nextInt(random, 200)} Main St`,
        city: CITIES[nextInt(random, CITIES.length)] ?? 'Lisbon',
        zip: String(10_000 + nextInt(random, 89_999)),
        country: 'PT',
      },
    },
    items,
    total: Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100,
    tags: index % 3 === 0 ? ['priority', 'gift'] : ['standard'],
  };
}

export default defineWorkload({
  name: 'json-roundtrip',
  description: 'JSON.parse + transform + JSON.stringify of a 25-order API page (~12 KB)',
  warmupOps: 50,
  // ~24 MB allocated per repeat: allocation is measured to about ±0.3 MB per repeat, so ~1%.
  setup: () => {
    const random = seededRandom(42);
    const page = { page: 1, pageSize: 25, orders: Array.from({ length: 25 }, (_, index) => makeOrder(random, index)) };
    return { text: JSON.stringify(page) };
  },
  op: (state) => {
    const page = JSON.parse(state.text) as { orders: Order[] };
    const shipped = page.orders
      .filter((order) => order.status !== 'pending')
      .map((order) => ({ id: order.id, total: order.total, city: order.customer.address.city }));
    return JSON.stringify({ count: shipped.length, shipped }).length;
  },
});
