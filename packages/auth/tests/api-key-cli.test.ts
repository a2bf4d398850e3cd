import { describe, expect, it } from 'vitest';
import { ApiKeyUsageError, parseApiKeyArgs } from '../src/api-key-cli.ts';

describe('the API-key command line arguments', () => {
  it('reads create and revoke, with --option value and --option=value', () => {
    expect(parseApiKeyArgs(['create', '--name', 'erp', '--role', 'operator'])).toEqual({
      command: 'create',
      name: 'erp',
      role: 'operator',
      expiresAt: null,
    });
    expect(parseApiKeyArgs(['create', '--role=admin', '--name=ops', '--expires', '2027-01-31'])).toEqual({
      command: 'create',
      name: 'ops',
      role: 'admin',
      expiresAt: new Date('2027-01-31T00:00:00Z'),
    });
    expect(parseApiKeyArgs(['revoke', '--name', 'erp'])).toEqual({ command: 'revoke', name: 'erp' });
  });

  it.each([
    [[], 'no command given'],
    [['delete', '--name', 'x'], 'unknown command "delete"'],
    [['create', '--role', 'admin'], '--name is required'],
    [['create', '--name', 'x'], '--role is required'],
    [
      ['create', '--name', 'x', '--role', 'root'],
      '--role must be one of manager, operator, admin, not "root"',
    ],
    [['create', '--name', '--role', 'admin'], '--name needs a value'],
    [['create', '--name', 'x', '--role', 'admin', '--colour', 'red'], 'unknown option "--colour"'],
    [['create', '--name', 'x', '--name', 'y', '--role', 'admin'], '--name given twice'],
    [['create', '--name', 'x', '--role', 'admin', '--expires', 'soon'], '--expires must be a date'],
    [['revoke', '--name', 'x', '--role', 'admin'], 'unknown option "--role" for revoke'],
  ])('refuses %j: %s', (argv, problem) => {
    expect(() => parseApiKeyArgs(argv)).toThrow(ApiKeyUsageError);
    expect(() => parseApiKeyArgs(argv)).toThrow(problem);
  });
});
