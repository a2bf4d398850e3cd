/**
 * `pnpm demo:seed`: a morning's worth of batches and orders, through the message bus like any
 * other caller, and one demo user per role. Safe to run twice: what exists already is left as it is.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES } from '@allocation/auth/roles';
import {
  Allocate,
  ChangeBatchQuantity,
  type Command,
  CreateBatch,
  DomainError,
  serviceOrigin,
} from '@allocation/domain';
import { createApp } from '../src/create-app.ts';
import { systemClock } from '../src/system-clock.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const inDays = (days: number) =>
  new Date(systemClock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

const demo: Command[] = [
  CreateBatch({ ref: 'WH-LAMP-001', sku: 'ELEGANT-LAMP', qty: 40, eta: null }),
  CreateBatch({ ref: 'SHIP-LAMP-014', sku: 'ELEGANT-LAMP', qty: 100, eta: inDays(7) }),
  CreateBatch({ ref: 'SHIP-LAMP-021', sku: 'ELEGANT-LAMP', qty: 60, eta: inDays(21) }),
  CreateBatch({ ref: 'WH-TABLE-003', sku: 'SMALL-TABLE', qty: 12, eta: null }),
  CreateBatch({ ref: 'SHIP-TABLE-009', sku: 'SMALL-TABLE', qty: 30, eta: inDays(9) }),
  CreateBatch({ ref: 'WH-CHAIR-002', sku: 'COMFY-CHAIR', qty: 25, eta: null }),
  CreateBatch({ ref: 'SHIP-SOFA-030', sku: 'VELVET-SOFA', qty: 4, eta: inDays(30) }),
  CreateBatch({ ref: 'WH-RUG-007', sku: 'GARISH-RUG', qty: 8, eta: null }),
  Allocate({ orderid: 'ORD-1001', sku: 'ELEGANT-LAMP', qty: 10 }),
  Allocate({ orderid: 'ORD-1001', sku: 'SMALL-TABLE', qty: 2 }),
  Allocate({ orderid: 'ORD-1002', sku: 'ELEGANT-LAMP', qty: 25 }),
  Allocate({ orderid: 'ORD-1003', sku: 'COMFY-CHAIR', qty: 4 }),
  Allocate({ orderid: 'ORD-1004', sku: 'SMALL-TABLE', qty: 10 }),
  Allocate({ orderid: 'ORD-1005', sku: 'VELVET-SOFA', qty: 3 }),
  Allocate({ orderid: 'ORD-1006', sku: 'GARISH-RUG', qty: 8 }),
  Allocate({ orderid: 'ORD-1007', sku: 'GARISH-RUG', qty: 1 }),
  ChangeBatchQuantity({ ref: 'WH-LAMP-001', qty: 30 }),
];

/** What a command did, in the words of the pages that show it. */
function done(command: Command, result: unknown): string {
  switch (command.type) {
    case 'CreateBatch':
      return `batch ${command.ref}: ${command.qty} × ${command.sku}, ${command.eta ? `arriving ${command.eta}` : 'in the warehouse'}`;
    case 'Allocate': {
      const outcome = result as { status: string; batchref?: string };
      const line = `order ${command.orderid}: ${command.qty} × ${command.sku}`;
      return outcome.status === 'allocated'
        ? `${line} allocated to batch ${outcome.batchref}`
        : `${line} is out of stock (an alert, and an email to the stock team)`;
    }
    case 'ChangeBatchQuantity': {
      const moved = (result as { moved?: readonly unknown[] }).moved?.length ?? 0;
      return `batch ${command.ref} changed to ${command.qty}${moved ? `, ${moved} order line(s) moved to other batches` : ''}`;
    }
    default:
      return command.type;
  }
}

const app = await createApp({
  env: { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(root, '.data') },
});
try {
  for (const command of demo) {
    try {
      const result = await app.bus.handle(command, serviceOrigin('cli:demo-data'));
      console.log(`[demo] ${done(command, result)}`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A second run: what is there already is left as it is.
      console.log(`[demo] left as it is: ${error.message}`);
    }
  }
  const identity = await app.identity();
  for (const role of ROLES) {
    const email = `${role}@demo.example`;
    const password = `${role}-demo-password`;
    const outcome = await identity.ensureUser({ email, password, name: `Demo ${role}`, role });
    console.log(
      outcome === 'created'
        ? `[demo] user ${email} (${role}) created: sign in with password ${password}`
        : `[demo] user ${email} (${role}) exists already: its password is ${password} unless someone changed it`,
    );
  }
  console.log(
    '[demo] done: start the app (`pnpm start`) and sign in as one of the users above; the Out-of-stock alerts and Notifications pages show the order nothing could take',
  );
} finally {
  await app.close();
}
