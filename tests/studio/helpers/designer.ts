/**
 * The process editor's browser tests share one set-up: a real engine on the schema files alone
 * (no shipped definitions), the built studio and Chromium, one designer ('lin', 林設計), and the
 * editor the tests work in: signed in as that designer on a process's editor in a language and
 * size, one at a time.
 *
 * ```ts
 * const designer = designerStage('per-insured');
 * const { signInAt, node } = designer;
 * await signInAt('en', DESKTOP);
 * await node('task-1').click();
 * await designer.page.getByLabel('One after another (sequential)').check();
 * await designer.close();
 * ```
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { writeDefinitions, type TestEngine } from '../../helpers/engine.ts';
import {
  addUser,
  closeStage,
  openStage,
  schemaFiles,
  signedIn,
  type SignedIn,
  type Stage,
} from './stage.ts';
import { hydrated } from './studio.ts';

const DESIGNER = { user: 'lin', password: 'correct horse battery staple' };

export interface DesignerStage {
  /** the engine (set in beforeAll) */
  readonly t: TestEngine;
  /** the editor's page, once `signInAt` opened it */
  readonly page: Page;
  /**
   * Signs in as the designer in a new browser context, on `processId`'s editor (the stage's
   * process when not given), hydrated: the page the tests then work in.
   */
  signInAt(
    lang: 'en' | 'zh-Hant' | 'zh-Hans',
    viewport: { width: number; height: number },
    processId?: string,
  ): Promise<void>;
  /** a node of the editor's canvas, by id */
  node(id: string): Locator;
  /** closes the editor's browser context */
  close(): Promise<void>;
}

/**
 * Registers the file's beforeAll/afterAll: the stage and its designer. `processId` is the
 * process `signInAt` opens when not told another.
 */
export function designerStage(processId?: string): DesignerStage {
  let stage: Stage | undefined;
  let editor: SignedIn | undefined;
  beforeAll(async () => {
    const definitionsDir = await writeDefinitions({ ...(await schemaFiles()) });
    stage = await openStage({ definitions: definitionsDir });
    await addUser(stage.t, {
      id: DESIGNER.user,
      displayName: '林設計',
      roles: ['designer'],
      password: DESIGNER.password,
    });
  }, 600_000);
  afterAll(() => closeStage(stage));

  const opened = (): Stage => {
    if (!stage) throw new Error('the designer stage is used before its beforeAll ran');
    return stage;
  };
  const page = (): Page => {
    if (!editor) throw new Error('no editor open: call signInAt first');
    return editor.page;
  };
  return {
    get t() {
      return opened().t;
    },
    get page() {
      return page();
    },
    signInAt: async (lang, viewport, id = processId) => {
      if (!id) throw new Error('signInAt needs a process id (none given to designerStage)');
      editor = await signedIn(opened(), {
        ...DESIGNER,
        lang,
        viewport,
        next: `/definitions/process/${id}/edit`,
      });
      await hydrated(editor.page);
    },
    node: (id) => page().locator(`.svelte-flow__node[data-id="${id}"]`),
    close: async () => {
      await editor?.context.close();
    },
  };
}
