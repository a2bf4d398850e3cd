-- Live views: every statement that changes what a view shows announces it, in its own transaction
-- (a rolled-back change announces nothing). A statement-level trigger per read table collects the
-- ids it touched (skus, orders, batches, and which list), appends one row to `live_changes` and
-- sends the same row, ids only, with pg_notify on the `live_changes` channel. Web processes on
-- PostgreSQL hear it over LISTEN; on the embedded PGlite (one shared session, NOTIFY does not reach
-- the other connections) they read the table by id instead. See docs/adr/0007-live-views.md.

-- CreateTable
CREATE TABLE "live_changes" (
    "id" BIGSERIAL NOT NULL,
    "lists" TEXT[] NOT NULL,
    "skus" TEXT[],
    "orders" TEXT[],
    "batches" TEXT[],

    CONSTRAINT "live_changes_pkey" PRIMARY KEY ("id")
);

-- TG_ARGV: the list the table feeds ('' for none), then the columns holding a sku, an order id and
-- a batch reference ('' for none). `changed` is the statement's transition table.
CREATE FUNCTION "announce_live_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  any_rows boolean;
  change live_changes%ROWTYPE;
  payload text;
BEGIN
  EXECUTE 'SELECT EXISTS (SELECT 1 FROM changed)' INTO any_rows;
  IF NOT any_rows THEN
    RETURN NULL;
  END IF;
  IF TG_ARGV[1] <> '' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I::text) FROM changed', TG_ARGV[1]) INTO change.skus;
  END IF;
  IF TG_ARGV[2] <> '' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I::text) FROM changed', TG_ARGV[2]) INTO change.orders;
  END IF;
  IF TG_ARGV[3] <> '' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I::text) FROM changed WHERE %I IS NOT NULL', TG_ARGV[3], TG_ARGV[3])
      INTO change.batches;
  END IF;
  INSERT INTO live_changes (lists, skus, orders, batches)
    VALUES (CASE WHEN TG_ARGV[0] = '' THEN '{}'::text[] ELSE ARRAY[TG_ARGV[0]] END,
            change.skus, change.orders, change.batches)
    RETURNING * INTO change;
  payload := json_build_object('id', change.id, 'lists', change.lists, 'skus', change.skus,
                               'orders', change.orders, 'batches', change.batches)::text;
  -- NOTIFY takes at most 8000 bytes: a larger change says only its id, and listeners read the row.
  IF octet_length(payload) > 7900 THEN
    payload := json_build_object('id', change.id)::text;
  END IF;
  PERFORM pg_notify('live_changes', payload);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "batch_stock_view_live_insert" AFTER INSERT ON "batch_stock_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('batches', 'sku', '', 'reference');
CREATE TRIGGER "batch_stock_view_live_update" AFTER UPDATE ON "batch_stock_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('batches', 'sku', '', 'reference');
CREATE TRIGGER "batch_stock_view_live_delete" AFTER DELETE ON "batch_stock_view"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('batches', 'sku', '', 'reference');

CREATE TRIGGER "allocations_view_live_insert" AFTER INSERT ON "allocations_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('', 'sku', 'orderid', 'batchref');
CREATE TRIGGER "allocations_view_live_update" AFTER UPDATE ON "allocations_view"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('', 'sku', 'orderid', 'batchref');
CREATE TRIGGER "allocations_view_live_delete" AFTER DELETE ON "allocations_view"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('', 'sku', 'orderid', 'batchref');

CREATE TRIGGER "out_of_stock_alerts_live_insert" AFTER INSERT ON "out_of_stock_alerts"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('alerts', 'sku', 'orderid', '');
CREATE TRIGGER "out_of_stock_alerts_live_delete" AFTER DELETE ON "out_of_stock_alerts"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('alerts', 'sku', 'orderid', '');

CREATE TRIGGER "notifications_live_insert" AFTER INSERT ON "notifications"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('notifications', 'sku', '', '');
CREATE TRIGGER "notifications_live_update" AFTER UPDATE ON "notifications"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('notifications', 'sku', '', '');
CREATE TRIGGER "notification_orders_live_insert" AFTER INSERT ON "notification_orders"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('notifications', '', 'orderid', '');

CREATE TRIGGER "dead_letters_live_insert" AFTER INSERT ON "dead_letters"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('deadLetters', '', '', '');
CREATE TRIGGER "dead_letters_live_update" AFTER UPDATE ON "dead_letters"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('deadLetters', '', '', '');

CREATE TRIGGER "audit_record_live_insert" AFTER INSERT ON "audit_record"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION announce_live_change('activity', '', '', '');
