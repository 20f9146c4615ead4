import { MemoryStore } from '@/lib/triggers';
import { defineEngineSuite } from './harness';

defineEngineSuite(() => ({
  name: 'MemoryStore',
  create: async (uid) => new MemoryStore(uid),
  sharesStateAcrossObjects: false,
}), { sharesStateAcrossObjects: false, concurrentTransactions: true });
