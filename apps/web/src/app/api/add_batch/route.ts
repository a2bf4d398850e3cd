// The book's REST endpoint, served by the framework-free handler in @allocation/rest.
import { getApp } from '@allocation/composition-root';
import { addBatch, methodNotAllowed, withContext } from '@allocation/rest';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withContext(getApp, addBatch);

// Other methods get a JSON 405 naming the one to use, like every other caller mistake.
const notAllowed = methodNotAllowed('POST');
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
