/**
 * The contracts of the fulfilment tasks: kwargs keyed by the trigger (or upstream task) that
 * delivers them, and each handler's result (which becomes the kwargs of the cascade).
 */
import { z } from 'zod';

const orderLine = z.object({
  sku: z.string().regex(/^[A-Z]{3}-\d{3}$/, { error: 'must look like ABC-123' }),
  quantity: z.number().int().min(1, { error: 'must be at least 1' }).max(100),
});

export const validateOrderKwargs = z.object({
  orderPlaced: z.object({
    orderId: z.string().min(1),
    email: z.email(),
    lines: z.array(orderLine).min(1, { error: 'an order needs at least one line' }),
  }),
});
export const validateOrderResult = z.object({
  orderId: z.string(),
  lines: z.array(orderLine.extend({ unitPriceCents: z.number().int() })),
  totalCents: z.number().int().min(0),
});

export const reserveStockKwargs = z.object({ t_validateOrder: validateOrderResult });
export const reserveStockResult = z.object({ reservationId: z.string(), warehouse: z.string() });

export const chargePaymentKwargs = z.object({
  t_validateOrder: validateOrderResult,
  paymentAuthorized: z.object({ paymentToken: z.string().startsWith('tok_', { error: "must start with 'tok_'" }) }),
});
export const chargePaymentResult = z.object({ chargeId: z.string(), amountCents: z.number().int() });

export const shipOrderKwargs = z.object({ t_reserveStock: reserveStockResult, t_chargePayment: chargePaymentResult });
export const shipOrderResult = z.object({ trackingNumber: z.string() });
