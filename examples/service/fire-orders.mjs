#!/usr/bin/env node
/**
 * A shop's order service, in its own process and package: it creates an order session per order
 * and fires its triggers, through the engine library (`triggerboard/engine`, built by
 * `npm run build:engine`). The dashboard's workers (`TASKS_MODULE=examples/tasks/index.ts
 * npm run worker`) run the tasks; support sees and replays them in the dashboard.
 *
 *   DATABASE_URL=postgres://… node fire-orders.mjs [orderId:SKU:quantity …]
 *
 * Prints one JSON line per order: the session, and the instances each trigger scheduled.
 */
import { connect } from 'triggerboard/engine';

/** The order workflow (examples/tasks): the configuration belongs to the application that creates sessions. */
const ORDER_WORKFLOW = {
  t_validateOrder: { after: ['orderPlaced'], run: 'validateOrder' },
  t_reserveStock: { after: ['t_validateOrder'], run: 'reserveStock' },
  t_chargePayment: { after: ['t_validateOrder', 'paymentAuthorized'], run: 'chargePayment' },
  t_shipOrder: { after: ['t_reserveStock', 't_chargePayment'], run: 'shipOrder' },
};

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the PostgreSQL database the dashboard and its workers use.');
  process.exit(1);
}
const orders = (process.argv.length > 2 ? process.argv.slice(2) : ['1001:MUG-001:2', '1002:TEE-002:1']).map((spec) => {
  const [orderId, sku, quantity] = spec.split(':');
  return { orderId, sku, quantity: Number(quantity ?? 1) };
});

const engine = await connect({ url, actor: 'shop-service' });
try {
  for (const { orderId, sku, quantity } of orders) {
    const uid = `order-${orderId}`;
    const session = engine.managerFor(uid);
    await session.updateConfiguration(ORDER_WORKFLOW);
    const placed = await session.fire('orderPlaced', { orderId, email: 'customer@example.com', lines: [{ sku, quantity }] });
    const paid = await session.fire('paymentAuthorized', { paymentToken: `tok_${orderId}` });
    console.log(JSON.stringify({ session: uid, scheduled: [...placed, ...paid].map((instance) => instance.name) }));
  }
} finally {
  await engine.close();
}
