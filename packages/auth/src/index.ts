export * from './api-keys.ts';
export { AUTH_BASE_PATH, type AuthSettings, type BetterAuthInstance, MIN_PASSWORD_LENGTH } from './better-auth.ts';
export { type FirstAdminOutcome, InvalidNewUser, type NewUser } from './first-admin.ts';
export * from './identity.ts';
export * from './roles.ts';
export { MIN_SECRET_LENGTH, readOrCreateSecret } from './secret-file.ts';
export { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleSettings } from './sign-in-throttle.ts';
export { PrismaApiKeyStore } from './api-key-store.ts';
