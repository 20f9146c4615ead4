import { describe, expect, it, vi } from 'vitest';
import * as errors from '@/lib/triggers/errors';

/** A second, separate copy of the errors module, as a Next.js server holds one per bundle. */
async function otherCopy(): Promise<typeof errors> {
  vi.resetModules();
  return import('@/lib/triggers/errors');
}

describe('engine errors across module copies', () => {
  it('instanceof recognises an error thrown by another copy of the module, by class', async () => {
    const copy = await otherCopy();
    expect(copy.InvalidStatusError).not.toBe(errors.InvalidStatusError);
    const thrown = new copy.InvalidStatusError('t_x#0', 'skipped', 'skip');
    expect(thrown instanceof errors.InvalidStatusError).toBe(true);
    expect(thrown instanceof errors.TriggerEngineError).toBe(true);
    expect(thrown instanceof Error).toBe(true);
    expect(thrown instanceof errors.InstanceNotFoundError).toBe(false);
    expect(thrown instanceof errors.ConfigurationError).toBe(false);
  });

  it('still tells classes apart within one copy, and rejects non-errors', () => {
    const notFound = new errors.InstanceNotFoundError('t_x');
    expect(notFound instanceof errors.InstanceNotFoundError).toBe(true);
    expect(notFound instanceof errors.InvalidStatusError).toBe(false);
    expect(new Error('plain') instanceof errors.TriggerEngineError).toBe(false);
    expect({ name: 'InvalidStatusError' } instanceof errors.InvalidStatusError).toBe(false);
    expect((null as unknown as object) instanceof errors.TriggerEngineError).toBe(false);
  });

  it('a subclass without its own brand matches by identity only, never its parent by brand', () => {
    class Custom extends errors.InvalidStatusError {}
    const parent = new errors.InvalidStatusError('t#0', 'failed', 'replay');
    expect(parent instanceof Custom).toBe(false);
    expect(new Custom('t#0', 'failed', 'replay') instanceof errors.InvalidStatusError).toBe(true);
  });
});
