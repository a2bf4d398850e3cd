export * from './api-keys.ts';
export { AUTH_BASE_PATH, type AuthSettings, type BetterAuthInstance } from './better-auth.ts';
export type { FirstAdminOutcome } from './first-admin.ts';
export { InvalidNewUser, MIN_PASSWORD_LENGTH, type NewUser } from './new-user.ts';
export * from './identity.ts';
export * from './roles.ts';
export { MIN_SECRET_LENGTH, readOrCreateSecret } from './secret-file.ts';
export { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleSettings } from './sign-in-throttle.ts';
export { PrismaApiKeyStore } from './api-key-store.ts';
