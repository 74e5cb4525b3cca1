import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type InstanceView } from '../api';
import MigrationDialog from './MigrationDialog.svelte';

afterEach(cleanup);

const instance: InstanceView = {
  id: 'i-1',
  processId: 'claim',
  processVersion: 1,
  businessKey: 'C-7',
  reference: '7KQM-4XPT-R9HD',
  status: 'active',
  tokens: [
    { id: 't1', nodeId: 'review', waitingFor: 'task' },
    { id: 't2', nodeId: 'wait-docs', waitingFor: 'message' },
  ],
  outcome: null,
  variables: {},
  parentId: null,
  revision: 1,
  startedBy: 'dana',
  startedAt: '2026-11-20T01:30:00.000Z',
  endedAt: null,
};

function engine() {
  const posts: unknown[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    if (url === '/api/definitions/process/claim/versions/2')
      return Response.json({
        body: {
          nodes: [
            { id: 'review', type: 'userTask' },
            { id: 'await-documents', type: 'messageCatch' },
          ],
        },
      });
    if (url === '/api/instances/i-1/migrate') {
      const body = JSON.parse(String(init?.body)) as { dryRun: boolean; mapping: object };
      posts.push(body);
      const moves = [
        { tokenId: 't1', from: 'review', to: 'review', wait: 'task' },
        { tokenId: 't2', from: 'wait-docs', to: 'await-documents', wait: 'message' },
      ];
      if (!Object.keys(body.mapping).length)
        return Response.json({
          moves: moves.slice(0, 1),
          problems: [
            {
              code: 'CW_ERR_MIGRATION_REFUSED',
              tokenId: 't2',
              nodeId: 'wait-docs',
              pointer: '/tokens/1/nodeId',
              message: 'wait-docs does not exist in version 2',
            },
          ],
          applied: false,
        });
      return Response.json({ moves, problems: [], applied: !body.dryRun });
    }
    return Response.json({ message: 'not found' }, { status: 404 });
  }) as typeof globalThis.fetch;
  return { posts, api: async () => createApi({ fetch, lang: 'en' }) };
}

describe('MigrationDialog', () => {
  it('maps nodes by id by default, shows the dry run’s problems, then migrates once they are fixed', async () => {
    const { posts, api } = engine();
    render(MigrationDialog, { instance, versions: [1, 2], api });
    const review = (await screen.findByLabelText('review 的目標節點')) as HTMLSelectElement;
    await screen.findAllByRole('option', { name: 'await-documents (messageCatch)' });
    expect(review.value).toBe('review');
    const docs = screen.getByLabelText('wait-docs 的目標節點') as HTMLSelectElement;
    expect(docs.value).toBe('');
    const migrate = screen.getByRole('button', { name: '執行移轉' }) as HTMLButtonElement;
    expect(migrate.disabled).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: '試算' }));
    let report = await screen.findByTestId('migration-report');
    expect(within(report).getByText(/wait-docs does not exist/)).toBeTruthy();
    expect(migrate.disabled).toBe(true);

    await fireEvent.change(docs, { target: { value: 'await-documents' } });
    await fireEvent.click(screen.getByRole('button', { name: '試算' }));
    report = await screen.findByTestId('migration-report');
    await within(report).findByText('沒有問題，可以移轉。');
    expect(report.textContent).toContain('wait-docs → await-documents');
    expect(migrate.disabled).toBe(false);

    await fireEvent.click(migrate);
    expect((await screen.findByRole('status')).textContent).toBe('已移轉到 v2。');
    expect(posts).toEqual([
      { targetVersion: 2, mapping: {}, dryRun: true },
      { targetVersion: 2, mapping: { 'wait-docs': 'await-documents' }, dryRun: true },
      { targetVersion: 2, mapping: { 'wait-docs': 'await-documents' }, dryRun: false },
    ]);
  });

  it('refuses to migrate an instance that is not active', () => {
    const { api } = engine();
    render(MigrationDialog, {
      instance: { ...instance, status: 'completed' },
      versions: [1, 2],
      api,
    });
    expect(screen.getByRole('alert').textContent).toBe('只有進行中的案件可以移轉。');
    expect(screen.queryByRole('button', { name: '試算' })).toBeNull();
  });
});
