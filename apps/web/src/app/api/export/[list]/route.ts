// A list view as a CSV download, for signed-in managers and up (session cookie).
import { exportList } from '../../../../lib/export-endpoint';
import { routeOf } from '../../../../lib/session-endpoint';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = routeOf(exportList);
