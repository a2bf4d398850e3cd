// better-auth's HTTP endpoints (sign-in, sign-out, session, admin), served by @allocation/auth.
import { getApp } from '@allocation/composition-root';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handle(request: Request): Promise<Response> {
  const identity = await (await getApp()).identity();
  return identity.handler(request);
}

export const GET = handle;
export const POST = handle;
