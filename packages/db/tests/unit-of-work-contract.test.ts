import { describeUnitOfWorkContract } from '@allocation/unit-of-work-contract';
import { openBackend } from './support.ts';

describeUnitOfWorkContract('PostgreSQL', {
  open: async () => {
    const backend = await openBackend('postgres');
    return { uow: backend.db.uow, activity: backend.db.views, close: () => backend.close() };
  },
  interleavesTransactions: true,
});

describeUnitOfWorkContract('PGlite', {
  open: async () => {
    const backend = await openBackend('pglite');
    return { uow: backend.db.uow, activity: backend.db.views, close: () => backend.close() };
  },
  // PGlite runs one transaction at a time: two writers cannot both read before either commits.
  interleavesTransactions: false,
});
