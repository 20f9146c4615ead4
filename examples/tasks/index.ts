/**
 * A team's own task module: an order fulfilment workflow, outside lib/ (see README "Your own
 * tasks"). Point the dashboard and the workers at it with
 *
 *   TASKS_MODULE=examples/tasks/index.ts npm start
 *   TASKS_MODULE=examples/tasks/index.ts DATABASE_URL=postgres://… npm run worker
 *
 * A task module exports `createTaskRegistry()`; the configuration is the application's (it
 * creates sessions with `ORDER_WORKFLOW`, through the API, the engine library or `npm run tb`).
 * A module in its own package would import `TaskRegistry` from 'triggerboard/engine'.
 */
import { TaskRegistry, ValidationError, type TaskContext } from '@/lib/triggers';
import type { z } from 'zod';
import * as schemas from './schemas';

type Input<S extends z.ZodType> = TaskContext<z.output<S>>;

/** The catalogue the example prices against (a real module would call its own services). */
export const CATALOGUE: Record<string, number> = { 'MUG-001': 1200, 'TEE-002': 2500, 'CAP-003': 1800 };

/** Prices the order; an unknown SKU fails the instance (replay with corrected kwargs, or skip). */
export function validateOrder(ctx: Input<typeof schemas.validateOrderKwargs>) {
  const { orderId, lines } = ctx.input.orderPlaced;
  const priced = lines.map((line, index) => {
    const unitPriceCents = CATALOGUE[line.sku];
    if (unitPriceCents === undefined) {
      throw new ValidationError(`orderPlaced.lines.${index}.sku: no such product in the catalogue`, { sku: line.sku });
    }
    return { ...line, unitPriceCents };
  });
  ctx.logger.info('order priced', { orderId, lines: priced.length });
  return { orderId, lines: priced, totalCents: priced.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0) };
}

export function reserveStock(ctx: Input<typeof schemas.reserveStockKwargs>) {
  const { orderId } = ctx.input.t_validateOrder;
  return { reservationId: `res-${orderId}`, warehouse: 'north' };
}

export function chargePayment(ctx: Input<typeof schemas.chargePaymentKwargs>) {
  const { orderId, totalCents } = ctx.input.t_validateOrder;
  return { chargeId: `ch-${orderId}`, amountCents: totalCents };
}

export function shipOrder(ctx: Input<typeof schemas.shipOrderKwargs>) {
  return { trackingNumber: `TRK-${ctx.input.t_reserveStock.reservationId.slice(4).toUpperCase()}` };
}

export function createTaskRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('validateOrder', validateOrder, { kwargs: schemas.validateOrderKwargs, result: schemas.validateOrderResult })
    .register('reserveStock', reserveStock, { kwargs: schemas.reserveStockKwargs, result: schemas.reserveStockResult })
    .register('chargePayment', chargePayment, { kwargs: schemas.chargePaymentKwargs, result: schemas.chargePaymentResult, maxRetries: 5 })
    .register('shipOrder', shipOrder, { kwargs: schemas.shipOrderKwargs, result: schemas.shipOrderResult });
}

/** The configuration of an order session: validate, then reserve and charge, then ship. */
export const ORDER_WORKFLOW = {
  t_validateOrder: { after: ['orderPlaced'], run: 'validateOrder' },
  t_reserveStock: { after: ['t_validateOrder'], run: 'reserveStock' },
  t_chargePayment: { after: ['t_validateOrder', 'paymentAuthorized'], run: 'chargePayment' },
  t_shipOrder: { after: ['t_reserveStock', 't_chargePayment'], run: 'shipOrder' },
};
