import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { type ApiDependencies, createContext, type RequestIdentity } from './context.ts';
import { apiKeyAdministration, userAdministration } from './routers/admin.ts';
import { allocationCommands, batchCommands } from './routers/commands.ts';
import { dashboardQueries } from './routers/dashboard.ts';
import { deadLetterActionProcedures } from './routers/dead-letters.ts';
import { liveProcedures } from './routers/live.ts';
import {
  activityQueries,
  alertQueries,
  allocationQueries,
  batchQueries,
  deadLetterQueries,
  notificationQueries,
  stockQueries,
  suggestionQueries,
} from './routers/queries.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  batch: router({ ...batchCommands, ...batchQueries }),
  allocation: router({ ...allocationCommands, ...allocationQueries }),
  stock: router(stockQueries),
  alert: router(alertQueries),
  notification: router(notificationQueries),
  deadLetter: router({ ...deadLetterQueries, ...deadLetterActionProcedures }),
  activity: router(activityQueries),
  dashboard: router(dashboardQueries),
  suggest: router(suggestionQueries),
  live: router(liveProcedures),
  admin: router({ users: router(userAdministration), apiKeys: router(apiKeyAdministration) }),
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

const callerFactory = createCallerFactory(appRouter);

/** A server-side caller: the router without HTTP (tests, server components, scripts). */
export function createCaller(
  deps: ApiDependencies,
  options: { requestId?: string | null } & RequestIdentity = {},
) {
  return callerFactory(createContext(deps, options));
}
