-- Each publish from the studio (or the API) records why: the change note the designer wrote,
-- who published and when. A version loaded from a file added by hand has no row.
CREATE TABLE definition_publications (
  kind         text        NOT NULL,
  id           text        NOT NULL,
  version      integer     NOT NULL,
  note         text        NOT NULL CHECK (btrim(note) <> ''),
  published_by text        NOT NULL,
  published_at timestamptz NOT NULL,
  PRIMARY KEY (kind, id, version)
);
