-- The stock history rolled up by hour (UTC) and kind: how many events and units, so the dashboard's
-- counts read O(hours) rows instead of O(events). Writers never touch these tables (a counter bumped
-- by every insert would queue all writers on one row): the dashboard's queries catch the roll-up up
-- first (SqlStockHistoryViews), and add the raw rows it has not counted yet, so answers stay exact.
--
-- Progress is kept by row id, not by time: `at` comes from the app's clock and rows commit out of id
-- order. Every row with id <= rolled_through is counted, except the ids in stock_history_unseen:
-- ids the roll-up passed while they were not visible (a transaction still in flight, or rolled back).
-- Each catch-up counts those that have appeared since, and forgets the others once no transaction
-- that could have drawn them can still be running.

-- CreateTable
CREATE TABLE "stock_history_hourly" (
    "kind" VARCHAR(32) NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,
    "units" BIGINT NOT NULL,

    -- Covering: a year of one kind is read from the index alone (8,760 entries).
    CONSTRAINT "stock_history_hourly_pkey" PRIMARY KEY ("kind", "hour") INCLUDE ("events", "units")
);

-- CreateTable
CREATE TABLE "stock_history_rollup" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "rolled_through" BIGINT NOT NULL,

    CONSTRAINT "stock_history_rollup_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "stock_history_rollup_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "stock_history_unseen" (
    "id" BIGINT NOT NULL,
    "noted_at" TIMESTAMPTZ(3) NOT NULL,
    -- pg_snapshot_xmax when noted: once every transaction before it has ended, the id cannot appear.
    "xid_horizon" BIGINT NOT NULL,

    CONSTRAINT "stock_history_unseen_pkey" PRIMARY KEY ("id")
);

-- Seed: nothing counted yet; the first catch-ups count the existing rows.
INSERT INTO "stock_history_rollup" ("id", "rolled_through") VALUES (1, 0);
