// The OpenAPI 3.1 document of the REST API, generated from the shared zod schemas.
import { openApiDocument } from '@allocation/rest';

export const runtime = 'nodejs';
export const dynamic = 'force-static';

export function GET(): Promise<Response> {
  return openApiDocument();
}
