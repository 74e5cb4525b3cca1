/**
 * Caseway's moddle package: `<caseway:properties>` in an element's extensionElements holds, as
 * JSON, the properties of its Caseway node that BPMN has no place for (names in both languages,
 * outcomes, retry policies, prefill, task context…), so an exported process comes back whole.
 * Other tools keep it as an unknown extension element.
 */
export const casewayModdle = {
  name: 'Caseway',
  uri: 'https://caseway.dev/schema/bpmn',
  prefix: 'caseway',
  xml: { tagAlias: 'lowerCase' },
  types: [
    {
      name: 'Properties',
      superClass: ['Element'],
      properties: [{ name: 'json', isBody: true, type: 'String' }],
    },
  ],
};
