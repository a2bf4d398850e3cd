/**
 * The API-key command line's arguments: `create --name <name> --role <role> [--expires <date>]` and
 * `revoke --name <name>`. Parsing only; the program (packages/composition-root/bin/api-key.ts) runs it.
 */
import { isRole, ROLES, type Role } from './roles.ts';

export type ApiKeyCommand =
  | {
      readonly command: 'create';
      readonly name: string;
      readonly role: Role;
      readonly expiresAt: Date | null;
    }
  | { readonly command: 'revoke'; readonly name: string };

export const API_KEY_USAGE = [
  'usage: pnpm --silent api-key:create --name <name> --role <manager|operator|admin> [--expires <YYYY-MM-DD>]',
  '       pnpm --silent api-key:revoke --name <name>',
].join('\n');

/** Arguments that do not make a command; the message names the problem. */
export class ApiKeyUsageError extends Error {
  override readonly name = 'ApiKeyUsageError';
}

const OPTIONS = { create: ['--name', '--role', '--expires'], revoke: ['--name'] } as const;

export function parseApiKeyArgs(argv: readonly string[]): ApiKeyCommand {
  const [command, ...rest] = argv;
  if (command !== 'create' && command !== 'revoke') {
    throw new ApiKeyUsageError(
      command ? `unknown command "${command}": use create or revoke` : 'no command given',
    );
  }
  const allowed: readonly string[] = OPTIONS[command];
  const values = new Map<string, string>();
  for (let index = 0; index < rest.length; index += 2) {
    const [option, inline] = (rest[index] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    if (!allowed.includes(option)) throw new ApiKeyUsageError(`unknown option "${option}" for ${command}`);
    if (values.has(option)) throw new ApiKeyUsageError(`${option} given twice`);
    const value = inline ?? rest[index + 1];
    if (inline !== undefined) index -= 1;
    if (value === undefined || value.startsWith('--') || value.trim() === '') {
      throw new ApiKeyUsageError(`${option} needs a value`);
    }
    values.set(option, value);
  }
  const name = values.get('--name');
  if (!name) throw new ApiKeyUsageError('--name is required');
  if (command === 'revoke') return { command, name };
  const role = values.get('--role');
  if (!role) throw new ApiKeyUsageError('--role is required');
  if (!isRole(role)) throw new ApiKeyUsageError(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
  const expires = values.get('--expires');
  let expiresAt: Date | null = null;
  if (expires !== undefined) {
    expiresAt = new Date(/^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T00:00:00Z` : expires);
    if (Number.isNaN(expiresAt.getTime())) {
      throw new ApiKeyUsageError(
        `--expires must be a date (YYYY-MM-DD) or a date and time, not "${expires}"`,
      );
    }
  }
  return { command, name, role, expiresAt };
}
