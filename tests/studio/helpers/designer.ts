/**
 * The process editor's browser tests share one set-up: a real engine on the schema files alone
 * (no shipped definitions), the built studio and Chromium, one designer ('lin', 林設計), and a
 * page signed in as that designer on a process's editor in a language and size.
 *
 * ```ts
 * const designer = designerStage();
 * const { page } = await designer.openEditor('en', DESKTOP, 'per-insured');
 * ```
 */
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
  /** a new context signed in as the designer, on `processId`'s editor, hydrated */
  openEditor(
    lang: 'en' | 'zh-Hant' | 'zh-Hans',
    viewport: { width: number; height: number },
    processId: string,
  ): Promise<SignedIn>;
}

/** Registers the file's beforeAll/afterAll: the stage and its designer. */
export function designerStage(): DesignerStage {
  let stage: Stage | undefined;
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
  return {
    get t() {
      return opened().t;
    },
    async openEditor(lang, viewport, processId) {
      const signed = await signedIn(opened(), {
        ...DESIGNER,
        lang,
        viewport,
        next: `/definitions/process/${processId}/edit`,
      });
      await hydrated(signed.page);
      return signed;
    },
  };
}
