// Whether the service reaches its database: public, for load balancers and orchestrators.
import { getApp } from '@allocation/composition-root';
import { health, methodNotAllowed, withContext } from '@allocation/rest';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withContext(getApp, health);

const notAllowed = methodNotAllowed('GET');
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
