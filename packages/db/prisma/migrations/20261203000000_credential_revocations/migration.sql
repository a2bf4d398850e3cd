-- Credential revocations reach every web process over NOTIFY on `credentials_revoked` (LISTENed by
-- CredentialRevocationListener), so each may keep verified API keys and sessions for a few seconds
-- and still drop them at once. API keys announce their revocation themselves (PrismaApiKeyStore);
-- sessions and users change through better-auth, so triggers announce those: a session ended
-- (sign-out, revoked by an admin, expired and removed) and a user whose role, ban or name changed,
-- or who was removed. One notice per statement; the payload names the table only.

CREATE FUNCTION "announce_credentials_revoked"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('credentials_revoked', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "sessions_revoked" AFTER DELETE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION announce_credentials_revoked();
CREATE TRIGGER "users_changed" AFTER UPDATE OF "role", "banned", "ban_expires", "name", "email" ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION announce_credentials_revoked();
CREATE TRIGGER "users_removed" AFTER DELETE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION announce_credentials_revoked();
