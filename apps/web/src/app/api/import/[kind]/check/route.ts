// CSV import, step one: the preview and every problem of an uploaded file; nothing changes. Operators.
import { checkImportFile } from '../../../../../lib/import-endpoints';
import { routeOf } from '../../../../../lib/session-endpoint';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = routeOf(checkImportFile);
