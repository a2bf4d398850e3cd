// Any other path under /api (the REST endpoints and /api/trpc have their own routes): a JSON 404.
import { noSuchEndpoint } from '@allocation/rest';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = noSuchEndpoint;
export const POST = noSuchEndpoint;
export const PUT = noSuchEndpoint;
export const PATCH = noSuchEndpoint;
export const DELETE = noSuchEndpoint;
