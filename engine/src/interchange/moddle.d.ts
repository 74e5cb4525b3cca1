/**
 * The part of bpmn-moddle's API the interchange uses (its package exports no types for its main
 * entry). Elements are read loosely: `model.ts` narrows what it reads.
 */
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    $parent?: ModdleElement;
    id?: string;
    [property: string]: unknown;
    get(name: string): unknown;
    set(name: string, value: unknown): void;
  }
  export interface Definitions extends ModdleElement {
    rootElements?: ModdleElement[];
    diagrams?: ModdleElement[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string): Promise<{
      rootElement: ModdleElement;
      warnings: unknown[];
      elementsById: Record<string, ModdleElement>;
    }>;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  }
}

/** The part of dmn-moddle's API the DMN import uses (it ships no types). */
declare module 'dmn-moddle' {
  export interface DmnElement {
    $type: string;
    id?: string;
    name?: string;
    label?: string;
    text?: string;
    typeRef?: string;
    [property: string]: unknown;
  }
  export interface DmnDefinitions extends DmnElement {
    drgElement?: DmnElement[];
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, root?: string): Promise<{ rootElement: DmnElement; warnings: unknown[] }>;
  }
}
