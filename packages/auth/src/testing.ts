/**
 * Identity in memory, for entry-point tests on the fake application: the same roles, the same API
 * key rules (ApiKeys over an in-memory store), and sessions as cookies the fake handler hands out.
 * `signedIn(role)` gives the headers of a browser signed in with that role.
 */
import { randomUUID } from 'node:crypto';
import {
  type Administration,
  checkKeepsAnAdmin,
  emailTaken,
  type ManagedUser,
  unknownUser,
} from './administration.ts';
import { ApiKeyNameTaken, type ApiKeyRow, type ApiKeyStore, ApiKeys } from './api-keys.ts';
import type { FirstAdminOutcome } from './first-admin.ts';
import type { Identity } from './identity.ts';
import { checkNewUser, checkPassword, type NewUser } from './new-user.ts';
import type { Actor, Role } from './roles.ts';

/** better-auth's cookie name; the fake uses the same. */
export const SESSION_COOKIE = 'better-auth.session_token';

export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly rows: ApiKeyRow[] = [];

  async insert(row: ApiKeyRow): Promise<void> {
    if (this.rows.some((existing) => existing.name === row.name)) throw new ApiKeyNameTaken(row.name);
    this.rows.push({ ...row });
  }
  async findByHash(keyHash: string) {
    return this.copy(this.rows.find((row) => row.keyHash === keyHash));
  }
  async findByName(name: string) {
    return this.copy(this.rows.find((row) => row.name === name));
  }
  async revoke(name: string, at: Date) {
    this.update((row) => row.name === name && row.revokedAt === null, { revokedAt: at });
  }
  async touch(id: string, at: Date) {
    this.update((row) => row.id === id, { lastUsedAt: at });
  }
  async list() {
    return [...this.rows].reverse().map((row) => ({ ...row }));
  }
  private copy(row: ApiKeyRow | undefined) {
    return row ? { ...row } : undefined;
  }
  private update(match: (row: ApiKeyRow) => boolean, change: Partial<ApiKeyRow>) {
    const index = this.rows.findIndex(match);
    const row = this.rows[index];
    if (row) this.rows[index] = { ...row, ...change };
  }
}

interface FakeUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly password: string;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

export class FakeIdentity implements Identity {
  readonly apiKeys: ApiKeys;
  readonly administration: Administration;
  private readonly users = new Map<string, FakeUser>();
  private readonly sessions = new Map<string, string>();

  constructor(private readonly now: () => Date = () => new Date()) {
    this.apiKeys = new ApiKeys(new InMemoryApiKeyStore(), now);
    this.administration = this.administer();
  }

  /** Sign-in (POST /api/auth/sign-in/email), sign-out and get-session, like better-auth's. */
  async handler(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname.replace(/^\/api\/auth/, '');
    if (request.method === 'POST' && path === '/sign-in/email') {
      const body = (await request.json().catch(() => ({}))) as { email?: string; password?: string };
      const user = this.users.get(body.email?.trim().toLowerCase() ?? '');
      if (!user || user.password !== body.password || user.disabled) {
        return Response.json({ message: 'Invalid email or password' }, { status: 401 });
      }
      const token = this.startSession(user);
      return Response.json(
        { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
        { headers: { 'set-cookie': `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax` } },
      );
    }
    if (request.method === 'POST' && path === '/sign-out') {
      const token = tokenOf(request.headers);
      if (token) this.sessions.delete(token);
      return Response.json({ success: true });
    }
    if (request.method === 'GET' && path === '/get-session') {
      return Response.json((await this.actorFromSession(request.headers)) ?? null);
    }
    return Response.json(
      { message: `No such identity endpoint: ${request.method} ${path}` },
      { status: 404 },
    );
  }

  async actorFromSession(headers: Headers): Promise<Actor | undefined> {
    const token = tokenOf(headers);
    const userId = token ? this.sessions.get(token) : undefined;
    const user = [...this.users.values()].find((candidate) => candidate.id === userId);
    return user && !user.disabled
      ? { kind: 'user', id: user.id, name: user.name, role: user.role }
      : undefined;
  }

  verifyApiKey(authorization: string | null | undefined) {
    return this.apiKeys.verify(authorization);
  }

  async hasUsers(): Promise<boolean> {
    return this.users.size > 0;
  }

  async createFirstAdmin(input: NewUser): Promise<FirstAdminOutcome> {
    const user = checkNewUser(input);
    if (this.users.size > 0) return 'users-exist';
    this.add({ ...user, role: 'admin' });
    return 'created';
  }

  async ensureUser(input: NewUser & { role: Role }): Promise<'created' | 'exists'> {
    const user = checkNewUser(input);
    if (this.users.has(user.email)) return 'exists';
    this.add({ ...user, role: input.role });
    return 'created';
  }

  /** The headers of a browser signed in as a (new or existing) user with that role. */
  async signedIn(role: Role): Promise<Headers> {
    const email = `${role}@example.com`;
    await this.ensureUser({ email, password: `${role}-password`, name: `Test ${role}`, role });
    const user = this.users.get(email) as FakeUser;
    return new Headers({ cookie: `${SESSION_COOKIE}=${this.startSession(user)}` });
  }

  private add(user: Omit<FakeUser, 'id' | 'disabled' | 'createdAt'>): FakeUser {
    const added = { ...user, id: randomUUID(), disabled: false, createdAt: this.now() };
    this.users.set(user.email, added);
    return added;
  }

  /** The same rules as PostgreSQL's (./administration.ts), on the maps above. */
  private administer(): Administration {
    const managed = ({ password: _password, ...user }: FakeUser): ManagedUser => ({ ...user });
    const find = (userId: string) => {
      const user = [...this.users.values()].find((candidate) => candidate.id === userId);
      if (!user) throw unknownUser(userId);
      return user;
    };
    const enabledAdmins = () =>
      [...this.users.values()].filter((user) => user.role === 'admin' && !user.disabled).length;
    const endSessions = (userId: string) => {
      for (const [token, owner] of this.sessions) if (owner === userId) this.sessions.delete(token);
    };
    const change = (userId: string, after: { role: Role; disabled: boolean }) => {
      const user = find(userId);
      checkKeepsAnAdmin(user, after, enabledAdmins());
      const changed = { ...user, ...after };
      this.users.set(user.email, changed);
      if (after.disabled) endSessions(userId);
      return managed(changed);
    };
    return {
      listUsers: async () =>
        [...this.users.values()]
          .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email))
          .map(managed),
      createUser: async (input) => {
        const user = checkNewUser(input);
        if (this.users.has(user.email)) throw emailTaken(user.email);
        return managed(this.add({ ...user, role: input.role }));
      },
      changeRole: async (userId, role) => change(userId, { role, disabled: find(userId).disabled }),
      setDisabled: async (userId, disabled) => change(userId, { role: find(userId).role, disabled }),
      resetPassword: async (userId, password) => {
        const user = find(userId);
        this.users.set(user.email, { ...user, password: checkPassword(password) });
        endSessions(userId);
        return managed(user);
      },
      listApiKeys: () => this.apiKeys.list(),
      createApiKey: (input) => this.apiKeys.create(input),
      revokeApiKey: (name) => this.apiKeys.revoke(name),
    };
  }

  private startSession(user: FakeUser): string {
    const token = randomUUID();
    this.sessions.set(token, user.id);
    return token;
  }
}

function tokenOf(headers: Headers): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}
