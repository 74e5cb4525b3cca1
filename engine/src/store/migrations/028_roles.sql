-- Roles as data (issue 21, item 5): what each role may do, edited by administrators, where the
-- six roles were fixed in code. `permissions` names duties (route rules: design, oversee, …) and
-- reach (workEveryTask, seeEveryCase, superviseGroups); engine/src/access/policy.ts describes
-- each. Seeded with exactly what the six roles allowed before, so nothing changes for anyone.
-- A user's permissions are read with them at authentication (the union over their roles).
CREATE TABLE roles (
  id          text        PRIMARY KEY,
  name        jsonb       NOT NULL,
  permissions text[]      NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO roles (id, name, permissions) VALUES
  ('admin', '{"zh-Hant": "管理員", "en": "Administrator"}',
   '{design,oversee,listCases,startCases,sendMessages,administer,skipSteps,workEveryTask,seeEveryCase}'),
  ('designer', '{"zh-Hant": "流程設計者", "en": "Designer"}', '{design,listCases,seeEveryCase}'),
  ('supervisor', '{"zh-Hant": "督導", "en": "Supervisor"}',
   '{oversee,listCases,startCases,superviseGroups}'),
  ('staff', '{"zh-Hant": "承辦人員", "en": "Staff"}', '{startCases}'),
  ('integration', '{"zh-Hant": "系統整合", "en": "Integration"}', '{startCases,sendMessages}'),
  ('personal-data', '{"zh-Hant": "個資檢視", "en": "Personal data"}', '{readPersonalData}');
