/**
 * Satisfaction scores for the dashboards, from the shipped `survey-response` process run
 * through the HTTP API: surveys sent (cases started), answered, declined, the response rate,
 * the average overall rating and how many gave each score, per week (business time zone) and
 * per kind of survey; as JSON or CSV; never by personal data.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../engine/src/identity/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { DAY, complete, startInstance } from '../helpers/scenario.ts';

const DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
const T0 = '2026-10-05T02:00:00Z'; // Monday 10:00 in Shanghai
const WEEK1 = '2026-10-04T16:00:00.000Z'; // Monday 00:00 in Shanghai
const WEEK2 = '2026-10-11T16:00:00.000Z';

let t: TestEngine;
let seq = 0;
/** A supervisor of the customer-care group, whose work the surveys are. */
const LEAD = 'care-lead-token';
const lead = { headers: { authorization: `Bearer ${LEAD}` } };

/** Sends a survey to a customer: a survey-response case of the given kind. */
async function send(kind: 'claim' | 'campaign'): Promise<string> {
  const i = await startInstance(
    t,
    'survey-response',
    {
      surveyKind: kind,
      customerName: '張偉',
      mobile: '13800138000',
      policyNumber: `PL-4000${++seq}`,
      ...(kind === 'claim'
        ? { claimNumber: `CLM-2026-000${seq}`, claimClosedDate: '2026-10-01' }
        : { campaignCode: 'SSC-2026-4' }),
    },
    { as: 'care' },
  );
  return i.id;
}

/** Records the customer's answers (or that they declined) on the case's answers task. */
async function answer(instanceId: string, data: Record<string, unknown>) {
  const task = await t.until(
    async () =>
      (
        await t.sql(
          `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = 'record-answers' AND status = 'open'`,
          [instanceId],
        )
      )[0] as { id: string } | undefined,
    `the answers task of ${instanceId}`,
  );
  await complete(t, task.id, data, 'care');
}
const rated = (overall: number, claims = true) => ({
  answered: true,
  productRating: 4,
  serviceRating: 3,
  ...(claims ? { claimsRating: 4 } : {}),
  overallRating: overall,
});

const query = (extra = '') =>
  `/api/analytics/scores?processId=survey-response&score=overallRating&answered=answered&by=surveyKind&period=week&timeZone=Asia/Shanghai${extra}`;

beforeAll(async () => {
  t = await startTestEngine({ definitions: DEFINITIONS, start: T0 });
  await ensureUser(
    t.engine.db,
    { id: 'cleo', roles: ['supervisor'], groups: ['customer-care'] },
    LEAD,
  );
  // week 1: three claim surveys (rated 5, rated 2, declined) and a campaign one rated 4
  await answer(await send('claim'), rated(5));
  await answer(await send('claim'), rated(2));
  await answer(await send('claim'), { answered: false, declineReason: '沒有時間' });
  await answer(await send('campaign'), rated(4, false));
  // week 2: two claim surveys, one rated 4, one not answered yet
  t.clock.advance(7 * DAY);
  await answer(await send('claim'), rated(4));
  await send('claim');
});
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

describe('Given survey responses worked through the API over two weeks', () => {
  it('when a supervisor asks for overall scores per week and kind, then she gets rates, averages and distributions', async () => {
    const res = await t.api('GET', query(), undefined, lead);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const none = { s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 };
    expect(res.body.items).toEqual([
      {
        period: WEEK1,
        surveyKind: 'campaign',
        sent: 1,
        answered: 1,
        responseRate: 100,
        declined: 0,
        responses: 1,
        average: 4,
        ...none,
        s4: 1,
      },
      {
        period: WEEK1,
        surveyKind: 'claim',
        sent: 3,
        answered: 2,
        responseRate: 66.7,
        declined: 1,
        responses: 2,
        average: 3.5,
        ...none,
        s2: 1,
        s5: 1,
      },
      {
        period: WEEK2,
        surveyKind: 'claim',
        sent: 2,
        answered: 1,
        responseRate: 50,
        declined: 0,
        responses: 1,
        average: 4,
        ...none,
        s4: 1,
      },
    ]);
  });

  it('when a supervisor of another group asks, then none of these surveys is hers to count', async () => {
    const res = await t.api('GET', query(), undefined, { as: 'supervisor' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('when the range leaves out the first week, then only the second week is counted', async () => {
    const res = await t.api('GET', query(`&from=${encodeURIComponent(WEEK2)}`), undefined, lead);
    expect(res.body.items.map((r: { period: string; sent: number }) => [r.period, r.sent])).toEqual(
      [[WEEK2, 2]],
    );
  });

  it('when asked for CSV, then each row is a line under a header', async () => {
    const res = await fetch(`${t.url}${query('&format=csv')}`, lead);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\n')).toEqual([
      'period,surveyKind,sent,answered,responseRate,declined,responses,average,s1,s2,s3,s4,s5',
      `${WEEK1},campaign,1,1,100,0,1,4,0,0,0,1,0`,
      `${WEEK1},claim,3,2,66.7,1,2,3.5,0,1,0,0,1`,
      `${WEEK2},claim,2,1,50,0,1,4,0,0,0,1,0`,
      '',
    ]);
  });

  it('when the score or the dimension is personal data, or the caller is staff, then it is refused', async () => {
    const personal = await t.api(
      'GET',
      '/api/analytics/scores?processId=survey-response&score=overallRating&by=mobile',
      undefined,
      { as: 'supervisor', lang: 'en' },
    );
    expect(personal.status).toBe(400);
    expect(personal.body.code).toBe('CW_ERR_VALIDATION');
    expect(personal.body.details).toEqual([
      expect.objectContaining({ pointer: '/by', message: 'mobile is personal data' }),
    ]);
    const zone = await t.api('GET', query().replace('Asia/Shanghai', 'Mars/Base'));
    expect(zone.status).toBe(400);
    expect(zone.body.details[0].pointer).toBe('/timeZone');
    const staff = await t.api('GET', query(), undefined, { as: 'care' });
    expect(staff.status).toBe(403);
  });
});
