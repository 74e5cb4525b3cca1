/**
 * Customers' personal data: fields a form marks sensitive are masked in every API response,
 * revealed only to the personal-data role with the read recorded in the case's history,
 * sealed with AES-256-GCM in every PostgreSQL row, readable again after a key rotation, and
 * erased when the process's retention period has passed since the case closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openValue, parseDataKeys, newDataKey } from '../../engine/src/index.ts';
import {
  TEST_DATA_KEYS,
  dropTestData,
  startTestEngine,
  type TestEngine,
} from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import {
  DAY,
  complete,
  history,
  startInstance,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a customer form with an ID number, a phone number and a bank account marked sensitive
const customer = {
  id: 'customer',
  version: 1,
  title: label('Customer', '客戶'),
  fields: [
    { key: 'name', type: 'text', required: true, label: label('Name', '姓名') },
    { key: 'idNumber', type: 'text', sensitive: true, label: label('ID number', '身分證號碼') },
    { key: 'phone', type: 'text', sensitive: true, label: label('Phone', '電話') },
    {
      key: 'payee',
      type: 'group',
      label: label('Payee', '受款人'),
      fields: [
        {
          key: 'bankAccount',
          type: 'text',
          sensitive: true,
          label: label('Bank account', '銀行帳號'),
        },
      ],
    },
  ],
};
// And a claim whose data is kept 30 days after it closes
const claim = process(
  'claim',
  [start(), userTask('register', 'customer'), userTask('decide', 'ack'), end('done', 'closed')],
  [
    ['start', 'register'],
    ['register', 'decide'],
    ['decide', 'done'],
  ],
  { retention: 'P30D' },
);
const RAW = {
  name: 'Chen Da-wen',
  idNumber: 'A123456789',
  phone: '0912345678',
  payee: { bankAccount: '812-0001-7788990' },
};
const MASKED = {
  name: 'Chen Da-wen',
  idNumber: 'A********9',
  phone: '0********8',
  payee: { bankAccount: '8**************0' },
};
const definitions = { ...files(claim), 'forms/customer/v1.json': customer };

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions, start: '2026-03-02T09:00:00Z' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A claim whose customer data was registered by an adjuster. */
async function registered() {
  const i = await startInstance(t, 'claim', {}, { as: 'adjuster' });
  const [task] = await tasksOf(t, i.id);
  const done = await complete(t, task!.id, RAW, 'adjuster');
  return { id: i.id, taskId: task!.id, done };
}

describe('masking', () => {
  it('masks sensitive values in every response: completion, instance, task, history', async () => {
    const { id, taskId, done } = await registered();
    expect(done.variables).toEqual(MASKED);

    const inst = await t.api('GET', `/api/instances/${id}`, undefined, { as: 'adjuster' });
    expect(inst.body.variables).toEqual(MASKED);

    const task = await t.api('GET', `/api/tasks/${taskId}`, undefined, { as: 'adjuster' });
    expect(task.body.data).toEqual(MASKED);
    expect(task.body.instance.variables).toEqual(MASKED);

    const completed = (await history(t, id)).find((h) => h.type === 'task.completed');
    expect(completed?.data?.form).toEqual(MASKED);

    // administrators and supervisors lack the right as much as staff do
    const asAdmin = await t.api('GET', `/api/instances/${id}`);
    expect(asAdmin.body.variables.idNumber).toBe('A********9');
  });

  it('masks a draft and the prefill of the next task too', async () => {
    const { id } = await registered();
    const [decide] = await tasksOf(t, id);
    const put = await t.api(
      'PUT',
      `/api/tasks/${decide!.id}/draft`,
      { data: { phone: '0987654321' } },
      { as: 'adjuster' },
    );
    expect(put.status).toBe(204);
    const task = await t.api('GET', `/api/tasks/${decide!.id}`, undefined, { as: 'adjuster' });
    expect(task.body.draft).toEqual({ phone: '0********1' });
  });
});

describe('revealing', () => {
  it('refuses to reveal to a user without the personal-data role, and records nothing', async () => {
    const { id, taskId } = await registered();
    const before = (await history(t, id)).length;
    for (const path of [
      `/api/instances/${id}`,
      `/api/tasks/${taskId}`,
      `/api/instances/${id}/history`,
    ]) {
      const res = await t.api('GET', `${path}?reveal=true`, undefined, { as: 'adjuster' });
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('CW_ERR_REVEAL_FORBIDDEN');
    }
    expect((await history(t, id)).length).toBe(before);
  });

  it('reveals to the personal-data role and records who read which fields of which case', async () => {
    const { id, taskId } = await registered();
    t.clock.advance(3600_000);
    const readAt = t.clock.now();

    const task = await t.api('GET', `/api/tasks/${taskId}?reveal=true`, undefined, {
      as: 'officer',
    });
    expect(task.status).toBe(200);
    expect(task.body.data).toEqual(RAW);
    const inst = await t.api('GET', `/api/instances/${id}?reveal=true`, undefined, {
      as: 'officer',
    });
    expect(inst.body.variables).toEqual(RAW);

    const reads = (await history(t, id)).filter((h) => h.type === 'personalData.read');
    expect(reads).toEqual([
      expect.objectContaining({
        actor: 'olga',
        data: { fields: ['bankAccount', 'idNumber', 'phone'], route: 'GET /api/tasks/:id' },
      }),
      expect.objectContaining({
        actor: 'olga',
        data: { fields: ['bankAccount', 'idNumber', 'phone'], route: 'GET /api/instances/:id' },
      }),
    ]);
    expect(Date.parse(reads[0]!.at)).toBeGreaterThanOrEqual(readAt);
    // without asking, the same user gets masked data and no entry is written
    const plain = await t.api('GET', `/api/instances/${id}`, undefined, { as: 'officer' });
    expect(plain.body.variables).toEqual(MASKED);
    expect((await history(t, id)).filter((h) => h.type === 'personalData.read')).toHaveLength(2);
  });
});

describe('encryption at rest', () => {
  it('stores no sensitive value in clear in any row, and each envelope opens to the value', async () => {
    const { id, taskId } = await registered();
    const rows = [
      ...(await t.sql(`SELECT state::text AS j FROM instances WHERE id = $1`, [id])),
      ...(await t.sql(`SELECT data::text AS j FROM tasks WHERE id = $1`, [taskId])),
      ...(await t.sql(
        `SELECT data::text AS j FROM history WHERE instance_id = $1 AND data IS NOT NULL`,
        [id],
      )),
    ].map((r) => r.j as string);
    const all = rows.join('\n');
    for (const raw of [RAW.idNumber, RAW.phone, RAW.payee.bankAccount])
      expect(all).not.toContain(raw);
    expect(all).toContain(RAW.name); // not sensitive: stored as it is

    const state = JSON.parse(rows[0]!);
    expect(state.variables.idNumber).toMatch(/^enc:v1:t1:/);
    const ring = parseDataKeys(TEST_DATA_KEYS);
    expect(openValue(ring, state.variables.idNumber)).toBe(RAW.idNumber);
    expect(openValue(ring, state.variables.payee.bankAccount)).toBe(RAW.payee.bankAccount);
    // a random IV per value: the same value seals differently each time
    const task = JSON.parse(rows[1]!);
    expect(task.idNumber).not.toBe(state.variables.idNumber);
  });

  it('reads data sealed with an older key after a rotation and seals new data with the new key', async () => {
    const { id } = await registered();
    const rotated = await startTestEngine({
      definitions,
      schema: t.schema,
      prefix: `${t.prefix}r`,
      worker: false,
      config: { dataKeys: `${newDataKey('t2')},${TEST_DATA_KEYS}` },
    });
    try {
      const old = await rotated.api('GET', `/api/instances/${id}?reveal=true`, undefined, {
        as: 'officer',
      });
      expect(old.body.variables).toEqual(RAW);
      const i = await rotated.api(
        'POST',
        '/api/instances',
        { processId: 'claim', variables: { idNumber: 'B987654321' } },
        { as: 'adjuster' },
      );
      const raw = await rotated.sql(`SELECT state::text AS j FROM instances WHERE id = $1`, [
        i.body.id,
      ]);
      expect(JSON.parse(raw[0].j).variables.idNumber).toMatch(/^enc:v1:t2:/);
    } finally {
      await rotated.close();
    }
  });
});

describe('retention', () => {
  it('erases the personal data of a case closed longer than its retention, keeping the case', async () => {
    const { id } = await registered();
    const [decide] = await tasksOf(t, id);
    await complete(t, decide!.id, { ok: true }, 'adjuster');
    await untilStatus(t, id, 'completed');
    const open = await registered(); // still running: never erased
    // And a document the customer uploaded for each (a scanned bill: personal data too)
    for (const instance of [id, open.id]) {
      await t.sql(
        `INSERT INTO attachments (id, instance_id, name, content_type, size, sha256, key_id, data, uploaded_by, created_at)
         VALUES ($1, $2, 'bill.pdf', 'application/pdf', 3, 'x', 'k', '\\x010203', 'public', now())`,
        [`doc-${instance}`, instance],
      );
    }

    // 29 days after closing nothing changes
    t.clock.advance(29 * DAY);
    await t.engine.queue.reconcile(false);
    const kept = await t.api('GET', `/api/instances/${id}?reveal=true`, undefined, {
      as: 'officer',
    });
    expect(kept.body.variables).toEqual({ ...RAW, ok: true });

    // When the 30 days have passed
    t.clock.advance(2 * DAY);
    await t.until(
      async () =>
        (
          await t.sql(
            `SELECT 1 FROM instances WHERE id = $1 AND personal_data_erased_at IS NOT NULL`,
            [id],
          )
        )[0],
      'retention sweep',
    );

    // Then no sealed value is left in any of its rows, and the case and its history stay
    const left = await t.sql(
      `SELECT count(*)::int AS n FROM (
         SELECT state::text AS j FROM instances WHERE id = $1
         UNION ALL SELECT data::text FROM tasks WHERE instance_id = $1
         UNION ALL SELECT prefill::text FROM tasks WHERE instance_id = $1
         UNION ALL SELECT data::text FROM history WHERE instance_id = $1) x
       WHERE j LIKE '%enc:v1:%'`,
      [id],
    );
    expect(left[0].n).toBe(0);
    const after = await t.api('GET', `/api/instances/${id}`, undefined, { as: 'adjuster' });
    expect(after.body).toMatchObject({
      status: 'completed',
      outcome: 'closed',
      variables: { name: RAW.name, idNumber: null, phone: null, payee: { bankAccount: null } },
    });
    const h = await history(t, id);
    expect(h.map((x) => x.type)).toContain('task.completed');
    expect(h.at(-1)).toMatchObject({
      type: 'personalData.erased',
      actor: 'system',
      data: { retention: 'P30D', documents: 1 },
    });
    // And its documents are gone, the running case's stay
    const docs = await t.sql(`SELECT instance_id FROM attachments WHERE instance_id IN ($1, $2)`, [
      id,
      open.id,
    ]);
    expect(docs.map((d) => d.instance_id)).toEqual([open.id]);
    const stillOpen = await t.sql(`SELECT personal_data_erased_at FROM instances WHERE id = $1`, [
      open.id,
    ]);
    expect(stillOpen[0].personal_data_erased_at).toBeNull();
  });
});
