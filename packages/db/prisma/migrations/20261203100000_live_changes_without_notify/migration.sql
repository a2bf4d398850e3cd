-- Live views, second form: the read tables' statement-level triggers only append what a statement
-- changed to `live_changes`, in the writer's transaction (a rollback leaves nothing). They no longer
-- pg_notify: a transaction that NOTIFYs takes PostgreSQL's global notify-queue lock at pre-commit
-- and holds it through its commit's WAL flush, so every notifying commit of the whole server was
-- serialised (pgbench, one-row updates of batch_stock_view, 8 clients: 1,147 tps with the notice,
-- 2,624 without, 3,838 without the trigger). The processes that write announce instead, outside
-- their transactions and coalesced (packages/db/src/live-change-announcer.ts), and listeners read
-- the table. See docs/adr/0007-live-views.md.
--
-- One function per table, with static SQL: PL/pgSQL keeps its plan for the session, where the former
-- generic function planned three or four EXECUTEs on every call. Measured, backend CPU per one-row
-- update: no trigger 176-242 us, these functions 224-314 us, one generic EXECUTE 320-346 us, the former
-- function 358-392 us (304-360 without its pg_notify). `changed` is the statement's transition
-- table; an empty one (an upsert that changed nothing) appends no row.

CREATE FUNCTION "live_change_batch_stock_view"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists, skus, batches)
    SELECT '{batches}', array_agg(DISTINCT sku::text), array_agg(DISTINCT reference::text)
      FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "live_change_allocations_view"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists, skus, orders, batches)
    SELECT '{}', array_agg(DISTINCT sku::text), array_agg(DISTINCT orderid::text),
           array_agg(DISTINCT batchref::text) FILTER (WHERE batchref IS NOT NULL)
      FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "live_change_out_of_stock_alerts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists, skus, orders)
    SELECT '{alerts}', array_agg(DISTINCT sku::text), array_agg(DISTINCT orderid::text)
      FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "live_change_notifications"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists, skus)
    SELECT '{notifications}', array_agg(DISTINCT sku::text) FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "live_change_notification_orders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists, orders)
    SELECT '{notifications}', array_agg(DISTINCT orderid::text) FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "live_change_dead_letters"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists) SELECT '{deadLetters}' FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION "live_change_audit_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO live_changes (lists) SELECT '{activity}' FROM changed HAVING count(*) > 0;
  RETURN NULL;
END;
$$;

-- The same triggers (names, events, transition tables) on the new functions.
DROP TRIGGER "batch_stock_view_live_insert" ON "batch_stock_view";
DROP TRIGGER "batch_stock_view_live_update" ON "batch_stock_view";
DROP TRIGGER "batch_stock_view_live_delete" ON "batch_stock_view";
CREATE TRIGGER "batch_stock_view_live_insert" AFTER INSERT ON "batch_stock_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_batch_stock_view();
CREATE TRIGGER "batch_stock_view_live_update" AFTER UPDATE ON "batch_stock_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_batch_stock_view();
CREATE TRIGGER "batch_stock_view_live_delete" AFTER DELETE ON "batch_stock_view"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_batch_stock_view();

DROP TRIGGER "allocations_view_live_insert" ON "allocations_view";
DROP TRIGGER "allocations_view_live_update" ON "allocations_view";
DROP TRIGGER "allocations_view_live_delete" ON "allocations_view";
CREATE TRIGGER "allocations_view_live_insert" AFTER INSERT ON "allocations_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_allocations_view();
CREATE TRIGGER "allocations_view_live_update" AFTER UPDATE ON "allocations_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_allocations_view();
CREATE TRIGGER "allocations_view_live_delete" AFTER DELETE ON "allocations_view"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_allocations_view();

DROP TRIGGER "out_of_stock_alerts_live_insert" ON "out_of_stock_alerts";
DROP TRIGGER "out_of_stock_alerts_live_delete" ON "out_of_stock_alerts";
CREATE TRIGGER "out_of_stock_alerts_live_insert" AFTER INSERT ON "out_of_stock_alerts"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_out_of_stock_alerts();
CREATE TRIGGER "out_of_stock_alerts_live_delete" AFTER DELETE ON "out_of_stock_alerts"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_out_of_stock_alerts();
-- An alert resolved (its line allocated after all) changes the alerts list too.
CREATE TRIGGER "out_of_stock_alerts_live_update" AFTER UPDATE ON "out_of_stock_alerts"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_out_of_stock_alerts();

DROP TRIGGER "notifications_live_insert" ON "notifications";
DROP TRIGGER "notifications_live_update" ON "notifications";
DROP TRIGGER "notification_orders_live_insert" ON "notification_orders";
CREATE TRIGGER "notifications_live_insert" AFTER INSERT ON "notifications"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_notifications();
CREATE TRIGGER "notifications_live_update" AFTER UPDATE ON "notifications"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_notifications();
CREATE TRIGGER "notification_orders_live_insert" AFTER INSERT ON "notification_orders"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_notification_orders();

DROP TRIGGER "dead_letters_live_insert" ON "dead_letters";
DROP TRIGGER "dead_letters_live_update" ON "dead_letters";
CREATE TRIGGER "dead_letters_live_insert" AFTER INSERT ON "dead_letters"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_dead_letters();
CREATE TRIGGER "dead_letters_live_update" AFTER UPDATE ON "dead_letters"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_dead_letters();

DROP TRIGGER "audit_record_live_insert" ON "audit_record";
CREATE TRIGGER "audit_record_live_insert" AFTER INSERT ON "audit_record"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_change_audit_record();

DROP FUNCTION "announce_live_change"();
