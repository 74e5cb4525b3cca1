-- Drafts of definitions being edited in the studio, autosaved; publishing one writes the next
-- version's file into the definitions folder and deletes the draft.
CREATE TABLE definition_drafts (
  kind         text        NOT NULL,
  id           text        NOT NULL,
  body         jsonb       NOT NULL,
  base_version integer,                 -- the published version it started from (null: new)
  updated_at   timestamptz NOT NULL,
  updated_by   text        NOT NULL,
  PRIMARY KEY (kind, id)
);
