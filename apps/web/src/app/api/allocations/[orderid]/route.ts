// The book's REST endpoint, served by the framework-free handler in @allocation/rest.
import { getApp } from '@allocation/composition-root';
import { allocationsForOrder, methodNotAllowed, withContext } from '@allocation/rest';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withContext(getApp, allocationsForOrder);

// Other methods get a JSON 405 naming the one to use, like every other caller mistake.
const notAllowed = methodNotAllowed('GET');
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
