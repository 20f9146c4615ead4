/**
 * The example module's own test, as a team would write one for its tasks: the workflow runs
 * through the engine on an in-memory store, and bad input fails the instance it belongs to.
 * (Run by `npm test`: vitest includes examples/**\/*.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { InlineRunner, MemoryStore, TriggerManager } from '@/lib/triggers';
import { createTaskRegistry, ORDER_WORKFLOW } from './index';

async function order(uid: string, lines: { sku: string; quantity: number }[], paymentToken = 'tok_visa') {
  const runner = new InlineRunner();
  const manager = new TriggerManager(new MemoryStore(uid), { registry: createTaskRegistry(), runner });
  await manager.updateConfiguration(ORDER_WORKFLOW);
  await manager.fire('orderPlaced', { orderId: uid, email: 'ada@example.com', lines });
  await manager.fire('paymentAuthorized', { paymentToken });
  await runner.drain();
  return { manager, runner, instances: await manager.store.instances() };
}

describe('the order fulfilment module', () => {
  it('prices, reserves, charges and ships an order', async () => {
    const { instances } = await order('o-1', [{ sku: 'MUG-001', quantity: 2 }, { sku: 'CAP-003', quantity: 1 }]);
    expect(Object.fromEntries(Object.values(instances).map((i) => [i.name, i.status]))).toEqual({
      't_validateOrder#0': 'finished',
      't_reserveStock#0': 'finished',
      't_chargePayment#0': 'finished',
      't_shipOrder#0': 'finished',
    });
    expect(instances['t_chargePayment#0']?.metadata.result).toEqual({ chargeId: 'ch-o-1', amountCents: 4200 });
    expect(instances['t_shipOrder#0']?.metadata.result).toEqual({ trackingNumber: 'TRK-O-1' });
  });

  it('fails the validation on a malformed order, naming the field; nothing downstream runs', async () => {
    const { instances } = await order('o-2', [{ sku: 'mug', quantity: 0 }]);
    const failed = instances['t_validateOrder#0'];
    expect(failed?.status).toBe('failed');
    expect(failed?.metadata.exceptionType).toBe('ValidationError');
    expect(failed?.metadata.exceptionMessage).toContain('orderPlaced.lines.0.sku: must look like ABC-123');
    expect(failed?.metadata.exceptionMessage).toContain('orderPlaced.lines.0.quantity: must be at least 1');
    // The charge waits (unstarted) for the order it would price; nothing ran after the failure.
    expect(Object.values(instances).filter((i) => i.status !== 'unstarted').map((i) => i.name)).toEqual(['t_validateOrder#0']);
  });

  it('an unknown product fails the instance; a replay with a corrected order ships it', async () => {
    const { manager, runner, instances } = await order('o-3', [{ sku: 'HAT-404', quantity: 1 }]);
    expect(instances['t_validateOrder#0']?.metadata.exceptionMessage).toBe('orderPlaced.lines.0.sku: no such product in the catalogue');
    await manager.replayFailedInstance('t_validateOrder#0', {
      orderPlaced: { orderId: 'o-3', email: 'ada@example.com', lines: [{ sku: 'TEE-002', quantity: 1 }] },
    });
    await runner.drain();
    const [shipped] = await manager.store.instancesOfTask('t_shipOrder');
    expect(shipped?.status).toBe('finished');
  });

  it('a payment token of the wrong form fails the charge only', async () => {
    const { instances } = await order('o-4', [{ sku: 'MUG-001', quantity: 1 }], 'card-4242');
    expect(instances['t_reserveStock#0']?.status).toBe('finished');
    expect(instances['t_chargePayment#0']?.status).toBe('failed');
    expect(instances['t_chargePayment#0']?.metadata.exceptionMessage).toContain("paymentAuthorized.paymentToken: must start with 'tok_'");
    expect(instances['t_shipOrder#0']?.status).toBe('unstarted');
  });
});
