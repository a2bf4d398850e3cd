import { FakeUnitOfWorkFactory } from '@allocation/domain/testing';
import { describeUnitOfWorkContract } from '../src/index.ts';

// The reference implementation: the fakes every service-layer test runs on keep the same promises.
describeUnitOfWorkContract('the in-memory fakes', {
  open: async () => {
    const uow = new FakeUnitOfWorkFactory();
    return { uow, activity: uow, close: async () => {} };
  },
  interleavesTransactions: true,
});
