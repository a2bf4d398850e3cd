// CSV import, step two: the file checked again and applied through the bus, progress streamed. Operators.
import { applyImportFile } from '../../../../../lib/import-endpoints';
import { routeOf } from '../../../../../lib/session-endpoint';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = routeOf(applyImportFile);
