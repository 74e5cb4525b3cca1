-- Play mode (docs/studio.md): a designer's sandbox run of a draft. One row per play holding the
-- whole sandbox as JSON (its instances, tasks, timers, SLA clocks and history live only in
-- `state`, never in the case tables), so any engine process can continue a play and an engine
-- restart loses none. Plays belong to the designer who started them and are deleted after a day
-- without use (engine/src/store/plays.ts).
CREATE TABLE plays (
  id text PRIMARY KEY,
  owner text NOT NULL,
  process_id text NOT NULL,
  state jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX plays_owner ON plays (owner, updated_at DESC);
